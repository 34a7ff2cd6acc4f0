using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Aggregation;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class AggregationTests : IAsyncLifetime
{
    private ApiServer api = null!;
    private const string Path = "api/plans/somswd-2021-2025";

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "LAO", "MYS");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private AggregateProgressJob Job => api.Services.GetRequiredService<AggregateProgressJob>();

    private async Task SubmitAsync(int year, string state, int policies, int num, int den, bool accept, string? activity = null)
    {
        var body = Samples.Submission(policies);
        body["values"]!["5.2.1"] = JObject.FromObject(new { numerator = num, denominator = den });
        if (activity is not null) body["activities"] = JArray.FromObject(new[] { new { title = activity, outcome = "3.2.4", importance = 3 } });
        var path = Samples.SubmissionPath(year, state);
        await (await api.PutAsync(path, api.Keys[state], body)).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", api.Keys[state], ifMatch: "\"r1\"")).JsonAsync(200);
        if (accept) await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
    }

    private async Task<JObject> RunAsync(bool full = false) =>
        await (await api.PostAsync("api/jobs/aggregate-progress/run" + (full ? "?full=true" : ""), api.Keys["secretariat"])).JsonAsync(200);

    [Fact]
    public async Task Summary_shows_official_and_provisional_figures_and_names_missing_states()
    {
        await SubmitAsync(2024, "THA", 3, 10, 100, accept: true, activity: "ASEAN GO-NGO Forum");
        await SubmitAsync(2024, "VNM", 5, 9, 10, accept: false, activity: "asean go-ngo forum");
        var stale = await (await api.GetAsync(Path + "/summary?year=2024", api.Keys["secretariat"])).JsonAsync(200);
        Assert.True(stale.Value<bool>("stale"));

        var run = await RunAsync();
        Assert.Equal("ran", run.Value<string>("outcome"));
        var summary = await (await api.GetAsync(Path + "/summary?year=2024", api.Keys["secretariat"])).JsonAsync(200);
        Assert.False(summary.Value<bool>("stale"));
        var policies = summary["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1");
        Assert.Equal(8, policies["regional"]!.Value<decimal>("value"));
        Assert.Equal(3, policies["official"]!.Value<decimal>("value"));
        Assert.True(policies.Value<bool>("provisional"));
        Assert.Equal(["VNM"], policies["provisionalStates"]!.Values<string>());
        var rate = summary["indicators"]!.Single(i => i.Value<string>("code") == "5.2.1");
        Assert.Equal(17.2727m, rate["regional"]!.Value<decimal>("value"));

        var completeness = summary["completeness"]![0]!;
        Assert.Equal(10, completeness.Value<int>("expected"));
        Assert.Equal(2, completeness.Value<int>("reported"));
        Assert.Contains("MMR", completeness["missing"]!.Values<string>());
        Assert.StartsWith("2024: 2 of 10 reported (1 accepted, 1 awaiting review, 0 returned); missing: ", completeness.Value<string>("text"));
        Assert.Equal(Summary.CountingRule, summary.Value<string>("counting"));
        Assert.NotNull(summary["dataAsOf"]);
        var activity = summary["activities"]!.Single(a => a.Value<string>("outcome") == "3.2.4");
        Assert.Equal(6, activity.Value<int>("score"));
        Assert.Contains("MMR", summary["gaps"]!["statesMissing"]!.Values<string>());
    }

    [Fact]
    public async Task Focal_point_sees_official_regional_figures_and_only_its_own_state()
    {
        await SubmitAsync(2023, "THA", 3, 10, 100, accept: true);
        await SubmitAsync(2023, "VNM", 5, 9, 10, accept: false);
        await RunAsync();
        foreach (var query in new[] { "?year=2023", "" })
        {
            var response = await api.GetAsync(Path + "/summary" + query, api.Keys["VNM"]);
            var text = await response.Content.ReadAsStringAsync();
            var summary = await response.JsonAsync(200);
            Assert.Equal("focalPoint:VNM", summary.Value<string>("scope"));
            var policies = summary["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1");
            Assert.Equal(3, policies["regional"]!.Value<decimal>("value"));
            Assert.Equal(["VNM"], policies["byState"]!.Select(s => s.Value<string>("state")).Distinct());
            Assert.Null(summary["activities"]);

            var thai = await (await api.GetAsync(Path + "/summary" + query, api.Keys["THA"])).JsonAsync(200);
            var fromThai = thai["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1");
            Assert.DoesNotContain("VNM", fromThai.ToString());
            Assert.Equal(3, fromThai["regional"]!.Value<decimal>("value"));
            Assert.Contains("focalPoint", text);
        }
    }

    [Fact]
    public async Task Csv_opens_in_excel_with_thai_and_neutralised_formulas()
    {
        await SubmitAsync(2022, "THA", 3, 10, 100, accept: true, activity: "=cmd|' /C calc'!A0 สัมมนา");
        await RunAsync();
        var response = await api.SendAsync(HttpMethod.Get, Path + "/summary?year=2022&view=activities", api.Keys["secretariat"], headers: new Dictionary<string, string> { ["Accept"] = "text/csv" });
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("somswd-2021-2025-summary-2022-activities.csv", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        var forum = rows.Single(r => (string)r["Outcome"] == "3.2.4");
        Assert.Equal("'=cmd|' /C calc'!A0 สัมมนา", forum["Activity"]);
        Assert.Equal("3", forum["Score (sum of 1-3)"]);
        Assert.Equal(Summary.CountingRule, forum["Counting"]);

        var regional = await api.GetAsync(Path + "/summary?year=2022&format=csv", api.Keys["secretariat"]);
        using var regionalCsv = new CsvReader(new StringReader(Encoding.UTF8.GetString((await regional.Content.ReadAsByteArrayAsync())[3..])), CultureInfo.InvariantCulture);
        var policies = regionalCsv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Single(r => (string)r["Indicator"] == "5.1.1");
        Assert.Equal("3", policies["Value"]);
        Assert.Equal("no", policies["Provisional"]);
    }

    [Fact]
    public async Task Xlsx_has_one_sheet_per_view_with_numbers_as_numbers()
    {
        await SubmitAsync(2021, "THA", 3, 10, 100, accept: true, activity: "=HYPERLINK(\"http://x\")");
        await SubmitAsync(2021, "LAO", 4, 1, 10, accept: false);
        await RunAsync();
        var json = await (await api.GetAsync(Path + "/summary?year=2021", api.Keys["secretariat"])).JsonAsync(200);
        var response = await api.GetAsync(Path + "/summary?year=2021&format=xlsx", api.Keys["secretariat"]);
        Assert.Equal(SummaryEndpoints.XlsxType, response.Content.Headers.ContentType?.ToString());
        var parts = new XlsxParts(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["About", "Regional", "By state", "Completeness", "Activities", "Gaps", "Narratives"], parts.SheetNames);

        var regional = parts.Table("Regional");
        var row = regional.Single(r => (string?)r["Indicator"] == "5.2.1");
        var expected = json["indicators"]!.Single(i => i.Value<string>("code") == "5.2.1")["regional"]!.Value<decimal>("value");
        Assert.Equal((double)expected, row["Value"]);
        Assert.Equal("yes", row["Provisional"]);

        var activity = parts.Table("Activities").Single(r => r["Activity"] is string t && t.Contains("HYPERLINK"));
        Assert.Equal("=HYPERLINK(\"http://x\")", activity["Activity"]);
        Assert.Contains("counted", parts.Rows("About").Single(r => (string?)r["A"] == "Counting")["B"]!.ToString());
        Assert.Contains(parts.Table("By state"), r => (string?)r["State"] == "LAO");
    }

    [Fact]
    public async Task Incremental_run_recomputes_only_dirty_plan_years_and_rerun_is_identical()
    {
        await SubmitAsync(2024, "MYS", 2, 1, 2, accept: true);
        await RunAsync(full: true);
        var before = await (await api.GetAsync(Path + "/summary?year=2024", api.Keys["secretariat"])).Content.ReadAsStringAsync();

        var again = await RunAsync(full: true);
        Assert.Equal(0, again.Value<int>("aggregatesWritten"));
        var after = await (await api.GetAsync(Path + "/summary?year=2024", api.Keys["secretariat"])).Content.ReadAsStringAsync();
        Assert.Equal(before, after);

        await SubmitAsync(2023, "MYS", 1, 1, 2, accept: false);
        var incremental = await RunAsync();
        Assert.Equal(1, incremental.Value<int>("partitionsRecomputed"));
        Assert.Equal(["somswd-2021-2025/2023"], incremental["planYears"]!.Values<string>());
        var nothing = await RunAsync();
        Assert.Equal(0, nothing.Value<int>("partitionsDirty"));
    }

    [Fact]
    public async Task Saving_a_draft_leaves_aggregates_current_and_submitting_or_reviewing_marks_them()
    {
        var markers = api.Services.GetRequiredService<DirtyMarkers>();
        await RunAsync(full: true);
        var path = Samples.SubmissionPath(2021, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 4))).JsonAsync(201);
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 5), ifMatch: "\"r1\"")).JsonAsync(200);
        Assert.False(await markers.IsDirtyAsync(Samples.Plan, 2021, default));
        Assert.False((await (await api.GetAsync(Path + "/summary?year=2021", api.Keys["secretariat"])).JsonAsync(200)).Value<bool>("stale"));

        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r2\"")).JsonAsync(200);
        Assert.True(await markers.IsDirtyAsync(Samples.Plan, 2021, default));
        await RunAsync();
        await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "return", comment = "Check 5.1.1." }, ifMatch: "\"r3\"")).JsonAsync(200);
        Assert.True(await markers.IsDirtyAsync(Samples.Plan, 2021, default));
        await RunAsync();

        // Editing the returned report changes nothing aggregation counts until it is submitted again.
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 6), ifMatch: "\"r4\"")).JsonAsync(200);
        Assert.False(await markers.IsDirtyAsync(Samples.Plan, 2021, default));
        var summary = await (await api.GetAsync(Path + "/summary?year=2021", api.Keys["secretariat"])).JsonAsync(200);
        Assert.Equal("returned", summary["completeness"]![0]!["states"]?.FirstOrDefault(s => s.Value<string>("state") == "THA")?.Value<string>("status") ?? "returned");
        Assert.Equal(1, summary["completeness"]![0]!.Value<int>("returned"));
    }

    [Fact]
    public async Task A_change_made_during_a_run_is_picked_up_by_the_next_run()
    {
        var markers = api.Services.GetRequiredService<DirtyMarkers>();
        await markers.MarkAsync("somswd-2021-2025", 2022, default);
        var seenByRun = (await markers.ListAsync(default)).Single(m => m.Year == 2022);
        await markers.MarkAsync("somswd-2021-2025", 2022, default); // a submission saved while the run works
        Assert.False(await markers.ClearAsync(seenByRun, default));
        Assert.True(await markers.IsDirtyAsync("somswd-2021-2025", 2022, default));

        await SubmitAsync(2022, "LAO", 7, 1, 2, accept: true);
        var run = await Job.RunAsync(false, default);
        Assert.Contains("somswd-2021-2025/2022", run.PlanYears);
        Assert.False(await markers.IsDirtyAsync("somswd-2021-2025", 2022, default));
    }

    [Fact]
    public async Task Two_overlapping_runs_do_the_work_once()
    {
        var markers = api.Services.GetRequiredService<DirtyMarkers>();
        foreach (var year in new[] { 2021, 2022, 2023, 2024, 2025 }) await markers.MarkAsync("somswd-2021-2025", year, default);
        await markers.MarkAsync("informal-social-security-2024-2027", 2024, default);
        var runs = await Task.WhenAll(Job.RunAsync(false, default), Job.RunAsync(false, default));
        // The 6 marked plan-years, and the informal plan's other years so far: they have no aggregate row yet, so they are
        // read too (as all missing) rather than left out of the plan to date.
        var informalYears = Math.Min(2027, DateTimeOffset.UtcNow.Year) - 2024 + 1;
        Assert.Equal(5 + informalYears, runs.Sum(r => r.PartitionsRecomputed));
        Assert.Contains(runs, r => r.Outcome.StartsWith("skipped") || r.PartitionsRecomputed == 0);
    }

    [Fact]
    public async Task Completeness_and_pending_list_who_has_not_submitted_with_days_left()
    {
        var due = DateTimeOffset.UtcNow.AddDays(10);
        await (await api.PutAsync("api/plans/informal-social-security-2024-2027/years/2025/window", api.Keys["secretariat"], new { due, locks = due.AddDays(30) })).JsonAsync(200);
        var path = "api/plans/informal-social-security-2024-2027/years/2025/submissions/THA";
        await (await api.PutAsync(path, api.Keys["THA"], new { values = new Dictionary<string, object> { ["4.2"] = new { value = 1000 } } })).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PutAsync("api/plans/informal-social-security-2024-2027/years/2025/submissions/VNM", api.Keys["VNM"], new { values = new { } })).JsonAsync(201);

        var pending = await (await api.GetAsync("api/plans/informal-social-security-2024-2027/pending?year=2025", api.Keys["secretariat"])).JsonAsync(200);
        var rows = ((JArray)pending["pending"]!).ToDictionary(r => r.Value<string>("state")!);
        Assert.Equal(9, rows.Count);
        Assert.DoesNotContain("THA", rows.Keys);
        Assert.Equal("draft", rows["VNM"].Value<string>("status"));
        Assert.Equal("notStarted", rows["MMR"].Value<string>("status"));
        Assert.Equal(10, rows["MMR"].Value<int>("daysLeft"));
        Assert.False(rows["MMR"].Value<bool>("overdue"));

        var own = await (await api.GetAsync("api/plans/informal-social-security-2024-2027/pending?year=2025", api.Keys["VNM"])).JsonAsync(200);
        Assert.Equal(["VNM"], own["pending"]!.Select(r => r.Value<string>("state")));

        var completeness = await (await api.GetAsync("api/plans/informal-social-security-2024-2027/completeness?year=2025", api.Keys["VNM"])).JsonAsync(200);
        var y = completeness["years"]![0]!;
        Assert.Equal(1, y.Value<int>("reported"));
        Assert.Contains("VNM", y["missing"]!.Values<string>());
    }

    [Fact]
    public async Task Summary_scope_and_parameters_are_checked()
    {
        await (await api.GetAsync(Path + "/summary", null)).ProblemAsync(401);
        await (await api.PostAsync("api/jobs/aggregate-progress/run", api.Keys["THA"])).ProblemAsync(403);
        await (await api.GetAsync(Path + "/summary?year=2030", api.Keys["THA"])).ProblemAsync(400, pointer: "year");
        await (await api.GetAsync(Path + "/summary?format=pdf", api.Keys["THA"])).ProblemAsync(400, pointer: "format");
        await (await api.GetAsync(Path + "/summary?view=x", api.Keys["THA"])).ProblemAsync(400, pointer: "view");
        await (await api.GetAsync("api/plans/nope/summary", api.Keys["THA"])).ProblemAsync(404);
    }
}

public sealed class ScheduledAggregationTests
{
    [Fact]
    public async Task Server_runs_the_aggregation_job_on_its_ncrontab_schedule()
    {
        await using var api = await (await ApiServer.StartAsync(settings: new()
        {
            ["Jobs:RunOnSchedule"] = "true",
            ["AggregationSchedule"] = "*/2 * * * * *",
        })).WithKeysAsync("THA");
        var path = Samples.SubmissionPath(2024, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission())).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);
        JObject summary = [];
        for (var i = 0; i < 40; i++)
        {
            summary = await (await api.GetAsync("api/plans/somswd-2021-2025/summary?year=2024", api.Keys["secretariat"])).JsonAsync(200);
            if (!summary.Value<bool>("stale")) break;
            await Task.Delay(500);
        }
        Assert.False(summary.Value<bool>("stale"));
        Assert.Equal(3, summary["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1")["regional"]!.Value<decimal>("value"));
    }

    [Fact]
    public async Task Server_refuses_to_start_with_an_invalid_schedule()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ApiServer.StartAsync(settings: new() { ["AggregationSchedule"] = "every ten minutes" }));
        Assert.Contains("every ten minutes", error.Message);
    }
}
