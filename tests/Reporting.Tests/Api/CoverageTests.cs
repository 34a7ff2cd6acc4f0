using System.Globalization;
using System.Text;
using CsvHelper;
using Newtonsoft.Json.Linq;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>
/// Figures the secretariat can forward: every regional figure says what it rests on, progress is judged only on enough
/// reports, completeness covers every plan year and adds up, narratives of every counted report are in the highlights,
/// and the spreadsheets read back (with a reader other than the writer) as they were meant.
/// </summary>
public sealed class CoverageTests : IAsyncLifetime
{
    private static readonly string[] Ten = ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"];
    private const string RulesPlan = "coverage-rules-2024-2025";
    private const string Somswd = "api/plans/somswd-2021-2025";
    private const string Emoji = "🤝🏽 ความร่วมมือ 👩‍👧";

    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync([.. Ten, "TLS"]);

    public async Task DisposeAsync() => await api.DisposeAsync();

    /// <summary>One indicator per way of combining states, each with a target the reports below reach.</summary>
    private static JObject RulesPlanBody() => JObject.FromObject(new
    {
        id = RulesPlan,
        title = "Coverage rules",
        sectoralBody = "SOMSWD",
        firstYear = 2024,
        lastYear = 2025,
        goals = new[] { new { code = "1", text = "A goal" } },
        outcomes = new[] { new { code = "1.1", text = "An outcome", goals = new[] { "1" } } },
        indicators = new object[]
        {
            new { code = "SUM", title = "Policies (sum)", outcome = "1.1", kind = "count", unit = "policies", stateAggregation = "sum", yearAggregation = "latest",
                baseline = new { value = 0, year = 2023 }, target = new { value = 10, year = 2025 } },
            new { code = "MEAN", title = "Days (mean)", outcome = "1.1", kind = "count", unit = "days", stateAggregation = "mean", yearAggregation = "latest",
                baseline = new { value = 0, year = 2023 }, target = new { value = 4, year = 2025 } },
            new { code = "RATE", title = "Coverage rate (weighted mean)", outcome = "1.1", kind = "percentage", stateAggregation = "weightedMean", yearAggregation = "latest",
                baseline = new { value = 10, year = 2023 }, target = new { value = 50, year = 2025 } },
            new { code = "YES", title = "Strategy adopted (count of yes)", outcome = "1.1", kind = "milestone", unit = "member states", stateAggregation = "countYes", yearAggregation = "latest",
                baseline = new { value = 0, year = 2023 }, target = new { value = 5, year = 2025 } },
        },
    });

    private static JObject RulesValues() => JObject.FromObject(new
    {
        values = new Dictionary<string, object>
        {
            ["SUM"] = new { value = 2 },
            ["MEAN"] = new { value = 5 },
            ["RATE"] = new { numerator = 60, denominator = 100 },
            ["YES"] = new { achieved = true, evidenceUrl = "https://example.gov/strategy.pdf" },
        },
    });

    private async Task ReportAsync(string plan, int year, string state, JObject body, string outcome)
    {
        var path = $"api/plans/{plan}/years/{year}/submissions/{state}";
        await (await api.PutAsync(path, api.Keys[state], body)).JsonAsync(201);
        if (outcome == "draft") return;
        await (await api.PostAsync(path + "/submit", api.Keys[state], ifMatch: "\"r1\"")).JsonAsync(200);
        if (outcome == "accept" || outcome == "return")
            await (await api.PostAsync(path + "/review", api.Keys["secretariat"],
                outcome == "accept" ? new { decision = "accept" } : new { decision = "return", comment = "Please check the figures." }, ifMatch: "\"r2\"")).JsonAsync(200);
    }

    private async Task AggregateAsync() => await (await api.PostAsync("api/jobs/aggregate-progress/run", api.Keys["secretariat"])).JsonAsync(200);

