using Microsoft.Extensions.Options;
using Reporting.Aggregation;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Submissions;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Domain;

public sealed class AggregatorTests
{
    private static readonly MemberStateDirectory States = new(Options.Create(new ReferenceDataOptions { Folder = Path.Combine(Azurite.RepoRoot(), "reference") }));

    private static readonly WorkPlan Plan = new()
    {
        Id = "agg-plan",
        Version = 1,
        Title = "Aggregation rules",
        SectoralBody = "X",
        FirstYear = 2021,
        LastYear = 2025,
        Goals = [new Goal { Code = "1", Text = "g" }],
        Outcomes = [new Outcome { Code = "1.1", Text = "o", Goals = ["1"] }, new Outcome { Code = "1.2", Text = "quiet", Goals = ["1"] }],
        Disaggregations = new() { ["sex"] = ["female", "male"] },
        Indicators =
        [
            new Indicator { Code = "SUM", Title = "sum", Outcome = "1.1", Kind = IndicatorKind.Count, StateAggregation = StateAggregation.Sum, YearAggregation = YearAggregation.Sum,
                Baseline = new Measure { Value = 0, Year = 2020 }, Target = new Measure { Value = 100, Year = 2025 }, Disaggregations = ["sex"] },
            new Indicator { Code = "MEAN", Title = "mean", Outcome = "1.1", Kind = IndicatorKind.Count, StateAggregation = StateAggregation.Mean, YearAggregation = YearAggregation.Latest },
            new Indicator { Code = "PCT", Title = "pct", Outcome = "1.1", Kind = IndicatorKind.Percentage, StateAggregation = StateAggregation.WeightedMean, YearAggregation = YearAggregation.Latest,
                Baseline = new Measure { Value = 10, Year = 2020 }, Target = new Measure { Value = 60, Year = 2025 } },
            new Indicator { Code = "YES", Title = "milestone", Outcome = "1.1", Kind = IndicatorKind.Milestone, StateAggregation = StateAggregation.CountYes, YearAggregation = YearAggregation.Latest },
            new Indicator { Code = "Q", Title = "quiet indicator", Outcome = "1.2", Kind = IndicatorKind.Count, StateAggregation = StateAggregation.Sum, YearAggregation = YearAggregation.Sum },
        ],
    };

