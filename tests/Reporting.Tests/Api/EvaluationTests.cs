using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Evaluation;
using Reporting.Frameworks;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>
/// The cross-plan evaluation against the ASCC Blueprint 2025 through the real server on Azurite, over the two sample plans
/// of different sectoral bodies (SOMSWD and SLOM): every figure is checked against what the test computes from each plan's
/// own summary and plan links; scope per caller; the report's manifest and no-rewrite rules; incremental recomputation.
/// </summary>
public sealed partial class EvaluationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Blueprint = "ascc-blueprint-2025";
    private const string Somswd = Samples.Plan;
    private const string Slom = Samples.OtherBodyPlan;
    private const string SlomTitle = "Social protection for informal-sector workers";
    private const string Evaluation = $"api/frameworks/{Blueprint}/evaluation";
    private const string Reports = $"api/frameworks/{Blueprint}/reports";

    private ApiServer api = null!;
    private string Admin => api.Keys["admin"];

    public async Task InitializeAsync() => api = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await api.DisposeAsync();

    private static object Act(string title, string outcome, int importance, string? kra = null) =>
        kra is null ? new { title, outcome, importance } : new { title, outcome, importance, kra };

    private static JObject SomswdReport(int policies, params object[] activities) => JObject.FromObject(new
    {
        values = new Dictionary<string, object>
        {
            ["5.1.1"] = new { value = policies },
            ["5.1.2"] = new { value = 4 },
            ["5.2.1"] = new { numerator = 45 + policies, denominator = 120 },
            ["5.2.5"] = new { achieved = policies % 2 == 0, evidenceUrl = "https://example.gov/strategy.pdf" },
        },
        activities,
    });

    private static JObject SlomReport(int covered, int workers, params object[] activities) => JObject.FromObject(new
    {
        values = new Dictionary<string, object> { ["4.1"] = new { numerator = covered, denominator = 100 }, ["4.2"] = new { value = workers } },
        activities,
    });

    private Task ReportAsync(string plan, int year, string state, JObject body, bool accept = true) => ReportAsync(api, plan, year, state, body, accept);

    private static async Task ReportAsync(ApiServer api, string plan, int year, string state, JObject body, bool accept = true)
    {
        var path = $"api/plans/{plan}/years/{year}/submissions/{state}";
        var admin = api.Keys["admin"];
        await (await api.PutAsync(path, admin, body)).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", admin, ifMatch: "\"r1\"")).JsonAsync(200);
        if (accept) await (await api.PostAsync(path + "/review", admin, new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
    }

    private Task LoadAsync() => LoadAsync(api);

    /// <summary>
    /// SOMSWD: 2023 one state; 2024 seven accepted (enough to judge) and one awaiting review. SLOM: 2024 two states (not enough);
    /// 2025 eight accepted and one awaiting review. Activities name D.4 or B.1, or no area (then their outcome's count). Any
    /// server (the browser test of the evaluation page loads the same).
    /// </summary>
    internal static async Task LoadAsync(ApiServer api)
    {
        Task ReportAsync(string plan, int year, string state, JObject body, bool accept = true) => EvaluationTests.ReportAsync(api, plan, year, state, body, accept);
        await ReportAsync(Somswd, 2023, "THA", SomswdReport(2, Act("ASEAN GO-NGO Forum", "3.2.4", 3)));
        string[] accepted = ["THA", "VNM", "LAO", "MYS", "KHM", "IDN", "PHL"];
        for (var i = 0; i < accepted.Length; i++)
        {
            var activities = new List<object> { Act("ASEAN GO-NGO Forum", "3.2.4", 1 + i % 3) };
            if (i < 3) activities.Add(Act("Social pension reform", "3.2.3", 3 - i, "D.4"));
            if (i == 3) activities.Add(Act("Social pension reform", "3.2.3", 2));
            if (i == 4) activities.Add(Act("Disability inclusion training", "3.2.2", 2, "B.1"));
            await ReportAsync(Somswd, 2024, accepted[i], SomswdReport(i + 1, [.. activities]));
        }
        await ReportAsync(Somswd, 2024, "SGP", SomswdReport(9, Act("Social pension reform", "3.2.3", 3, "D.4")), accept: false);

        await ReportAsync(Slom, 2024, "THA", SlomReport(11, 1200, Act("Informal worker registration drive", "3.1", 3, "D.4")));
        await ReportAsync(Slom, 2024, "VNM", SlomReport(9, 800));
        string[] slom2025 = ["THA", "VNM", "LAO", "MYS", "KHM", "IDN", "PHL", "SGP"];
        for (var i = 0; i < slom2025.Length; i++)
            await ReportAsync(Slom, 2025, slom2025[i], SlomReport(10 + i, 1000 + 100 * i,
                i % 2 == 0 ? Act("Informal worker registration drive", "3.1", 2, "D.4") : Act("Informal worker registration drive", "3.1", 1)));
        await ReportAsync(Slom, 2025, "BRN", SlomReport(30, 5000, Act("Micro-insurance pilot", "3.2", 3)), accept: false);

        await (await api.PostAsync("api/jobs/aggregate-progress/run", api.Keys["admin"])).JsonAsync(200);
    }

    /// <summary>
    /// A plan as the evaluation must see it: its links, its own summary (the one plans[].summaryYear names) and the activity
    /// ranking lines counted (the summary's own, or those of each year through the framework's last for a plan past it).
    /// </summary>
    private sealed record PlanSide(string Id, JObject Plan, JObject Summary, List<JToken> Ranks);

    private async Task<PlanSide> SideAsync(string plan, int? summaryYear, string key, params int[] activityYears)
    {
        var body = await (await api.GetAsync($"api/plans/{plan}", Admin)).JsonAsync(200);
        var summary = await (await api.GetAsync($"api/plans/{plan}/summary" + (summaryYear is { } y ? $"?year={y}" : ""), key)).JsonAsync(200);
        var ranks = summary["activities"]?.ToList() ?? [];
        if (activityYears.Length > 0)
        {
            ranks = [];
            foreach (var year in activityYears)
                ranks.AddRange((await (await api.GetAsync($"api/plans/{plan}/summary?year={year}", key)).JsonAsync(200))["activities"]?.ToList() ?? []);
        }
        return new PlanSide(plan, body, summary, ranks);
    }

    private static List<string> Serves(JToken? element) => element?["serves"]?.Values<string>().OfType<string>().ToList() ?? [];

    /// <summary>What the test computes for one key result area from the plans' links and summaries alone.</summary>
    private static (List<(string Plan, JToken Indicator)> Indicators, List<string> Plans, Dictionary<string, int> Counts, int Score, int Activities) Expected(string kra, IEnumerable<PlanSide> sides, bool activities)
    {
        var indicators = new List<(string, JToken)>();
        var plans = new HashSet<string>();
        int score = 0, count = 0;
        foreach (var side in sides)
        {
            var outcomes = side.Plan["outcomes"]!.ToDictionary(o => o.Value<string>("code")!, o => Serves(o));
            var outputs = side.Plan["outputs"]!.ToDictionary(o => o.Value<string>("code")!, o => Serves(o));
            if (outcomes.Values.Any(s => s.Contains(kra)) || outputs.Values.Any(s => s.Contains(kra))) plans.Add(side.Id);
            foreach (var indicator in side.Summary["indicators"]!)
            {
                var def = side.Plan["indicators"]!.Single(i => i.Value<string>("code") == indicator.Value<string>("code"));
                var links = Serves(def)
                    .Concat(def.Value<string>("outcome") is { } o ? outcomes.GetValueOrDefault(o) ?? [] : [])
                    .Concat(def.Value<string>("output") is { } p ? outputs.GetValueOrDefault(p) ?? [] : []);
                if (!links.Contains(kra)) continue;
                indicators.Add((side.Id, indicator));
                plans.Add(side.Id);
            }
            if (!activities) continue;
            foreach (var rank in side.Ranks)
            {
                var kras = rank["kras"]!.ToList();
                if (kras.FirstOrDefault(k => k.Value<string>("kra") == kra) is { } named)
                {
                    score += named.Value<int>("score");
                    count += named.Value<int>("activities");
                }
                var unnamed = rank.Value<int>("activities") - kras.Sum(k => k.Value<int>("activities"));
                if (unnamed > 0 && outcomes.GetValueOrDefault(rank.Value<string>("outcome")!)?.Contains(kra) == true)
                {
                    score += rank.Value<int>("score") - kras.Sum(k => k.Value<int>("score"));
                    count += unnamed;
                }
            }
        }
        var counts = indicators.Where(i => i.Item2.Value<string>("kind") != "narrative")
            .GroupBy(i => i.Item2["progress"]?.Value<string>("status") ?? "noData").ToDictionary(g => g.Key, g => g.Count());
        return (indicators, plans.Order(StringComparer.Ordinal).ToList(), counts, score, count);
    }

    /// <summary>Every KRA of the evaluation equals what the test computes from the plans' summaries; returns how many indicator figures were compared.</summary>
    private static int AssertEqualsSummaries(JObject evaluation, IReadOnlyList<PlanSide> sides, bool activities)
    {
        var compared = 0;
        var kras = evaluation["characteristics"]!.SelectMany(c => c["keyResultAreas"]!).ToList();
        Assert.Equal(12, kras.Count);
        foreach (var k in kras)
        {
            var code = k.Value<string>("code")!;
            var expected = Expected(code, sides, activities);
            Assert.Equal(expected.Plans, k["plans"]!.Values<string>().OfType<string>().ToList());
            var got = k["indicators"]!.ToList();
            Assert.Equal(expected.Indicators.Select(i => $"{i.Plan} {i.Indicator.Value<string>("code")}").Order(StringComparer.Ordinal),
                got.Select(i => $"{i.Value<string>("planId")} {i.Value<string>("code")}").Order(StringComparer.Ordinal));
            foreach (var (plan, summary) in expected.Indicators)
            {
                var mine = got.Single(i => i.Value<string>("planId") == plan && i.Value<string>("code") == summary.Value<string>("code"));
                Assert.True(JToken.DeepEquals(summary["progress"], mine["progress"]), $"{code} {plan} {summary["code"]}: progress {mine["progress"]} but the summary says {summary["progress"]}");
                Assert.True(JToken.DeepEquals(summary["regional"], mine["figure"]), $"{code} {plan} {summary["code"]}: figure {mine["figure"]} but the summary says {summary["regional"]}");
                Assert.Equal(summary.Value<bool>("provisional"), mine.Value<bool>("provisional"));
                compared++;
            }
            foreach (var status in new[] { "achieved", "onTrack", "atRisk", "offTrack", "notEnoughReports", "noData", "noTarget" })
                Assert.Equal(expected.Counts.GetValueOrDefault(status), k["status"]!.Value<int>(status));
            if (activities)
            {
                Assert.Equal(expected.Score, k["activities"]!.Value<int>("score"));
                Assert.Equal(expected.Activities, k["activities"]!.Value<int>("activities"));
            }
            else Assert.Null(k["activities"]);
            Assert.Equal(expected.Plans.Count == 0, k["gaps"]!.Values<string>().Contains("notServed"));
        }
        return compared;
    }

    [Fact]
    public async Task Evaluation_over_two_bodies_plans_equals_what_each_plans_own_summary_gives()
    {
        await LoadAsync();

        // One year: each plan's summary of that year.
        var year = await (await api.GetAsync(Evaluation + "?year=2024", Admin)).JsonAsync(200);
        Assert.Equal([Slom, Somswd], year["plans"]!.Select(p => p.Value<string>("planId")!).ToList());
        Assert.All(year["plans"]!, p => Assert.Equal(2024, p.Value<int>("summaryYear")));
        var compared = AssertEqualsSummaries(year, [await SideAsync(Somswd, 2024, Admin), await SideAsync(Slom, 2024, Admin)], activities: true);

        // The whole period (it is 2026 or later: SOMSWD 2021-2025 to date; SLOM 2024-2027 has run past 2025, so through 2025).
        var period = await (await api.GetAsync(Evaluation, Admin)).JsonAsync(200);
        var plans = period["plans"]!.ToDictionary(p => p.Value<string>("planId")!);
        Assert.Null(plans[Somswd]["summaryYear"]);
        Assert.Equal(2025, plans[Slom].Value<int>("summaryYear"));
        compared += AssertEqualsSummaries(period, [await SideAsync(Somswd, null, Admin), await SideAsync(Slom, 2025, Admin, 2024, 2025)], activities: true);

        // Concrete figures, so the comparison above is not empty on both sides: D.4 is served by both plans.
        var d4 = period["characteristics"]!.SelectMany(c => c["keyResultAreas"]!).Single(k => k.Value<string>("code") == "D.4");
        Assert.Equal([Slom, Somswd], d4["plans"]!.Values<string>().OfType<string>().ToList());
        Assert.False(d4.Value<bool>("confirmed"));
        Assert.Contains("unconfirmed", d4["gaps"]!.Values<string>());
        // Named D.4: SOMSWD 3+2+1 accepted and SGP's 3 awaiting review; SLOM through 2025: 3 in 2024 and four times 2 in 2025.
        var named = d4["activities"]!["named"]!;
        Assert.Equal(3 + 2 + 1 + 3 + 3 + 2 * 4, named.Value<int>("score"));
        Assert.Contains(period["gaps"]!["callsFor"]!.Values<string>(), c => c!.Contains("6 of the framework's 18 key result areas", StringComparison.Ordinal));
        Assert.Contains("C.1", period["gaps"]!["notServed"]!.Values<string>());

        // Read from the contributions the aggregation job stored: no plan is computed on read.
        var reader = api.Services.GetRequiredService<EvaluationReader>();
        var framework = api.Services.GetRequiredService<FrameworkDirectory>().Find(Blueprint)!;
        var outcome = await reader.ReadWithOutcomeAsync(framework, null, Caller.With("t", "t", Role.Admin), default);
        Assert.Equal((2, 0), (outcome.Stored, outcome.ComputedOnRead));
        Assert.Equal(Reporting.Http.Json.Serialize(period), Reporting.Http.Json.Serialize(JObject.Parse(Reporting.Http.Json.Serialize(outcome.Evaluation))));
        output.WriteLine($"evaluation: {compared} serving-indicator figures compared with the plans' own summaries, 2 plans from stored contributions");
    }

    [GeneratedRegex("\\b(BRN|IDN|KHM|LAO|MMR|MYS|PHL|SGP|TLS|VNM)\\b")]
    private static partial Regex StateOtherThanThailand();

    private static string TextOf(byte[] body, string? mediaType)
    {
        if (mediaType != SummaryEndpoints.XlsxType) return Encoding.UTF8.GetString(body);
        using var zip = new ZipArchive(new MemoryStream(body), ZipArchiveMode.Read);
        return string.Join("\n", zip.Entries.Select(e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd()));
    }

    /// <summary>The JSON, every CSV view and the XLSX of one caller's evaluation, as text.</summary>
    private async Task<List<(string What, string Text)>> EveryFormatAsync(string key, string query = "")
    {
        var all = new List<(string, string)>();
        foreach (var format in new[] { "json", "xlsx" }.Concat(EvaluationExport.Views.Select(v => "csv&view=" + v)))
        {
            var response = await api.GetAsync($"{Evaluation}?format={format}{query}", key);
            Assert.True(response.IsSuccessStatusCode, $"{format}: {(int)response.StatusCode}");
            all.Add((format, TextOf(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType)));
        }
        return all;
    }

    [Fact]
    public async Task Each_caller_sees_only_the_plans_in_scope_in_the_view_its_summaries_give()
    {
        await LoadAsync();
        var store = api.Services.GetRequiredService<ApiKeyStore>();
        var desk = (await store.CreateAsync(Role.Secretariat, null, "SOMSWD desk", null, "tests", default, scope: new AccessScope { Bodies = ["SOMSWD"] })).Key;
        var observer = (await store.CreateAsync(Role.Observer, null, "Observer of both", null, "tests", default, scope: new AccessScope { Bodies = ["SOMSWD", "SLOM"] })).Key;
        var focal = (await store.CreateAsync(Role.FocalPoint, "THA", "THA focal point", null, "tests", default, scope: AccessScope.Everything)).Key;
        var everyPlanDesk = (await store.CreateAsync(Role.Secretariat, null, "ASCC monitoring desk", null, "tests", default, scope: AccessScope.Everything)).Key;

        // A desk of one body: its own plan only, and nothing anywhere says another body's plan exists.
        var mine = await (await api.GetAsync(Evaluation, desk)).JsonAsync(200);
        Assert.Equal([Somswd], mine["plans"]!.Select(p => p.Value<string>("planId")!).ToList());
        AssertEqualsSummaries(mine, [await SideAsync(Somswd, null, desk)], activities: true);
        foreach (var (what, text) in await EveryFormatAsync(desk))
        {
            Assert.DoesNotContain(Slom, text);
            Assert.DoesNotContain(SlomTitle, text);
            Assert.DoesNotContain("SLOM", text);
            Assert.DoesNotContain("Informal worker registration", text);
            Assert.False(text.Contains("2 plans", StringComparison.Ordinal), $"{what} counts plans it does not show");
        }

        // Observers: official figures only, as their summaries; no activity ranking (it counts reports awaiting review).
        var seen = await (await api.GetAsync(Evaluation + "?year=2024", observer)).JsonAsync(200);
        Assert.All(seen["plans"]!, p => Assert.Equal("observer", p.Value<string>("view")));
        Assert.All(seen["plans"]!, p => Assert.True(p.Value<bool>("officialOnly")));
        AssertEqualsSummaries(seen, [await SideAsync(Somswd, 2024, observer), await SideAsync(Slom, 2024, observer)], activities: false);
        Assert.DoesNotContain("\"provisional\":true", Reporting.Http.Json.Serialize(seen));

        // A focal point: official regional figures of the plans in scope, and no other state's code in any format.
        var theirs = await (await api.GetAsync(Evaluation, focal)).JsonAsync(200);
        AssertEqualsSummaries(theirs, [await SideAsync(Somswd, null, focal), await SideAsync(Slom, 2025, focal)], activities: false);
        foreach (var (what, text) in await EveryFormatAsync(focal))
            Assert.False(StateOtherThanThailand().IsMatch(text), $"{what} names another state: {StateOtherThanThailand().Match(text).Value}");

        // The stored report covers every body's plans: a desk of one body may neither generate nor read it; a desk of every plan may.
        await (await api.PostAsync(Reports, desk, new { })).ProblemAsync(403, "forbidden");
        await (await api.GetAsync(Reports, desk)).ProblemAsync(403, "forbidden");
        await (await api.PostAsync(Reports, observer, new { })).ProblemAsync(403);
        var created = await (await api.PostAsync(Reports, everyPlanDesk, new { year = 2024 })).JsonAsync(202);
        await (await api.GetAsync($"{Reports}/{created.Value<string>("reportId")}/data.json", desk)).ProblemAsync(403, "forbidden");
        Assert.Equal(2, (await (await api.GetAsync($"{Reports}/{created.Value<string>("reportId")}/manifest.json", everyPlanDesk)).JsonAsync(200))["plans"]!.Count());

        await (await api.GetAsync(Evaluation + "?year=2015", desk)).ProblemAsync(400, pointer: "year");
        await (await api.GetAsync(Evaluation + "?year=2099", desk)).ProblemAsync(400, pointer: "year");
        await (await api.GetAsync(Evaluation + "?view=states&format=csv", desk)).ProblemAsync(400, pointer: "view");
        await (await api.GetAsync("api/frameworks/no-such-framework/evaluation", desk)).ProblemAsync(404, "not-found");
    }

    private async Task<List<BlobItem>> BlobsAsync(string prefix)
    {
        var list = new List<BlobItem>();
        await foreach (var b in api.Services.GetRequiredService<ReportingBlobs>().Reports.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default)) list.Add(b);
        return list;
    }

    [Fact]
    public async Task Report_writes_files_then_its_manifest_never_overwrites_and_writes_nothing_when_unchanged()
    {
        await LoadAsync();
        var first = await (await api.PostAsync(Reports, Admin, new { })).JsonAsync(202);
        var id = first.Value<string>("reportId")!;
        Assert.Matches("^evaluation\\.[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", id);
        Assert.True(first.Value<bool>("interim"));

        var manifest = await (await api.GetAsync($"{Reports}/{id}/manifest.json", Admin)).JsonAsync(200);
        Assert.Equal(["report.html", "data.json", "evaluation.xlsx", "evaluation.csv"], manifest["files"]!.Select(f => f.Value<string>("name")!).ToList());
        foreach (var file in manifest["files"]!)
        {
            var bytes = await (await api.GetAsync($"{Reports}/{id}/{file.Value<string>("name")}", Admin)).Content.ReadAsByteArrayAsync();
            Assert.Equal(file.Value<long>("size"), bytes.Length);
            Assert.Equal(file.Value<string>("sha256"), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        var dataBytes = await (await api.GetAsync($"{Reports}/{id}/data.json", Admin)).Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(dataBytes)), manifest.Value<string>("contentHash"));
        var data = JObject.Parse(Encoding.UTF8.GetString(dataBytes));
        var live = await (await api.GetAsync(Evaluation, Admin)).JsonAsync(200);
        Assert.True(JToken.DeepEquals(live, data["evaluation"]), "the report's data.json differs from the live evaluation");
        var html = Encoding.UTF8.GetString(await (await api.GetAsync($"{Reports}/{id}/report.html", Admin)).Content.ReadAsByteArrayAsync());
        Assert.Contains("D.4 Strengthened social protection", html);
        Assert.Contains("working label, not confirmed", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // Files first, manifest last: the manifest is the newest blob of the folder.
        var folder = await BlobsAsync($"_frameworks/{Blueprint}/evaluation/");
        Assert.Equal(5, folder.Count);
        var manifestBlob = folder.Single(b => b.Name.EndsWith("/manifest.json", StringComparison.Ordinal));
        Assert.All(folder, b => Assert.True(b.Properties.LastModified <= manifestBlob.Properties.LastModified, $"{b.Name} was written after the manifest"));
        var etags = folder.ToDictionary(b => b.Name, b => b.Properties.ETag);

        // Nothing changed: nothing written, the same version named.
        var again = await (await api.PostAsync(Reports, Admin, new { })).JsonAsync(200);
        Assert.False(again.Value<bool>("written"));
        Assert.Equal(id, again.Value<string>("reportId"));
        Assert.Equal(5, (await BlobsAsync($"_frameworks/{Blueprint}/")).Count);

        // A new report: one state's figures change; a new version, the first one untouched.
        await ReportAsync(Somswd, 2024, "BRN", SomswdReport(6));
        await (await api.PostAsync("api/jobs/aggregate-progress/run", Admin)).JsonAsync(200);
        var next = await (await api.PostAsync(Reports, Admin, new { })).JsonAsync(202);
        Assert.NotEqual(id, next.Value<string>("reportId"));
        var after = await BlobsAsync($"_frameworks/{Blueprint}/evaluation/");
        Assert.Equal(10, after.Count);
        foreach (var (name, etag) in etags) Assert.Equal(etag, after.Single(b => b.Name == name).Properties.ETag);

        // A folder without its manifest (a generation that stopped half-way) does not exist for readers.
        await api.Services.GetRequiredService<ReportingBlobs>().Reports.GetBlobClient($"_frameworks/{Blueprint}/evaluation/20990101T000000Z-deadbeef/report.html")
            .UploadAsync(new BinaryData("half"));
        var list = await (await api.GetAsync(Reports, Admin)).JsonTokenAsync(200);
        Assert.Equal([next.Value<string>("reportId")!, id], list.Select(r => r.Value<string>("reportId")!).ToList());
        await (await api.GetAsync($"{Reports}/evaluation.20990101T000000Z-deadbeef/report.html", Admin)).ProblemAsync(404);

        await (await api.PostAsync(Reports, Admin, new { year = 2015 })).ProblemAsync(400, pointer: "/year");
        await (await api.PostAsync(Reports, Admin, new { year = 2099 })).ProblemAsync(400, pointer: "/year");
        await (await api.GetAsync($"{Reports}/{id}/summary.xlsx", Admin)).ProblemAsync(400, pointer: "evaluationFile");
        await (await api.GetAsync($"{Reports}/annual-2024.20261123T031500Z-ab12cd34/report.html", Admin)).ProblemAsync(400, pointer: "evaluationId");
    }

    private async Task<Dictionary<string, string>> ContributionRowsAsync()
    {
        var rows = new Dictionary<string, string>();
        var table = api.Services.GetRequiredService<ReportingTables>().Evaluations;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Blueprint}")))
            rows[e.RowKey] = e.ETag.ToString()!;
        return rows;
    }

    [Fact]
    public async Task A_change_in_one_plan_recomputes_that_plans_contributions_only()
    {
        await LoadAsync();
        var before = await ContributionRowsAsync();
        // SOMSWD: 2021-2025 and the period; SLOM: 2024, 2025 and the period (2026 is past the framework).
        Assert.Equal(9, before.Count);

        await ReportAsync(Slom, 2025, "MMR", SlomReport(40, 9000));
        var run = await (await api.PostAsync("api/jobs/aggregate-progress/run", Admin)).JsonAsync(200);
        Assert.Equal(1, run.Value<int>("partitionsRecomputed"));
        Assert.Equal(3, run.Value<int>("contributionsComputed"));
        var after = await ContributionRowsAsync();
        foreach (var (row, etag) in before.Where(r => r.Key.StartsWith(Somswd + "|", StringComparison.Ordinal)))
            Assert.Equal(etag, after[row]);
        Assert.NotEqual(before[$"{Slom}|2025"], after[$"{Slom}|2025"]);
        Assert.NotEqual(before[$"{Slom}|period"], after[$"{Slom}|period"]);
        Assert.Equal(before[$"{Slom}|2024"], after[$"{Slom}|2024"]);
        output.WriteLine($"evaluation: after one SLOM submission, {run.Value<int>("contributionsComputed")} contributions computed, {run.Value<int>("contributionsWritten")} written, of {after.Count}");

        var period = await (await api.GetAsync(Evaluation, Admin)).JsonAsync(200);
        AssertEqualsSummaries(period, [await SideAsync(Somswd, null, Admin), await SideAsync(Slom, 2025, Admin, 2024, 2025)], activities: true);
    }

    [Fact]
    public async Task A_row_of_an_older_shape_or_a_missing_contribution_is_computed_from_the_aggregates_and_stored_by_the_next_run()
    {
        await LoadAsync();
        var tables = api.Services.GetRequiredService<ReportingTables>();
        var aggregates = api.Services.GetRequiredService<AggregateStore>();

        // The layout of before KRAs: shape 2, activity ranks without kras. Its contributions are gone (as before this feature).
        var stored = (await aggregates.GetAsync(Somswd, 2024, default))!;
        var old = JObject.Parse(Reporting.Http.Json.Serialize(stored.Aggregate));
        old["shape"] = 2;
        foreach (var rank in old["activities"]!) ((JObject)rank).Remove("kras");
        await aggregates.SaveAsync(JsonConvert.DeserializeObject<PlanAggregate>(old.ToString(), Reporting.Http.Json.Settings)!, null, default);
        await foreach (var e in tables.Evaluations.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Blueprint}")))
            await tables.Evaluations.DeleteEntityAsync(e.PartitionKey, e.RowKey);

        // Read: computed on read, SOMSWD's outdated year says so (stale, no data), and its year is marked for the next run.
        var reading = await (await api.GetAsync(Evaluation + "?year=2024", Admin)).JsonAsync(200);
        var somswd = reading["plans"]!.Single(p => p.Value<string>("planId") == Somswd);
        Assert.True(somswd.Value<bool>("stale"));
        Assert.True(await api.Services.GetRequiredService<DirtyMarkers>().IsDirtyAsync(Somswd, 2024, default));
        AssertEqualsSummaries(reading, [await SideAsync(Somswd, 2024, Admin), await SideAsync(Slom, 2024, Admin)], activities: true);

        var run = await (await api.PostAsync("api/jobs/aggregate-progress/run", Admin)).JsonAsync(200);
        Assert.True(run.Value<int>("contributionsWritten") > 0, run.ToString());
        var fresh = (await aggregates.GetAsync(Somswd, 2024, default))!.Aggregate;
        Assert.Equal(PlanAggregate.CurrentShape, fresh.Shape);
        var pension = fresh.Activities.Single(a => a.Title == "Social pension reform");
        Assert.Equal([new KraScore("D.4", 3 + 2 + 1 + 3, 4)], pension.Kras);
        Assert.Equal(3 + 2 + 1 + 3 + 2, pension.Score);

        var outcome = await api.Services.GetRequiredService<EvaluationReader>().ReadWithOutcomeAsync(
            api.Services.GetRequiredService<FrameworkDirectory>().Find(Blueprint)!, 2024, Caller.With("t", "t", Role.Admin), default);
        Assert.Equal((2, 0), (outcome.Stored, outcome.ComputedOnRead));
        AssertEqualsSummaries(await (await api.GetAsync(Evaluation + "?year=2024", Admin)).JsonAsync(200),
            [await SideAsync(Somswd, 2024, Admin), await SideAsync(Slom, 2024, Admin)], activities: true);
    }
}