    private async Task<byte[]> BytesAsync(string path, string key)
    {
        var response = await api.GetAsync(path, key);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Each_rule_is_withheld_below_two_thirds_of_the_expected_states_and_judged_once_they_report()
    {
        await (await api.PutAsync($"api/plans/{RulesPlan}", api.Keys["admin"], RulesPlanBody())).JsonAsync(201);
        foreach (var state in Ten.Take(3)) await ReportAsync(RulesPlan, 2024, state, RulesValues(), "accept");
        await AggregateAsync();

        var partial = await (await api.GetAsync($"api/plans/{RulesPlan}/summary?year=2024", api.Keys["secretariat"])).JsonAsync(200);
        foreach (var code in new[] { "SUM", "MEAN", "RATE", "YES" })
        {
            var i = partial["indicators"]!.Single(x => x.Value<string>("code") == code);
            Assert.Equal(3, i["coverage"]!.Value<int>("counted"));
            Assert.Equal(10, i["coverage"]!.Value<int>("expected"));
            Assert.Equal(Ten.Skip(3), i["coverage"]!["missing"]!.Values<string>());
            Assert.Equal("from 3 of 10 states", i["coverage"]!.Value<string>("text"));
            var progress = i["progress"]!;
            Assert.True(progress.Value<string>("status") == "notEnoughReports", $"{code}: {progress}");
            Assert.Null(progress.Value<decimal?>("share"));
            Assert.Equal(7, progress.Value<int>("needed"));
            Assert.Equal(3, progress["coverage"]!.Value<int>("counted"));
            Assert.NotNull(progress.Value<decimal?>("value")); // the figure is shown, only the judgement is withheld
        }
        // A sum of 3 states (6 policies) would read "off track" against 10, a count of 3 yes against 5 likewise: neither is judged.
        Assert.Equal(6m, partial["indicators"]!.Single(x => x.Value<string>("code") == "SUM")["regional"]!.Value<decimal>("value"));
        Assert.Contains(partial["gaps"]!["indicators"]!, g => g.Value<string>("code") == "SUM" && g.Value<string>("status") == "notEnoughReports");
        Assert.Contains(partial["gaps"]!["callsFor"]!.Values<string>(), c => c!.Contains("SUM (3 of 10 states)"));

        var csv = Encoding.UTF8.GetString((await BytesAsync($"api/plans/{RulesPlan}/summary?year=2024&format=csv&view=regional", api.Keys["secretariat"]))[3..]);
        using (var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture))
        {
            var row = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Single(r => (string)r["Indicator"] == "RATE");
            Assert.Equal("Not enough reports to judge: 3 of 10 states (7 needed)", row["Progress"]);
            Assert.Equal("from 3 of 10 states", row["Coverage"]);
            Assert.Equal("7 of 10", row["Needed to judge"]);
        }

        foreach (var state in Ten.Skip(3).Take(4)) await ReportAsync(RulesPlan, 2024, state, RulesValues(), "accept");
        await AggregateAsync();
        var enough = await (await api.GetAsync($"api/plans/{RulesPlan}/summary?year=2024", api.Keys["secretariat"])).JsonAsync(200);
        string Status(string code) => enough["indicators"]!.Single(x => x.Value<string>("code") == code)["progress"]!.Value<string>("status")!;
        // 7 states x 2 policies = 14 of 10; a mean of 5 days against 4; 60% against 50%; 7 yes against 5.
        Assert.Equal(["achieved", "achieved", "achieved", "achieved"], new[] { "SUM", "MEAN", "RATE", "YES" }.Select(Status));
        var sum = enough["indicators"]!.Single(x => x.Value<string>("code") == "SUM");
        Assert.Equal(14m, sum["regional"]!.Value<decimal>("value"));
        Assert.Equal("from 7 of 10 states", sum["progress"]!["coverage"]!.Value<string>("text"));
        Assert.Equal(["SGP", "THA", "VNM"], sum["coverage"]!["missing"]!.Values<string>());
    }

