using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Reports;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class ReportTests : IAsyncLifetime
{
    private ApiServer api = null!;
    private const string Plan = "api/plans/somswd-2021-2025";
    private const string ScriptNarrative = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "LAO");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task AcceptAsync(int year, string state, JObject body)
    {
        var path = Samples.SubmissionPath(year, state);
        await (await api.PutAsync(path, api.Keys[state], body)).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", api.Keys[state], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
    }

    private async Task<JObject> GenerateAsync(object request, int status = 202) =>
        await (await api.PostAsync(Plan + "/reports", api.Keys["secretariat"], request)).JsonAsync(status);

    private async Task<byte[]> DownloadAsync(string reportId, string file, string? key = null)
    {
        var response = await api.GetAsync($"{Plan}/reports/{reportId}/{file}", key ?? api.Keys["secretariat"]);
        Assert.True(response.IsSuccessStatusCode, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task End_of_plan_report_covers_the_whole_plan_and_its_numbers_equal_the_aggregates()
    {
        await AcceptAsync(2021, "THA", Samples.Submission(policies: 2));
        var lao = Samples.Submission(policies: 4, narrative: ScriptNarrative);
        await AcceptAsync(2024, "LAO", lao);
        var created = await GenerateAsync(new { kind = "end-of-plan" });
        var reportId = created.Value<string>("reportId")!;
        Assert.True(created.Value<bool>("interim"));

        var html = Encoding.UTF8.GetString(await DownloadAsync(reportId, "report.html"));
        var data = JObject.Parse(Encoding.UTF8.GetString(await DownloadAsync(reportId, "data.json")));
        var plan = await (await api.GetAsync(Plan, api.Keys["THA"])).JsonAsync(200);
        foreach (var goal in plan["goals"]!) Assert.Contains($"Goal {goal.Value<string>("code")}:", html);
        foreach (var outcome in plan["outcomes"]!) Assert.Contains($"Outcome {outcome.Value<string>("code")}:", html);
        foreach (var indicator in plan["indicators"]!) Assert.Contains($"<h4>{indicator.Value<string>("code")} ", html);

        var summary = await (await api.GetAsync(Plan + "/summary", api.Keys["secretariat"])).JsonAsync(200);
        foreach (var indicator in summary["indicators"]!)
        {
            var inReport = data["indicators"]!.Single(i => i.Value<string>("code") == indicator.Value<string>("code"));
            Assert.Equal(indicator["regional"]?.ToString(), inReport["regional"]?.ToString());
        }
        Assert.Equal(6m, data["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1")["regional"]!.Value<decimal>("value"));
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
        Assert.Equal(ScriptNarrative, data["narratives"]!.Single(n => n.Value<string>("state") == "LAO")["indicators"]![0]!.Value<string>("text"));
    }

    [Fact]
    public async Task Thai_narrative_survives_byte_for_byte_into_report_html_and_data_json()
    {
        await AcceptAsync(2023, "THA", Samples.Submission());
        var reportId = (await GenerateAsync(new { kind = "annual", year = 2023 })).Value<string>("reportId")!;
        var thai = Encoding.UTF8.GetBytes(Samples.ThaiNarrative);
        var html = await DownloadAsync(reportId, "report.html");
        Assert.True(html.AsSpan().IndexOf(thai) >= 0, "Thai bytes missing from report.html");
        Assert.Contains("<meta charset=\"utf-8\">", Encoding.UTF8.GetString(html));
        Assert.Contains("Noto Sans Thai", Encoding.UTF8.GetString(html));
        Assert.True((await DownloadAsync(reportId, "data.json")).AsSpan().IndexOf(thai) >= 0, "Thai bytes missing from data.json");
        var lao = Encoding.UTF8.GetBytes(Samples.LaoNarrative);
        Assert.True(html.AsSpan().IndexOf(lao) >= 0, "Lao bytes missing from report.html");
    }

    [Fact]
    public async Task Breakdown_tables_use_the_plans_words_for_dimensions_and_groups()
    {
        await AcceptAsync(2023, "THA", Samples.Submission());
        var reportId = (await GenerateAsync(new { kind = "annual", year = 2023 })).Value<string>("reportId")!;
        var html = Encoding.UTF8.GetString(await DownloadAsync(reportId, "report.html"));
        // The SOMSWD plan labels sex: female, male as "Sex": "Female", "Male".
        Assert.Contains("<th>Sex</th><th>Value</th>", html);
        Assert.Contains("<tr><td>Female</td>", html);
        Assert.DoesNotContain("<th>sex</th>", html);
        Assert.DoesNotContain("<tr><td>female</td>", html);
    }

    [Fact]
    public async Task Manifest_hashes_equal_the_stored_blobs()
    {
        await AcceptAsync(2022, "VNM", Samples.Submission());
        var reportId = (await GenerateAsync(new { kind = "annual", year = 2022 })).Value<string>("reportId")!;
        var manifest = JObject.Parse(Encoding.UTF8.GetString(await DownloadAsync(reportId, "manifest.json")));
        Assert.Equal(reportId, manifest.Value<string>("reportId"));
        Assert.Equal(4, ((JArray)manifest["files"]!).Count);
        foreach (var file in manifest["files"]!)
        {
            var bytes = await DownloadAsync(reportId, file.Value<string>("name")!);
            Assert.Equal(file.Value<string>("sha256"), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(file.Value<long>("size"), bytes.Length);
        }
        var data = await DownloadAsync(reportId, "data.json");
        Assert.Equal(manifest.Value<string>("contentHash"), Convert.ToHexStringLower(SHA256.HashData(data)));
        Assert.False(string.IsNullOrEmpty(manifest.Value<string>("generatorVersion")));
    }

    [Fact]
    public async Task Regenerating_without_a_change_writes_nothing_and_a_change_adds_a_version_leaving_the_old_intact()
    {
        await AcceptAsync(2021, "VNM", Samples.Submission());
        var first = await GenerateAsync(new { kind = "annual", year = 2021 });
        var firstId = first.Value<string>("reportId")!;
        var firstHtml = await DownloadAsync(firstId, "report.html");

        var again = await GenerateAsync(new { kind = "annual", year = 2021 }, status: 200);
        Assert.False(again.Value<bool>("written"));
        Assert.Equal(firstId, again.Value<string>("reportId"));

        await AcceptAsync(2021, "LAO", Samples.Submission(policies: 9));
        await Task.Delay(1100); // version folders are named to the second
        var second = await GenerateAsync(new { kind = "annual", year = 2021 });
        Assert.NotEqual(firstId, second.Value<string>("reportId"));
        Assert.Equal(firstHtml, await DownloadAsync(firstId, "report.html"));
        var list = await (await api.GetAsync(Plan + "/reports", api.Keys["secretariat"])).JsonTokenAsync(200);
        Assert.Equal([second.Value<string>("reportId"), firstId], list.Where(r => r.Value<int?>("year") == 2021).Select(r => r.Value<string>("reportId")));
    }

    [Fact]
    public async Task Focal_points_read_final_reports_only()
    {
        await AcceptAsync(2022, "THA", Samples.Submission());
        var interim = (await GenerateAsync(new { kind = "annual", year = 2022 })).Value<string>("reportId")!;
        await (await api.GetAsync($"{Plan}/reports/{interim}/report.html", api.Keys["THA"])).ProblemAsync(404);
        Assert.Empty(await (await api.GetAsync(Plan + "/reports", api.Keys["THA"])).JsonTokenAsync(200));

        var now = DateTimeOffset.UtcNow;
        await (await api.PutAsync($"{Plan}/years/2022/window", api.Keys["secretariat"], new { opens = now.AddDays(-90), due = now.AddDays(-30), locks = now.AddDays(-1) })).JsonAsync(200);
        await Task.Delay(1100);
        var final = await GenerateAsync(new { kind = "annual", year = 2022 });
        Assert.False(final.Value<bool>("interim"));
        var finalId = final.Value<string>("reportId")!;
        Assert.NotEmpty(await DownloadAsync(finalId, "report.html", api.Keys["THA"]));
        var listed = await (await api.GetAsync(Plan + "/reports", api.Keys["THA"])).JsonTokenAsync(200);
        Assert.Equal([finalId], listed.Select(r => r.Value<string>("reportId")));

        await (await api.PostAsync(Plan + "/reports", api.Keys["THA"], new { kind = "annual", year = 2022 })).ProblemAsync(403);
        await (await api.GetAsync($"{Plan}/reports/{finalId}/report.html", null)).ProblemAsync(401);
        await (await api.GetAsync($"{Plan}/reports/{finalId}/secrets.txt", api.Keys["THA"])).ProblemAsync(400, pointer: "file");
        await (await api.GetAsync($"{Plan}/reports/..%2F..%2Fx/report.html", api.Keys["THA"])).ProblemAsync(400, pointer: "reportId");
    }

    [Fact]
    public async Task Report_for_a_plan_with_missing_states_says_so_instead_of_showing_zeros()
    {
        var reportId = (await GenerateAsync(new { kind = "annual", year = 2025 })).Value<string>("reportId")!;
        var html = Encoding.UTF8.GetString(await DownloadAsync(reportId, "report.html"));
        Assert.Contains("2025: 0 of 10 reported", html);
        Assert.Contains("missing: BRN, IDN, KHM, LAO, MMR, MYS, PHL, SGP, THA, VNM", html);
        Assert.Contains("no data", html);
        Assert.Contains("No data", html);
        var data = JObject.Parse(Encoding.UTF8.GetString(await DownloadAsync(reportId, "data.json")));
        Assert.All(data["indicators"]!, i => Assert.Null(i["regional"]));
    }

    [Fact]
    public async Task Report_requests_are_validated()
    {
        await (await api.PostAsync(Plan + "/reports", api.Keys["secretariat"], new { kind = "annual" })).ProblemAsync(400, "validation", "/year");
        await (await api.PostAsync(Plan + "/reports", api.Keys["secretariat"], new { kind = "weekly" })).ProblemAsync(400, "validation", "/kind");
        await (await api.PostAsync(Plan + "/reports", api.Keys["secretariat"], new { kind = "annual", year = 2019 })).ProblemAsync(400, "validation", "/year");
    }

    [Fact]
    public async Task Timer_writes_annual_and_end_of_plan_reports_once_windows_lock_and_then_nothing()
    {
        await AcceptAsync(2025, "THA", Samples.Submission());
        var now = DateTimeOffset.UtcNow;
        await (await api.PutAsync($"{Plan}/years/2025/window", api.Keys["secretariat"], new { locks = now.AddMinutes(-1) })).JsonAsync(200);
        var job = api.Services.GetRequiredService<GenerateReportsJob>();
        var run = await job.RunAsync(default);
        Assert.Contains(run.Reports, r => r.StartsWith("annual-2025."));
        Assert.Contains(run.Reports, r => r.StartsWith("end-of-plan."));
        var rerun = await job.RunAsync(default);
        Assert.Equal(0, rerun.Written);
    }
}
