using System.Net.Http.Headers;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Import;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>
/// Frameworks over HTTP, plans linking to their key result areas and activities naming one: through the real server on
/// Azurite, so refusals are the server's problem+json and "nothing stored" is checked in storage.
/// </summary>
public sealed class FrameworkLinkTests : IAsyncLifetime
{
    private const string Blueprint = "ascc-blueprint-2025";
    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "LAO");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<JObject> SomswdAsync() => await (await api.GetAsync($"api/plans/{Samples.Plan}", api.Keys["admin"])).JsonAsync(200);

    private async Task<string> FingerprintAsync(TableClient table)
    {
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>()) rows.Add($"{e.PartitionKey}/{e.RowKey}/{e.ETag}");
        return string.Join("\n", rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Any_signed_in_caller_lists_the_frameworks_and_reads_the_blueprint_with_its_sources()
    {
        var list = await (await api.GetAsync("api/frameworks", api.Keys["THA"])).JsonTokenAsync(200);
        var summary = list.Single(f => f.Value<string>("id") == Blueprint);
        Assert.Equal("ascc", summary.Value<string>("series"));
        Assert.Equal(2016, summary.Value<int>("firstYear"));
        Assert.Equal(2025, summary.Value<int>("lastYear"));
        Assert.Equal(12, summary.Value<int>("keyResultAreasListed"));
        Assert.Equal(18, summary.Value<int>("keyResultAreasDeclared"));
        Assert.Equal(1, summary.Value<int>("keyResultAreasUnconfirmed"));

        var blueprint = await (await api.GetAsync($"api/frameworks/{Blueprint}", api.Keys["VNM"])).JsonAsync(200);
        var b1 = blueprint["keyResultAreas"]!.Single(k => k.Value<string>("code") == "B.1");
        Assert.Equal("Reducing Barriers", b1.Value<string>("title"));
        Assert.True(b1.Value<bool>("confirmed"));
        Assert.Equal("B", b1.Value<string>("characteristic"));
        Assert.Contains("Persons with Disabilities", b1["strategicMeasures"]![0]!.Value<string>("text"));
        var d4 = blueprint["keyResultAreas"]!.Single(k => k.Value<string>("code") == "D.4");
        Assert.False(d4.Value<bool>("confirmed"));
        Assert.Contains(blueprint["sources"]!, s => s.Value<string>("url") == "https://asean.org/our-communities/asean-socio-cultural-community/monitoring/overview");

        var missing = await (await api.GetAsync("api/frameworks/ascc-blueprint-2015", api.Keys["THA"])).ProblemAsync(404, "not-found");
        Assert.Contains(Blueprint, missing.Value<string>("detail"));
        await (await api.GetAsync("api/frameworks", null)).ProblemAsync(401);
    }

    [Fact]
    public async Task Sample_plan_comes_with_its_links_and_the_plan_list_says_which_framework_it_serves()
    {
        var plan = await SomswdAsync();
        Assert.Equal(Blueprint, plan.Value<string>("framework"));
        var outcome = plan["outcomes"]!.Single(o => o.Value<string>("code") == "3.2.2");
        Assert.Equal(["B.1"], outcome["serves"]!.Values<string>());
        Assert.Equal("framework", outcome.Value<string>("mappingSource"));
        var plans = await (await api.GetAsync("api/plans", api.Keys["THA"])).JsonTokenAsync(200);
        Assert.Equal(Blueprint, plans.Single(p => p.Value<string>("id") == Samples.Plan).Value<string>("framework"));
    }

    [Fact]
    public async Task A_plan_naming_an_unknown_key_result_area_is_refused_at_that_array_element_and_nothing_is_stored()
    {
        var plans = api.Services.GetRequiredService<ReportingTables>().Plans;
        var before = await FingerprintAsync(plans);
        var plan = await SomswdAsync();
        plan.Remove("version");
        plan["outcomes"]![1]!["serves"] = new JArray("B.1", "B.7");
        plan["indicators"]![0]!["serves"] = new JArray("C");
        plan["indicators"]![0]!["mappingSource"] = "project";

        var problem = await (await api.PutAsync($"api/plans/{Samples.Plan}", api.Keys["admin"], plan)).ProblemAsync(400, "validation", "/outcomes/1/serves/1");
        var errors = problem["errors"]!.ToDictionary(e => e.Value<string>("pointer")!, e => e.Value<string>("message")!);
        Assert.StartsWith("no key result area 'B.7' in ASCC Blueprint 2025", errors["/outcomes/1/serves/1"]);
        Assert.Contains("'C' is a characteristic", errors["/indicators/0/serves/0"]);
        Assert.Equal(2, errors.Count);
        Assert.Equal(before, await FingerprintAsync(plans));

        plan["framework"] = "asean-blueprint-2025";
        await (await api.PutAsync($"api/plans/{Samples.Plan}", api.Keys["admin"], plan)).ProblemAsync(400, "validation", "/framework");
        Assert.Equal(before, await FingerprintAsync(plans));
    }

    [Fact]
    public async Task A_new_plan_version_may_change_its_links_even_after_submissions()
    {
        await (await api.PutAsync(Samples.SubmissionPath(2024, "LAO"), api.Keys["LAO"], Samples.Submission())).JsonAsync(201);
        var plan = await SomswdAsync();
        var version = plan.Value<int>("version");
        plan.Remove("version");
        plan["outcomes"]![0]!["serves"] = new JArray("B.3", "D.4");
        plan["outcomes"]![0]!["mappingNote"] = "Changed in a later version: the project now also maps children's protection to social protection.";

        var saved = await (await api.PutAsync($"api/plans/{Samples.Plan}", api.Keys["admin"], plan)).JsonAsync(200);
        Assert.Equal(version + 1, saved.Value<int>("version"));
        var current = await SomswdAsync();
        Assert.Equal(["B.3", "D.4"], current["outcomes"]![0]!["serves"]!.Values<string>());
        var old = await (await api.GetAsync($"api/plans/{Samples.Plan}?version={version}", api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(["B.3"], old["outcomes"]![0]!["serves"]!.Values<string>());
    }

    [Fact]
    public async Task An_activity_names_a_key_result_area_kept_through_save_and_read_and_an_unknown_one_is_refused_at_its_field()
    {
        var path = Samples.SubmissionPath(2023, "THA");
        var body = Samples.Submission();
        body["activities"]![0]!["kra"] = "A.1";
        var created = await (await api.PutAsync(path, api.Keys["THA"], body)).JsonAsync(201);
        Assert.Equal("A.1", created["activities"]![0]!.Value<string>("kra"));
        Assert.Null(created["activities"]![1]!["kra"]);
        var read = await (await api.GetAsync(path, api.Keys["secretariat"])).JsonAsync(200);
        Assert.Equal("A.1", read["activities"]![0]!.Value<string>("kra"));

        var submissions = api.Services.GetRequiredService<ReportingTables>().Submissions;
        var before = await FingerprintAsync(submissions);
        body["activities"]![1]!["kra"] = "D.3";
        var problem = await (await api.PutAsync(path, api.Keys["THA"], body, ifMatch: $"\"r{read.Value<int>("revision")}\""))
            .ProblemAsync(400, "validation", "/activities/1/kra");
        Assert.Contains("no key result area 'D.3'", problem["errors"]![0]!.Value<string>("message"));
        Assert.Equal(before, await FingerprintAsync(submissions));
    }

    [Fact]
    public async Task An_activity_of_a_plan_without_a_framework_cannot_name_a_key_result_area()
    {
        var plan = JObject.FromObject(new
        {
            id = "no-framework-plan",
            title = "A plan without a framework",
            sectoralBody = "SOMSWD",
            firstYear = 2021,
            lastYear = 2025,
            goals = new[] { new { code = "1", text = "A goal" } },
            outcomes = new[] { new { code = "1.1", text = "An outcome", goals = new[] { "1" } } },
            indicators = new[] { new { code = "X1", title = "Count", outcome = "1.1", kind = "count", stateAggregation = "sum", yearAggregation = "sum" } },
        });
        await (await api.PutAsync("api/plans/no-framework-plan", api.Keys["admin"], plan)).JsonAsync(201);
        var problem = await (await api.PutAsync("api/plans/no-framework-plan/years/2024/submissions/THA", api.Keys["THA"],
            new { values = new { }, activities = new[] { new { title = "Forum", outcome = "1.1", importance = 2, kra = "A.1" } } })).ProblemAsync(400, "validation", "/activities/0/kra");
        Assert.Contains("names no framework", problem["errors"]![0]!.Value<string>("message"));

        // Its template has no key result area column or sheet.
        var response = await api.GetAsync("api/plans/no-framework-plan/years/2024/template", api.Keys["THA"]);
        using var workbook = new TestWorkbook(await response.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(SpreadsheetLayout.KeyResultAreasSheet, workbook.SheetNames);
        Assert.Equal("", workbook.Text(SpreadsheetLayout.ActivitiesSheet, 1, 5));
    }

    [Fact]
    public async Task The_template_lists_the_key_result_areas_and_the_import_reads_the_activitys_area_back()
    {
        var response = await api.GetAsync($"api/plans/{Samples.Plan}/years/2022/template", api.Keys["VNM"]);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Read back by an independent reader (the package's XML), then filled in as a person would.
        var parts = new XlsxParts(bytes);
        var rows = parts.Table(SpreadsheetLayout.KeyResultAreasSheet).Take(12)
            .Select(r => (Code: r["Code"]?.ToString(), Title: r["Key result area"]?.ToString(), Confirmed: r["Confirmed from a source"]?.ToString())).ToList();
        Assert.Contains(("B.1", "Reducing Barriers", "yes"), rows);
        Assert.Contains(rows, r => r.Code == "D.4" && r.Confirmed == "no: working label");
        using var workbook = new TestWorkbook(bytes);
        Assert.Equal(SpreadsheetLayout.ActivityKraHeader, workbook.Text(SpreadsheetLayout.ActivitiesSheet, 1, 5));
        Assert.Equal("list", parts.Validation(SpreadsheetLayout.ActivitiesSheet, "E2")?.Type);

        workbook.Set(SpreadsheetLayout.ActivitiesSheet, 2, 1, "Regional workshop on disability-inclusive services")
            .Set(SpreadsheetLayout.ActivitiesSheet, 2, 3, "3.2.2").Set(SpreadsheetLayout.ActivitiesSheet, 2, 4, 3).Set(SpreadsheetLayout.ActivitiesSheet, 2, 5, "B.1")
            .Set(SpreadsheetLayout.ActivitiesSheet, 3, 1, "Social pension study")
            .Set(SpreadsheetLayout.ActivitiesSheet, 3, 3, "3.2.3").Set(SpreadsheetLayout.ActivitiesSheet, 3, 4, 2).Set(SpreadsheetLayout.ActivitiesSheet, 3, 5, "E.7");
        var import = $"{Samples.SubmissionPath(2022, "VNM")}/import?dryRun=true";

        var filled = workbook.Save();
        var dry = await (await UploadAsync(import, api.Keys["VNM"], filled)).JsonAsync(200);
        Assert.False(dry.Value<bool>("valid"));
        var cell = dry["problems"]!.Single();
        Assert.Equal("Activities", cell.Value<string>("sheet"));
        Assert.Equal(3, cell.Value<int>("row"));
        Assert.Equal("E", cell.Value<string>("column"));
        Assert.Contains("no key result area 'E.7'", cell.Value<string>("message"));

        // The person corrects the cell in the file they filled in and uploads it again.
        using var corrected = new TestWorkbook(filled);
        corrected.Set(SpreadsheetLayout.ActivitiesSheet, 3, 5, "D.4");
        var saved = await (await UploadAsync($"{Samples.SubmissionPath(2022, "VNM")}/import?dryRun=false", api.Keys["VNM"], corrected.Save())).JsonAsync(201);
        Assert.True(saved.Value<bool>("saved"));
        var stored = await (await api.GetAsync(Samples.SubmissionPath(2022, "VNM"), api.Keys["VNM"])).JsonAsync(200);
        Assert.Equal(["B.1", "D.4"], stored["activities"]!.Select(a => a.Value<string>("kra")));

        // The next template carries them back, so a round trip loses nothing.
        var again = await api.GetAsync($"api/plans/{Samples.Plan}/years/2022/template", api.Keys["VNM"]);
        var next = new XlsxParts(await again.Content.ReadAsByteArrayAsync()).Table(SpreadsheetLayout.ActivitiesSheet);
        Assert.Equal("B.1", next[0][SpreadsheetLayout.ActivityKraHeader]);
        Assert.Equal("D.4", next[1][SpreadsheetLayout.ActivityKraHeader]);
    }

    private Task<HttpResponseMessage> UploadAsync(string path, string key, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ImportReader.XlsxType);
        request.Headers.Add("X-Api-Key", key);
        return api.Http.SendAsync(request);
    }
}