    [Fact]
    public async Task Completeness_adds_up_and_counts_a_voluntary_reporter_apart_in_the_endpoint_the_summary_and_the_report()
    {
        await ReportAsync("somswd-2021-2025", 2025, "THA", Samples.Submission(), "accept");
        await ReportAsync("somswd-2021-2025", 2025, "VNM", Samples.Submission(), "submit");
        await ReportAsync("somswd-2021-2025", 2025, "LAO", Samples.Submission(), "return");
        await ReportAsync("somswd-2021-2025", 2025, "TLS", Samples.Submission(), "submit");
        await ReportAsync("somswd-2021-2025", 2025, "MYS", Samples.Submission(), "draft");
        await AggregateAsync();

        var fromEndpoint = (await (await api.GetAsync($"{Somswd}/completeness?year=2025", api.Keys["secretariat"])).JsonAsync(200))["years"]![0]!;
        var fromSummary = (await (await api.GetAsync($"{Somswd}/summary?year=2025", api.Keys["secretariat"])).JsonAsync(200))["completeness"]![0]!;
        var reportId = (await (await api.PostAsync($"{Somswd}/reports", api.Keys["secretariat"], new { kind = "annual", year = 2025 })).JsonAsync(202)).Value<string>("reportId")!;
        var data = JObject.Parse(Encoding.UTF8.GetString(await BytesAsync($"{Somswd}/reports/{reportId}/data.json", api.Keys["secretariat"])));
        var html = Encoding.UTF8.GetString(await BytesAsync($"{Somswd}/reports/{reportId}/report.html", api.Keys["secretariat"]));
        var fromReport = data["completeness"]![0]!;

        foreach (var c in new[] { fromEndpoint, fromSummary, fromReport })
        {
            Assert.Equal(10, c.Value<int>("expected"));
            Assert.Equal(3, c.Value<int>("reported"));
            Assert.Equal((1, 1, 1), (c.Value<int>("accepted"), c.Value<int>("awaitingReview"), c.Value<int>("returned")));
            Assert.Equal(c.Value<int>("reported"), c.Value<int>("accepted") + c.Value<int>("awaitingReview") + c.Value<int>("returned"));
            Assert.Equal(c.Value<int>("expected"), c.Value<int>("reported") + c.Value<int>("missingCount"));
            Assert.Equal(7, c["missing"]!.Count());
            Assert.Contains("MYS", c["missing"]!.Values<string>()); // a draft is not a report
            Assert.Equal(["TLS"], c["voluntary"]!.Values<string>());
            Assert.Equal(1, c.Value<int>("voluntaryCount"));
            Assert.Equal("submitted", c["voluntaryReports"]![0]!.Value<string>("status"));
            Assert.StartsWith("2025: 3 of 10 reported (1 accepted, 1 awaiting review, 1 returned); missing: ", c.Value<string>("text"));
            Assert.EndsWith("; also reported voluntarily: TLS (awaiting review)", c.Value<string>("text"));
        }
        Assert.Equal(fromEndpoint.Value<string>("text"), fromSummary.Value<string>("text"));
        Assert.Equal(fromEndpoint.Value<string>("text"), fromReport.Value<string>("text"));
        Assert.Contains(fromEndpoint.Value<string>("text")!, html);
        Assert.Contains("awaiting review (voluntary)", html);

        // TLS's figures are in the value but not among the expected states counted.
        var policies = data["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1");
        Assert.Equal(2, policies["coverage"]!.Value<int>("counted"));
        Assert.Equal(["TLS"], policies["coverage"]!["voluntary"]!.Values<string>());
        Assert.Equal(9m, policies["regional"]!.Value<decimal>("value"));
        // Each count says which figures it is of: one of the two counted states is provisional, and so is TLS's.
        Assert.Equal((1, 1), (policies["coverage"]!.Value<int>("provisional"), policies["coverage"]!.Value<int>("voluntaryProvisional")));
        Assert.Equal("from 2 of 10 states (1 provisional; plus 1 voluntary, provisional)", policies["coverage"]!.Value<string>("text"));
    }

    [Fact]
    public async Task End_of_plan_report_shows_every_plan_year_even_those_nobody_reported_after_an_incremental_run()
    {
        await ReportAsync("somswd-2021-2025", 2023, "THA", Samples.Submission(), "accept");
        await ReportAsync("somswd-2021-2025", 2024, "VNM", Samples.Submission(), "accept");
        await AggregateAsync(); // incremental: only 2023 and 2024 are dirty

        var reportId = (await (await api.PostAsync($"{Somswd}/reports", api.Keys["secretariat"], new { kind = "end-of-plan" })).JsonAsync(202)).Value<string>("reportId")!;
        var data = JObject.Parse(Encoding.UTF8.GetString(await BytesAsync($"{Somswd}/reports/{reportId}/data.json", api.Keys["secretariat"])));
        var html = Encoding.UTF8.GetString(await BytesAsync($"{Somswd}/reports/{reportId}/report.html", api.Keys["secretariat"]));

        int[] plan = [2021, 2022, 2023, 2024, 2025];
        Assert.Equal(plan, data["completeness"]!.Select(c => c.Value<int>("year")));
        Assert.Equal(plan, data["completenessMatrix"]!.Select(s => s.Value<int>("year")).Distinct().Order());
        foreach (var year in new[] { 2021, 2022, 2025 })
        {
            var c = data["completeness"]!.Single(x => x.Value<int>("year") == year);
            Assert.Equal((10, 0, 10), (c.Value<int>("expected"), c.Value<int>("reported"), c["missing"]!.Count()));
            Assert.Contains($"<li>{year}: 0 of 10 reported (0 accepted, 0 awaiting review, 0 returned); missing: BRN, IDN, KHM, LAO, MMR, MYS, PHL, SGP, THA, VNM</li>", html);
            Assert.Contains($"<th>{year}</th>", html);
            Assert.Contains(data["gaps"]!["statesMissing"]!.Values<string>(), s => s == $"THA {year}");
        }
        var followUp = data["gaps"]!["callsFor"]!.Values<string>().Single(c => c!.StartsWith("Follow up missing reports"))!;
        Assert.Contains("2021: none of the 10 expected states", followUp);
        Assert.Contains("2025: none of the 10 expected states", followUp);

        // A sum over the plan rests on every expected state-year so far: 2 of 50.
        var policies = data["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1");
        Assert.Equal((2, 50), (policies["coverage"]!.Value<int>("counted"), policies["coverage"]!.Value<int>("expected")));
        Assert.Equal("notEnoughReports", policies["progress"]!.Value<string>("status"));
        Assert.Contains("At a glance", html);
        Assert.Contains("What these figures rest on.", html);
        Assert.Contains("Reports received: 2021: 0 of 10 expected states; 2022: 0 of 10 expected states; 2023: 1 of 10 expected states", html);
        Assert.Contains("Not enough reports to judge: 2 of 50 expected reports (34 needed)", html);
        Assert.Contains("from 2 of 50 expected reports over 2021-2025", html);
    }

