using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Import;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class ImportTests : IAsyncLifetime
{
    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "LAO");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private static string TemplatePath(int year, string? state = null) => $"api/plans/{Samples.Plan}/years/{year}/template" + (state is null ? "" : "?state=" + state);

    private static string ImportPath(int year, string state, bool dryRun, string extra = "") => Samples.SubmissionPath(year, state) + $"/import?dryRun={(dryRun ? "true" : "false")}{extra}";

    private async Task<byte[]> TemplateBytesAsync(int year, string key, string? state = null)
    {
        var response = await api.GetAsync(TemplatePath(year, state), key);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(ImportReader.XlsxType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<TestWorkbook> TemplateAsync(int year, string key, string? state = null) => new(await TemplateBytesAsync(year, key, state));

    private Task<HttpResponseMessage> UploadAsync(string path, string key, byte[] body, string contentType, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Api-Key", key);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return api.Http.SendAsync(request);
    }

    private static byte[] Save(TestWorkbook workbook) => workbook.Save();

    /// <summary>Fills the template the way Samples.Submission() fills the JSON body.</summary>
    private static void FillLikeSample(TestWorkbook workbook)
    {
        workbook.Set("5.1.1", "Value", 3).Set("5.1.1", "Narrative", Samples.ThaiNarrative).Set("5.1.2", "Value", 4)
            .Set("5.2.1", "Numerator", 45).Set("5.2.1", "Denominator", 120)
            .Set("5.2.1", "sex: female", 25).Set("5.2.1", "sex: female (denominator)", 60)
            .Set("5.2.1", "sex: male", 20).Set("5.2.1", "sex: male (denominator)", 60);
        var activities = SpreadsheetLayout.ActivitiesSheet;
        workbook.Set(activities, 2, 1, "ASEAN GO-NGO Forum on social welfare").Set(activities, 2, 2, "Hosted the yearly forum.")
            .Set(activities, 2, 3, "3.2.4").Set(activities, 2, 4, 3)
            .Set(activities, 3, 1, "Training of child-protection officers").Set(activities, 3, 2, "Two provinces.")
            .Set(activities, 3, 3, "3.2.1").Set(activities, 3, 4, 2)
            .Set(SpreadsheetLayout.OverallSheet, 2, 1, "Overall progress. " + Samples.LaoNarrative);
    }

    private async Task<string> StorageFingerprintAsync()
    {
        var tables = api.Services.GetRequiredService<ReportingTables>();
        var rows = new List<string>();
        foreach (var table in new[] { tables.Submissions, tables.JobState, tables.Idempotency })
            await foreach (var e in table.QueryAsync<TableEntity>())
                rows.Add($"{table.Name}/{e.PartitionKey}/{e.RowKey}/{e.ETag}");
        return string.Join("\n", rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Template_has_a_row_per_indicator_with_validations_locked_codes_and_the_drafts_values()
    {
        var body = Samples.Submission();
        body["values"]!["5.1.1"]!["narrative"] = Samples.ThaiNarrative + " 🤝 _x0041_";
        await (await api.PutAsync(Samples.SubmissionPath(2024, "THA"), api.Keys["THA"], body)).JsonAsync(201);
        var bytes = await TemplateBytesAsync(2024, api.Keys["THA"]);
        using var workbook = new TestWorkbook(bytes);
        // Read back by an independent reader (MiniExcel, and the package's XML), not the writer's Open XML SDK.
        var parts = new XlsxParts(bytes);
        // The SOMSWD plan names a framework, so its key result areas come as a sheet of their own.
        Assert.Equal(["Instructions", "Indicators", "Activities", "Key result areas", "Overall"], parts.SheetNames);
        var plan = await (await api.GetAsync($"api/plans/{Samples.Plan}", api.Keys["THA"])).JsonAsync(200);
        var rows = parts.Table(SpreadsheetLayout.IndicatorsSheet);
        Assert.Equal(plan["indicators"]!.Select(i => i.Value<string>("code")), rows.Select(r => r["Code"]?.ToString()));
        Assert.True(parts.Protected(SpreadsheetLayout.IndicatorsSheet));
        Assert.True(parts.Locked(SpreadsheetLayout.IndicatorsSheet, "A2"));
        Assert.False(parts.Locked(SpreadsheetLayout.IndicatorsSheet, workbook.Reference("5.1.1", "Value")));

        var policies = rows.Single(r => (string?)r["Code"] == "5.1.1");
        Assert.Equal(3d, policies["Value"]);
        Assert.Equal(Samples.ThaiNarrative + " 🤝 _x0041_", policies["Narrative"]);
        Assert.Equal(25d, rows.Single(r => (string?)r["Code"] == "5.2.1")["sex: female"]);
        Assert.Equal("ASEAN GO-NGO Forum on social welfare", parts.Table(SpreadsheetLayout.ActivitiesSheet)[0]["Title"]);
        Assert.DoesNotContain(parts.AllXml, x => x.Contains("_xD83E_", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(60d, parts.Width(SpreadsheetLayout.IndicatorsSheet, 2));
        Assert.True(parts.Wraps(SpreadsheetLayout.IndicatorsSheet, "B2"));
        Assert.Equal(("landscape", null, null, $"'{SpreadsheetLayout.IndicatorsSheet}'!$A:$B,'{SpreadsheetLayout.IndicatorsSheet}'!$1:$1"), parts.Print(SpreadsheetLayout.IndicatorsSheet));

        Assert.Equal("whole", parts.Validation(SpreadsheetLayout.IndicatorsSheet, workbook.Reference("5.1.1", "Value"))?.Type);
        Assert.Equal(("list", "\"yes,no\""), parts.Validation(SpreadsheetLayout.IndicatorsSheet, workbook.Reference("5.2.5", "Achieved (yes/no)")));
        Assert.Equal("decimal", parts.Validation(SpreadsheetLayout.IndicatorsSheet, workbook.Reference("5.2.1", "Numerator"))?.Type);
        Assert.Equal("list", parts.Validation(SpreadsheetLayout.ActivitiesSheet, "D2")?.Type);
        Assert.True(parts.Locked(SpreadsheetLayout.IndicatorsSheet, workbook.Reference("5.2.1", "Value")));
        Assert.Null(parts.Validation(SpreadsheetLayout.IndicatorsSheet, workbook.Reference("5.2.1", "Value")));

        // The narrative with an emoji and a literal "_x0041_" comes back from the file exactly as typed.
        var receipt = await (await UploadAsync(ImportPath(2024, "THA", dryRun: true), api.Keys["THA"], bytes, ImportReader.XlsxType)).JsonAsync(200);
        Assert.True(receipt.Value<bool>("valid"), receipt.ToString());
        Assert.All(receipt["changes"]!, c => Assert.Equal("unchanged", c.Value<string>("action")));
    }

    [Fact]
    public async Task Dry_run_writes_nothing_and_reports_each_problem_at_its_cell()
    {
        using var workbook = await TemplateAsync(2023, api.Keys["THA"], "THA");
        FillLikeSample(workbook);
        workbook.Set("5.2.1", "Numerator", 130);                    // above the denominator (120)
        workbook.Set("5.1.2", "Value", "four");                      // not a number
        workbook.SetFormula("5.1.3", "Value", "=1+1");               // a formula
        workbook.Set(SpreadsheetLayout.ActivitiesSheet, 2, 4, 7);    // importance out of range
        var before = await StorageFingerprintAsync();

        var receipt = await (await UploadAsync(ImportPath(2023, "THA", dryRun: true), api.Keys["THA"], Save(workbook), ImportReader.XlsxType)).JsonAsync(200);
        Assert.Equal(before, await StorageFingerprintAsync());
        Assert.False(receipt.Value<bool>("valid"));
        Assert.False(receipt.Value<bool>("saved"));
        var problems = receipt["problems"]!.Select(p => (Cell: p.Value<string>("cell"), Indicator: p.Value<string>("indicator"), Message: p.Value<string>("message"))).ToList();
        Assert.Contains(problems, p => p.Cell == $"Indicators!{workbook.Reference("5.2.1", "Numerator")}" && p.Indicator == "5.2.1" && p.Message!.Contains("120"));
        Assert.Contains(problems, p => p.Cell == $"Indicators!{workbook.Reference("5.1.2", "Value")}" && p.Message!.Contains("not a number"));
        Assert.Contains(problems, p => p.Indicator == "5.1.3" && p.Message!.Contains("formula"));
        Assert.Contains(problems, p => p.Cell == "Activities!D2" && p.Message!.Contains("1, 2 or 3"));
        Assert.Contains(receipt["changes"]!, c => c.Value<string>("indicator") == "5.1.1" && c.Value<string>("action") == "created");
    }

    [Fact]
    public async Task Real_import_equals_the_same_data_put_as_json_and_is_recorded_in_history()
    {
        using var workbook = await TemplateAsync(2022, api.Keys["THA"], "THA");
        FillLikeSample(workbook);
        var bytes = Save(workbook); // a workbook loaded from a stream saves once; the bytes are reused below
        var imported = await UploadAsync(ImportPath(2022, "THA", dryRun: false), api.Keys["THA"], bytes, ImportReader.XlsxType);
        var receipt = await imported.JsonAsync(201);
        Assert.True(receipt.Value<bool>("saved"));
        Assert.Equal("\"r1\"", imported.Headers.ETag?.ToString());

        await (await api.PutAsync(Samples.SubmissionPath(2022, "VNM"), api.Keys["VNM"], Samples.Submission())).JsonAsync(201);
        var fromFile = await (await api.GetAsync(Samples.SubmissionPath(2022, "THA"), api.Keys["THA"])).JsonAsync(200);
        var fromJson = await (await api.GetAsync(Samples.SubmissionPath(2022, "VNM"), api.Keys["VNM"])).JsonAsync(200);
        Assert.Equal(fromJson["values"]!.ToString(), fromFile["values"]!.ToString());
        Assert.Equal(fromJson["activities"]!.ToString(), fromFile["activities"]!.ToString());
        Assert.Equal(fromJson.Value<string>("narrative"), fromFile.Value<string>("narrative"));

        var history = await (await api.GetAsync(Samples.SubmissionPath(2022, "THA") + "/history", api.Keys["THA"])).JsonAsync(200);
        var entry = history["entries"]![0]!;
        Assert.Equal("imported", entry.Value<string>("action"));
        Assert.Contains("3 created", entry.Value<string>("comment"));

        // Unchanged re-import needs If-Match (or replaceDraft) like a PUT.
        await (await UploadAsync(ImportPath(2022, "THA", dryRun: false), api.Keys["THA"], bytes, ImportReader.XlsxType)).ProblemAsync(428);
        var again = await (await UploadAsync(ImportPath(2022, "THA", dryRun: false, "&replaceDraft=true"), api.Keys["THA"], bytes, ImportReader.XlsxType)).JsonAsync(200);
        Assert.All(again["changes"]!, c => Assert.Equal("unchanged", c.Value<string>("action")));
    }

    [Fact]
    public async Task Import_is_all_or_nothing_when_one_row_is_bad()
    {
        await (await api.PutAsync(Samples.SubmissionPath(2021, "THA"), api.Keys["THA"], Samples.Submission(policies: 1))).JsonAsync(201);
        using var workbook = await TemplateAsync(2021, api.Keys["THA"]);
        workbook.Set("5.1.1", "Value", 9).Set("5.1.4", "Value", -2);
        var before = await StorageFingerprintAsync();
        var problem = await (await UploadAsync(ImportPath(2021, "THA", dryRun: false), api.Keys["THA"], Save(workbook), ImportReader.XlsxType, ifMatch: "\"r1\"")).ProblemAsync(400, "validation");
        Assert.Contains(problem["cells"]!, c => c.Value<string>("indicator") == "5.1.4" && c.Value<string>("message")!.Contains("negative"));
        Assert.Equal(before, await StorageFingerprintAsync());
        var stored = await (await api.GetAsync(Samples.SubmissionPath(2021, "THA"), api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(1, stored["values"]!["5.1.1"]!.Value<int>("value"));
    }

    [Fact]
    public async Task Csv_and_json_imports_go_through_the_same_rules()
    {
        var csv = "Code,Indicator,Value,Numerator,Denominator,Narrative\n5.1.1,x,5,,,=HYPERLINK(\"http://evil\")\n5.2.1,x,,50,40,\n";
        var receipt = await (await UploadAsync(ImportPath(2024, "LAO", dryRun: true), api.Keys["LAO"], Encoding.UTF8.GetBytes(csv), "text/csv")).JsonAsync(200);
        Assert.Contains(receipt["problems"]!, p => p.Value<string>("cell") == "csv!D3" && p.Value<string>("indicator") == "5.2.1");

        var good = "\uFEFFCode,Value,Narrative\n5.1.1,5,=HYPERLINK(\"http://evil\") ไทย\n";
        await (await UploadAsync(ImportPath(2024, "LAO", dryRun: false), api.Keys["LAO"], Encoding.UTF8.GetBytes(good), "text/csv")).JsonAsync(201);
        var stored = await (await api.GetAsync(Samples.SubmissionPath(2024, "LAO"), api.Keys["LAO"])).JsonAsync(200);
        Assert.Equal("=HYPERLINK(\"http://evil\") ไทย", stored["values"]!["5.1.1"]!.Value<string>("narrative"));

        var json = Encoding.UTF8.GetBytes(Samples.Submission().ToString());
        var dry = await (await UploadAsync(ImportPath(2024, "VNM", dryRun: true), api.Keys["VNM"], json, "application/json")).JsonAsync(200);
        Assert.True(dry.Value<bool>("valid"));
    }

    [Fact]
    public async Task Focal_points_import_only_for_their_own_state_and_the_secretariat_for_any()
    {
        using var workbook = await TemplateAsync(2024, api.Keys["THA"], "THA");
        FillLikeSample(workbook);
        var bytes = Save(workbook);
        await (await UploadAsync(ImportPath(2024, "VNM", dryRun: true), api.Keys["THA"], bytes, ImportReader.XlsxType)).ProblemAsync(403);
        await (await api.GetAsync(TemplatePath(2024, "VNM"), api.Keys["THA"])).ProblemAsync(403);
        await (await UploadAsync(ImportPath(2024, "VNM", dryRun: false), api.Keys["secretariat"], bytes, ImportReader.XlsxType)).JsonAsync(201);
        await (await api.GetAsync(TemplatePath(2024), api.Keys["secretariat"])).ProblemAsync(400, pointer: "state");
    }

    [Fact]
    public async Task Hostile_files_are_refused_with_a_4xx_and_nothing_is_stored()
    {
        var before = await StorageFingerprintAsync();
        var path = ImportPath(2025, "THA", dryRun: false);
        await (await UploadAsync(path, api.Keys["THA"], Encoding.UTF8.GetBytes("not a spreadsheet"), ImportReader.XlsxType)).ProblemAsync(400, "bad-file");
        await (await UploadAsync(path, api.Keys["THA"], [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6], ImportReader.XlsxType)).ProblemAsync(400, "bad-file");
        await (await UploadAsync(path, api.Keys["THA"], [1, 2, 3], "image/png")).ProblemAsync(415);

        using (var bomb = new MemoryStream())
        {
            using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 50; i++) entry.Write(zeros);
            }
            await (await UploadAsync(path, api.Keys["THA"], bomb.ToArray(), ImportReader.XlsxType)).ProblemAsync(400, "bad-file");
        }

        using var workbook = await TemplateAsync(2025, api.Keys["THA"], "THA");
        var macro = new MemoryStream();
        macro.Write(Save(workbook));
        using (var zip = new ZipArchive(macro, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/vbaProject.bin").Open();
            entry.Write([1, 2, 3, 4]);
        }
        var refused = await (await UploadAsync(path, api.Keys["THA"], macro.ToArray(), ImportReader.XlsxType)).ProblemAsync(400, "bad-file");
        Assert.Contains("macro", refused.ToString());

        using var huge = TestWorkbook.Empty(SpreadsheetLayout.IndicatorsSheet);
        huge.Set(SpreadsheetLayout.IndicatorsSheet, 1, 1, "Code").Set(SpreadsheetLayout.IndicatorsSheet, 5000, 1, "5.1.1");
        var tooLarge = await (await UploadAsync(path, api.Keys["THA"], Save(huge), ImportReader.XlsxType)).ProblemAsync(400, "bad-file");
        Assert.Contains("5000 rows", tooLarge.ToString());
        Assert.Equal(before, await StorageFingerprintAsync());
    }

    [Fact]
    public async Task Same_idempotency_key_replays_the_import_receipt()
    {
        using var workbook = await TemplateAsync(2023, api.Keys["VNM"], "VNM");
        FillLikeSample(workbook);
        var bytes = Save(workbook);
        var first = await (await UploadAsync(ImportPath(2023, "VNM", dryRun: false), api.Keys["VNM"], bytes, ImportReader.XlsxType, idempotencyKey: "upload-1")).JsonAsync(201);
        var replay = await UploadAsync(ImportPath(2023, "VNM", dryRun: false), api.Keys["VNM"], bytes, ImportReader.XlsxType, idempotencyKey: "upload-1");
        Assert.Equal(first.ToString(), (await replay.JsonAsync(201)).ToString());
        using var changed = new TestWorkbook(bytes);
        changed.Set("5.1.1", "Value", 8);
        await (await UploadAsync(ImportPath(2023, "VNM", dryRun: false), api.Keys["VNM"], Save(changed), ImportReader.XlsxType, idempotencyKey: "upload-1")).ProblemAsync(422);
    }
}