    private static Submission Sub(string state, int year, SubmissionStatus status, Dictionary<string, IndicatorValue> values, params Activity[] activities) => new()
    {
        PlanId = Plan.Id, PlanVersion = 1, Year = year, State = state, Status = status, Revision = 1, Values = values,
        Activities = activities.ToList(), UpdatedAt = new DateTimeOffset(year + 1, 2, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static IndicatorAggregate Of(PlanAggregate a, string code) => a.Indicators.Single(i => i.Code == code);

    [Fact]
    public void Weighted_mean_divides_summed_numerators_by_summed_denominators_not_a_mean_of_percentages()
    {
        var year = Aggregator.AggregateYear(Plan, 2024,
        [
            Sub("THA", 2024, SubmissionStatus.Accepted, new() { ["PCT"] = new IndicatorValue { Numerator = 10, Denominator = 100 } }),
            Sub("LAO", 2024, SubmissionStatus.Accepted, new() { ["PCT"] = new IndicatorValue { Numerator = 9, Denominator = 10 } }),
        ], States);
        // (10 + 9) / (100 + 10) = 17.27%, whereas the mean of 10% and 90% would be 50%.
        Assert.Equal(17.2727m, Of(year, "PCT").Regional!.Value);
        Assert.Equal(19, Of(year, "PCT").Regional!.Numerator);
        Assert.Equal(110, Of(year, "PCT").Regional!.Denominator);
    }

    [Fact]
    public void Sum_mean_and_count_of_yes_combine_only_the_states_that_reported()
    {
        var year = Aggregator.AggregateYear(Plan, 2024,
        [
            Sub("THA", 2024, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 4 }, ["MEAN"] = new() { Value = 10 }, ["YES"] = new() { Achieved = true } }),
            Sub("VNM", 2024, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 6 }, ["MEAN"] = new() { Value = 20 }, ["YES"] = new() { Achieved = false } }),
            Sub("PHL", 2024, SubmissionStatus.Draft, new() { ["SUM"] = new() { Value = 1000 } }),
        ], States);
        Assert.Equal(10, Of(year, "SUM").Regional!.Value);
        Assert.Equal(2, Of(year, "SUM").Regional!.StatesCounted);
        Assert.Equal(15, Of(year, "MEAN").Regional!.Value);
        Assert.Equal(1, Of(year, "YES").Regional!.Value);
        Assert.Equal(2, Of(year, "YES").Regional!.StatesCounted);
        Assert.Null(Of(year, "Q").Regional);
    }

    [Fact]
    public void Missing_states_are_missing_not_zero()
    {
        var year = Aggregator.AggregateYear(Plan, 2024, [Sub("THA", 2024, SubmissionStatus.Accepted, new() { ["MEAN"] = new() { Value = 10 } })], States);
        Assert.Equal(10, Of(year, "MEAN").Regional!.Value); // a zero for the 9 others would give 1
        Assert.Single(Of(year, "MEAN").ByState);
        Assert.Equal(9, year.States.Count(s => s.Expected && s.Status == StatusNames.NotSubmitted));
    }

    [Fact]
    public void Submitted_values_are_provisional_and_accepted_ones_official()
    {
        var year = Aggregator.AggregateYear(Plan, 2024,
        [
            Sub("THA", 2024, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 4 } }),
            Sub("VNM", 2024, SubmissionStatus.Submitted, new() { ["SUM"] = new() { Value = 6 } }),
            Sub("MYS", 2024, SubmissionStatus.Returned, new() { ["SUM"] = new() { Value = 50 } }),
        ], States);
        var sum = Of(year, "SUM");
        Assert.Equal(10, sum.Regional!.Value);
        Assert.Equal(4, sum.Official!.Value);
        Assert.True(sum.Provisional);
        Assert.Equal(["VNM"], sum.ProvisionalStates);
        Assert.Equal("returned", year.States.Single(s => s.State == "MYS").Status);
    }

    [Fact]
    public void Over_years_sum_adds_and_latest_takes_the_last_year_with_data()
    {
        var y2021 = Aggregator.AggregateYear(Plan, 2021, [Sub("THA", 2021, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 5 }, ["PCT"] = new() { Numerator = 1, Denominator = 10 } })], States);
        var y2022 = Aggregator.AggregateYear(Plan, 2022, [Sub("THA", 2022, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 7 }, ["PCT"] = new() { Numerator = 3, Denominator = 10 } })], States);
        var y2023 = Aggregator.AggregateYear(Plan, 2023, [Sub("THA", 2023, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 1 } })], States);
        var toDate = Aggregator.AggregateToDate(Plan, [y2021, y2022, y2023]);
        Assert.Equal(13, Of(toDate, "SUM").Regional!.Value);
        Assert.Equal(30, Of(toDate, "PCT").Regional!.Value);
        Assert.Equal(3, Of(toDate, "SUM").ByYear!.Count);
    }

    [Fact]
    public void Disaggregation_totals_add_up_across_states()
    {
        var female = Newtonsoft.Json.Linq.JToken.FromObject(3);
        var year = Aggregator.AggregateYear(Plan, 2024,
        [
            Sub("THA", 2024, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 5, Disaggregation = new() { ["sex"] = new() { ["female"] = female, ["male"] = 2 } } } }),
            Sub("VNM", 2024, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 4, Disaggregation = new() { ["sex"] = new() { ["female"] = 1, ["male"] = 3 } } } }),
        ], States);
        Assert.Equal(4, Of(year, "SUM").Disaggregation["sex"]["female"].Value);
        Assert.Equal(5, Of(year, "SUM").Disaggregation["sex"]["male"].Value);
    }

    [Theory]
    [InlineData(60, 2023, "onTrack")]   // 60% of the way; the line from 2020 to 2025 is at 60%
    [InlineData(50, 2024, "atRisk")]    // 50% against 80%: between 60% and 90% of the line
    [InlineData(10, 2024, "offTrack")]  // 10% against 80%
    [InlineData(100, 2023, "achieved")]
    public void Progress_status_follows_the_linear_path(decimal cumulative, int year, string expected)
    {
        var indicator = Plan.Indicators.Single(i => i.Code == "SUM");
        var progress = Aggregator.ProgressOf(Plan, indicator, new Figure(cumulative, StatesCounted: 10), Full, year);
        Assert.Equal(expected, progress.Status);
        Assert.Equal(cumulative / 100m, progress.Share);
        Assert.Equal(Math.Min(1m, (year - 2020) / 5m), progress.Expected);
    }

    [Fact]
    public void No_data_and_narrative_have_their_own_status()
    {
        Assert.Equal("noData", Aggregator.ProgressOf(Plan, Plan.Indicators[0], null, Full, 2024).Status);
        Assert.Equal("noTarget", Aggregator.ProgressOf(Plan, Plan.Indicators[1], new Figure(3), Full, 2024).Status);
    }

    private static readonly Coverage Full = new() { Counted = 10, Expected = 10, Years = [2024] };

    [Fact]
    public void Every_progress_status_has_words_a_meaning_and_a_line_in_the_openapi_description()
    {
        var description = Reporting.OpenApi.OpenApiCatalog.Operations["GetSummary"].Description!;
        foreach (var status in Progress.Statuses)
        {
            Assert.NotEqual(status, Words.Progress(status));
            Assert.Contains(SummaryExport.StatusMeanings, m => m.Code == status);
            Assert.Contains(status + " (", description);
        }
    }

    [Theory]
    [InlineData(6, 10, "notEnoughReports")] // two thirds of 10 is 6.67: 7 needed
    [InlineData(7, 10, "achieved")]
    [InlineData(5, 9, "notEnoughReports")]
    [InlineData(6, 9, "achieved")]          // exactly two thirds of 9, not 7 by a rounding slip
    public void Progress_is_judged_only_from_two_thirds_of_the_expected_states(int counted, int expected, string status)
    {
        var coverage = new Coverage { Counted = counted, Expected = expected, Years = [2024] };
        var progress = Aggregator.ProgressOf(Plan, Plan.Indicators[0], new Figure(100, StatesCounted: counted), coverage, 2024);
        Assert.Equal(status, progress.Status);
        Assert.Equal(status == "notEnoughReports" ? null : 1m, progress.Share);
        Assert.Equal(coverage, progress.Coverage);
        Assert.Equal(expected == 10 ? 7 : 6, progress.Needed);
    }

    [Fact]
    public void An_indicator_or_the_plan_may_set_its_own_minimum_coverage()
    {
        var plan = new WorkPlan { Id = "p", Version = 1, Title = "t", SectoralBody = "b", FirstYear = 2021, LastYear = 2025, MinimumCoverage = 0.5m, Indicators = Plan.Indicators };
        var strict = new Indicator { Code = "S", Title = "s", Kind = IndicatorKind.Count, StateAggregation = StateAggregation.Sum, YearAggregation = YearAggregation.Sum,
            Target = new Measure { Value = 10, Year = 2025 }, MinimumCoverage = 1m };
        var half = new Coverage { Counted = 5, Expected = 10, Years = [2024] };
        Assert.Equal("achieved", Aggregator.ProgressOf(plan, Plan.Indicators[0], new Figure(100), half, 2024).Status);
        Assert.Equal("notEnoughReports", Aggregator.ProgressOf(plan, strict, new Figure(100), half, 2024).Status);
        Assert.Equal(10, Aggregator.ProgressOf(plan, strict, new Figure(100), half, 2024).Needed);
    }

    [Fact]
    public void Coverage_names_the_missing_states_and_counts_voluntary_reporters_apart()
    {
        var year = Aggregator.AggregateYear(Plan, 2025,
        [
            Sub("THA", 2025, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 4 } }),
            Sub("VNM", 2025, SubmissionStatus.Submitted, new() { ["SUM"] = new() { Value = 6 } }),
            Sub("TLS", 2025, SubmissionStatus.Submitted, new() { ["SUM"] = new() { Value = 1 } }),
            Sub("LAO", 2025, SubmissionStatus.Accepted, new() { ["MEAN"] = new() { Value = 1 } }),
        ], States);
        var sum = Of(year, "SUM").Coverage!;
        // VNM is provisional among the counted states; TLS's voluntary figure is provisional too, and said apart.
        Assert.Equal((2, 10, 1, 1), (sum.Counted, sum.Expected, sum.Provisional, sum.VoluntaryProvisional));
        Assert.Equal(["TLS"], sum.Voluntary);
        Assert.Contains("LAO", sum.Missing); // reported, but not this indicator
        Assert.Equal(8, sum.Missing.Count);
        Assert.Equal("from 2 of 10 states (1 provisional; plus 1 voluntary, provisional)", sum.Text);
        Assert.Equal((1, 0), (Of(year, "SUM").OfficialCoverage!.Counted, Of(year, "SUM").OfficialCoverage!.Provisional));
    }

    [Fact]
    public void A_sum_over_years_rests_on_every_expected_state_year_so_far()
    {
        var empty = Aggregator.AggregateYear(Plan, 2021, [], States);
        var y2022 = Aggregator.AggregateYear(Plan, 2022, States.ExpectedFor(2022).Select(s => Sub(s.Code, 2022, SubmissionStatus.Accepted, new() { ["SUM"] = new() { Value = 10 }, ["PCT"] = new() { Numerator = 9, Denominator = 10 } })).ToList(), States);
        var toDate = Aggregator.AggregateToDate(Plan, [empty, y2022]);
        var sum = Of(toDate, "SUM");
        Assert.Equal((10, 20), (sum.Coverage!.Counted, sum.Coverage.Expected));
        Assert.Contains("THA 2021", sum.Coverage.Missing);
        Assert.Equal("notEnoughReports", sum.Progress!.Status); // 100 of the target 100, but half the state-years are missing
        Assert.Equal(100, sum.Progress.Value);
        var pct = Of(toDate, "PCT");
        Assert.Equal((10, 10), (pct.Coverage!.Counted, pct.Coverage.Expected)); // latest year with data: 2022, all reported
        Assert.NotEqual("notEnoughReports", pct.Progress!.Status);
    }

    [Fact]
    public void Activities_are_scored_across_states_and_ranked_per_outcome()
    {
        var year = Aggregator.AggregateYear(Plan, 2024,
        [
            Sub("THA", 2024, SubmissionStatus.Accepted, [], new Activity { Title = "GO-NGO Forum", Outcome = "1.1", Importance = 3 }, new Activity { Title = "Training", Outcome = "1.1", Importance = 2 }),
            Sub("VNM", 2024, SubmissionStatus.Submitted, [], new Activity { Title = "go-ngo forum ", Outcome = "1.1", Importance = 2 }, new Activity { Title = "Study", Outcome = "1.2", Importance = 1 }),
            Sub("LAO", 2024, SubmissionStatus.Draft, [], new Activity { Title = "Training", Outcome = "1.1", Importance = 3 }),
        ], States);
        var forOutcome = year.Activities.Where(a => a.Outcome == "1.1").ToList();
        Assert.Equal(1, forOutcome[0].Rank);
        Assert.Equal(5, forOutcome[0].Score);
        Assert.Equal(["THA", "VNM"], forOutcome[0].States);
        Assert.Equal(("Training", 2, 2), (forOutcome[1].Title, forOutcome[1].Score, forOutcome[1].Rank));
        Assert.Single(year.Activities, a => a.Outcome == "1.2");
    }

    [Fact]
    public void Completeness_counts_timor_leste_from_2026_and_as_voluntary_in_2025()
    {
        var y2025 = Aggregator.AggregateYear(Plan, 2025, [Sub("TLS", 2025, SubmissionStatus.Submitted, new() { ["SUM"] = new() { Value = 1 } })], States);
        var c2025 = SummaryBuilder.Completeness(2025, y2025.States, Reporting.Workflow.ReportingWindow.Unset, DateTimeOffset.UtcNow);
        Assert.Equal(10, c2025.Expected);
        Assert.Equal(0, c2025.Reported);
        Assert.Equal(["TLS"], c2025.Voluntary);
        Assert.Contains("0 of 10 reported", c2025.Text);

        var y2026 = Aggregator.AggregateYear(With2026(), 2026, [], States);
        var c2026 = SummaryBuilder.Completeness(2026, y2026.States, Reporting.Workflow.ReportingWindow.Unset, DateTimeOffset.UtcNow);
        Assert.Equal(11, c2026.Expected);
        Assert.Contains("TLS", c2026.Missing);
    }

    private static WorkPlan With2026() => new() { Id = "p2026", Version = 1, Title = "t", SectoralBody = "b", FirstYear = 2026, LastYear = 2030, Indicators = [] };
}
