using Reporting.Http;
using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Tests.Domain;

public sealed class SubmissionValidatorTests
{
    private static readonly WorkPlan Plan = new()
    {
        Id = "unit-plan",
        Version = 1,
        Title = "Unit",
        SectoralBody = "X",
        FirstYear = 2021,
        LastYear = 2025,
        Goals = [new Goal { Code = "1", Text = "g" }],
        Outcomes = [new Outcome { Code = "1.1", Text = "o", Goals = ["1"] }],
        Disaggregations = new() { ["sex"] = ["female", "male"] },
        Indicators =
        [
            new Indicator { Code = "C", Title = "count", Outcome = "1.1", Kind = IndicatorKind.Count, StateAggregation = StateAggregation.Sum, YearAggregation = YearAggregation.Sum, Disaggregations = ["sex"] },
            new Indicator { Code = "P", Title = "pct", Outcome = "1.1", Kind = IndicatorKind.Percentage, StateAggregation = StateAggregation.WeightedMean, YearAggregation = YearAggregation.Latest, Disaggregations = ["sex"] },
            new Indicator { Code = "R", Title = "ratio", Outcome = "1.1", Kind = IndicatorKind.Ratio, StateAggregation = StateAggregation.WeightedMean, YearAggregation = YearAggregation.Latest },
            new Indicator { Code = "M", Title = "milestone", Outcome = "1.1", Kind = IndicatorKind.Milestone, StateAggregation = StateAggregation.CountYes, YearAggregation = YearAggregation.Latest },
            new Indicator { Code = "N", Title = "narrative", Outcome = "1.1", Kind = IndicatorKind.Narrative, StateAggregation = StateAggregation.None, YearAggregation = YearAggregation.None },
        ],
    };

    private static IReadOnlyList<ProblemError> Check(string json) => SubmissionValidator.Validate(Plan, Json.ParseAndBind<SubmissionInput>(json), Reporting.Tests.Infrastructure.ReferenceData.Frameworks);

    private static void AssertOnly(IReadOnlyList<ProblemError> errors, string pointer) =>
        Assert.True(errors.Count == 1 && errors[0].Pointer == pointer, $"Expected one error at {pointer}; got {string.Join("; ", errors.Select(e => e.Pointer + " " + e.Message))}");

    [Fact]
    public void A_complete_valid_submission_has_no_errors()
    {
        var errors = Check("""
            {"values": {
              "C": {"value": 5, "disaggregation": {"sex": {"female": 3, "male": 2}}},
              "P": {"numerator": 10, "denominator": 40, "disaggregation": {"sex": {"female": {"numerator": 4, "denominator": 20}, "male": {"numerator": 6, "denominator": 20}}}},
              "R": {"numerator": 50, "denominator": 10},
              "M": {"achieved": true, "evidenceUrl": "https://example.gov/plan.pdf"},
              "N": {"narrative": "ดีมาก"}},
             "activities": [{"title": "Forum", "outcome": "1.1", "importance": 3}]}
            """);
        Assert.Empty(errors);
    }

    [Fact]
    public void Ratio_numerator_may_exceed_denominator_but_percentage_may_not() =>
        AssertOnly(Check("""{"values": {"R": {"numerator": 50, "denominator": 10}, "P": {"numerator": 50, "denominator": 10}}}"""), "/values/P/numerator");

    [Fact]
    public void Zero_denominator_is_refused() => AssertOnly(Check("""{"values": {"R": {"numerator": 1, "denominator": 0}}}"""), "/values/R/denominator");

    [Fact]
    public void Count_parts_must_add_up_to_the_total() =>
        AssertOnly(Check("""{"values": {"C": {"value": 5, "disaggregation": {"sex": {"female": 3, "male": 3}}}}}"""), "/values/C/disaggregation/sex");

    [Fact]
    public void Unknown_category_and_undeclared_dimension_are_named()
    {
        AssertOnly(Check("""{"values": {"C": {"value": 5, "disaggregation": {"sex": {"female": 3, "other": 2}}}}}"""), "/values/C/disaggregation/sex/other");
        AssertOnly(Check("""{"values": {"R": {"numerator": 1, "denominator": 2, "disaggregation": {"sex": {"female": {"numerator": 1, "denominator": 2}}}}}}"""), "/values/R/disaggregation/sex");
    }

    [Fact]
    public void Milestone_needs_achieved_and_a_real_link()
    {
        AssertOnly(Check("""{"values": {"M": {"evidenceUrl": "https://example.gov"}}}"""), "/values/M/achieved");
        AssertOnly(Check("""{"values": {"M": {"achieved": true, "evidenceUrl": "javascript:alert(1)"}}}"""), "/values/M/evidenceUrl");
    }

    [Fact]
    public void Narrative_indicator_needs_text() => AssertOnly(Check("""{"values": {"N": {}}}"""), "/values/N/narrative");

    [Fact]
    public void Activity_importance_is_one_to_three() =>
        AssertOnly(Check("""{"values": {}, "activities": [{"title": "t", "outcome": "1.1", "importance": 0}]}"""), "/activities/0/importance");

    [Fact]
    public void Narratives_over_the_limit_say_the_limit()
    {
        var errors = Check("{\"values\": {\"C\": {\"value\": 1, \"narrative\": \"" + new string('ก', SubmissionValidator.MaxNarrative + 1) + "\"}}}");
        AssertOnly(errors, "/values/C/narrative");
        Assert.Contains("8000", errors[0].Message);
    }

    [Fact]
    public void Indicator_codes_with_slashes_are_escaped_in_pointers() =>
        AssertOnly(Check("""{"values": {"a/b~c": {"value": 1}}}"""), "/values/a~1b~0c");

    [Fact]
    public void Whole_numbers_are_written_without_a_decimal_point() =>
        Assert.Equal("""{"value":3,"numerator":37.5}""", Json.Serialize(new IndicatorValue { Value = 3.0m, Numerator = 37.50m }));

    [Theory]
    [InlineData("values['5.1.2'].numerator", "/values/5.1.2/numerator")]
    [InlineData("activities[3].title", "/activities/3/title")]
    [InlineData("narrative", "/narrative")]
    [InlineData("", "")]
    public void Newtonsoft_paths_become_json_pointers(string path, string pointer) => Assert.Equal(pointer, Json.PathToPointer(path));
}