    [Fact]
    public async Task Highlights_include_every_counted_state_with_provisional_ones_marked_and_a_csv_view_carries_the_narratives()
    {
        await ReportAsync("somswd-2021-2025", 2022, "THA", Samples.Submission(narrative: Samples.ThaiNarrative), "accept");
        var vnm = Samples.Submission(narrative: "Viet Nam amended two decrees " + Emoji);
        await ReportAsync("somswd-2021-2025", 2022, "VNM", vnm, "submit");
        await ReportAsync("somswd-2021-2025", 2022, "LAO", Samples.Submission(narrative: "Returned, so not counted"), "return");
        await AggregateAsync();

        var reportId = (await (await api.PostAsync($"{Somswd}/reports", api.Keys["secretariat"], new { kind = "annual", year = 2022 })).JsonAsync(202)).Value<string>("reportId")!;
        var data = JObject.Parse(Encoding.UTF8.GetString(await BytesAsync($"{Somswd}/reports/{reportId}/data.json", api.Keys["secretariat"])));
        var html = Encoding.UTF8.GetString(await BytesAsync($"{Somswd}/reports/{reportId}/report.html", api.Keys["secretariat"]));
        var narratives = data["narratives"]!.ToDictionary(n => n.Value<string>("state")!);
        Assert.Equal(["THA", "VNM"], narratives.Keys.Order());
        Assert.False(narratives["THA"].Value<bool>("provisional"));
        Assert.True(narratives["VNM"].Value<bool>("provisional"));
        Assert.Equal("Viet Nam amended two decrees " + Emoji, narratives["VNM"]["indicators"]![0]!.Value<string>("text"));
        var vnmSection = html[html.IndexOf("<h3>Viet Nam (VNM)</h3>", StringComparison.Ordinal)..];
        Assert.StartsWith("<h3>Viet Nam (VNM)</h3>\n<h4>2022 <span class=\"provisional-note\">provisional: awaiting review</span></h4>", vnmSection);
        Assert.Contains(Emoji, html);
        Assert.DoesNotContain("Returned, so not counted", html);

        var csv = await BytesAsync($"{Somswd}/summary?year=2022&format=csv&view=narratives", api.Keys["secretariat"]);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(csv[3..])), CultureInfo.InvariantCulture);
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(rows, r => (string)r["State"] == "THA" && (string)r["Indicator"] == "5.1.1" && (string)r["Text"] == Samples.ThaiNarrative && (string)r["Status"] == "Accepted");
        Assert.Contains(rows, r => (string)r["State"] == "VNM" && (string)r["Text"] == "Viet Nam amended two decrees " + Emoji && (string)r["Status"] == "Awaiting review (provisional)");
        Assert.Contains(rows, r => (string)r["State"] == "THA" && (string)r["Indicator"] == "overall");
        Assert.DoesNotContain(rows, r => (string)r["State"] == "LAO");
    }

    [Fact]
    public async Task Summary_and_report_spreadsheets_read_back_with_another_reader_as_words_formatted_numbers_readable_widths_and_print_setup()
    {
        var body = Samples.Submission(narrative: "Narrative " + Emoji);
        body["activities"] = JArray.FromObject(new[] { new { title = "Forum " + Emoji, description = "", outcome = "3.2.4", importance = 3 } });
        body["values"]!["5.1.2"] = JObject.FromObject(new { value = 12500 });
        await ReportAsync("somswd-2021-2025", 2021, "THA", body, "accept");
        await ReportAsync("somswd-2021-2025", 2021, "LAO", Samples.Submission(), "submit");
        await AggregateAsync();
        var reportId = (await (await api.PostAsync($"{Somswd}/reports", api.Keys["secretariat"], new { kind = "annual", year = 2021 })).JsonAsync(202)).Value<string>("reportId")!;

        var files = new Dictionary<string, byte[]>
        {
            ["summary download"] = await BytesAsync($"{Somswd}/summary?year=2021&format=xlsx", api.Keys["secretariat"]),
            ["report summary.xlsx"] = await BytesAsync($"{Somswd}/reports/{reportId}/summary.xlsx", api.Keys["secretariat"]),
        };
        foreach (var (what, bytes) in files)
        {
            var parts = new XlsxParts(bytes);
            Assert.Equal(["About", "Regional", "By state", "Completeness", "Activities", "Gaps", "Narratives"], parts.SheetNames);
            // Astral characters are stored as UTF-8 and read back as themselves, never as _xD83E_ escapes.
            Assert.DoesNotContain(parts.AllXml, x => x.Contains("_xD83E_", StringComparison.OrdinalIgnoreCase) || x.Contains("_xD83D_", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(parts.Table("Activities"), r => (string?)r["Activity"] == "Forum " + Emoji);
            Assert.Contains(parts.Table("Narratives"), r => (string?)r["Text"] == "Narrative " + Emoji);

            var regional = parts.Table("Regional");
            var rate = regional.Single(r => (string?)r["Indicator"] == "5.2.1");
            Assert.Equal("Percentage", rate["Kind"]);
            Assert.StartsWith("Not enough reports to judge", (string?)rate["Progress"]);
            Assert.Equal("yes", rate["Provisional"]);
            Assert.Equal("from 2 of 10 states (1 provisional)", rate["Coverage"]);
            Assert.IsType<double>(rate["Value"]);

            // Number formats, by the cell's position: percentages with one decimal, counts with separators.
            var header = parts.Rows("Regional")[0];
            string Column(string name) => header.Single(kv => (string?)kv.Value == name).Key;
            var rateRow = regional.IndexOf(rate) + 2;
            Assert.Equal("0.0\"%\"", parts.NumberFormat("Regional", $"{Column("Value")}{rateRow}"));
            var dialogues = regional.IndexOf(regional.Single(r => (string?)r["Indicator"] == "5.1.2")) + 2;
            Assert.Equal("#,##0.##", parts.NumberFormat("Regional", $"{Column("Value")}{dialogues}"));
            Assert.Equal(12504d, regional.Single(r => (string?)r["Indicator"] == "5.1.2")["Value"]);
            Assert.Equal("#,##0", parts.NumberFormat("Regional", $"{Column("States counted")}{dialogues}"));
            Assert.Equal("Accepted", parts.Table("By state").First(r => (string?)r["State"] == "THA")["Status"]);
            Assert.Equal("Awaiting review (provisional)", parts.Table("By state").First(r => (string?)r["State"] == "LAO")["Status"]);

            // Widths that show titles (wrapped), and sheets that print: landscape, one page wide, the header row on each page.
            var titleColumn = XlsxParts.Position(Column("Title") + "1").Column;
            Assert.True(parts.Width("Regional", titleColumn) >= 30, $"{what}: Title column is {parts.Width("Regional", titleColumn)} wide");
            Assert.True(parts.Wraps("Regional", $"{Column("Title")}2"), $"{what}: titles wrap");
            Assert.Equal(("landscape", 1, 0, "'Regional'!$1:$1"), parts.Print("Regional"));
            Assert.Equal(("portrait", 1, 1, null), parts.Print("About"));
            // On paper a right-aligned figure would otherwise run into the text of the next column.
            Assert.True(parts.PrintsGrid("Regional"));
            Assert.Contains("Not enough reports to judge", parts.Rows("About").Single(r => (string?)r["A"] == "Statuses")["B"]!.ToString());
        }
    }
}
