using Newtonsoft.Json;
using Reporting.Http;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Submissions;
using Reporting.Tests.Infrastructure;
using Reporting.Workflow;

namespace Reporting.Tests.Domain;

public sealed class PlanAndWorkflowTests
{
    private static WorkPlan Load(string file) =>
        JsonConvert.DeserializeObject<WorkPlan>(File.ReadAllText(Path.Combine(Azurite.RepoRoot(), "plans", file)), Json.Settings)!;

    [Theory]
    [InlineData("somswd-2021-2025.json")]
    [InlineData("informal-social-security-2024-2027.json")]
    public void Shipped_plans_are_valid(string file)
    {
        var plan = Load(file);
        var errors = PlanValidator.Validate(plan, ReferenceData.Frameworks);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Pointer + " " + e.Message)));
    }

    [Fact]
    public void Shipped_plans_bind_strictly_with_no_unknown_fields()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Azurite.RepoRoot(), "plans"), "*.json"))
            Assert.NotNull(Json.ParseAndBind<WorkPlan>(File.ReadAllText(file)));
    }

    [Fact]
    public void Informal_sector_plan_targets_twenty_percent_coverage_by_2027()
    {
        var plan = Load("informal-social-security-2024-2027.json");
        var coverage = plan.Indicators.Single(i => i.Kind == IndicatorKind.Percentage && i.Target is { Value: 20 });
        Assert.Equal(2027, coverage.Target!.Year);
        Assert.False(coverage.Target.Illustrative);
    }

    [Fact]
    public void Direction_must_agree_with_baseline_and_target()
    {
        var plan = Load("somswd-2021-2025.json");
        var indicator = plan.Indicators.First(i => i.Baseline is not null && i.Target is not null && i.Target.Value > i.Baseline.Value);
        indicator.Direction = Direction.Decrease;
        Assert.Contains(PlanValidator.Validate(plan, ReferenceData.Frameworks), e => e.Pointer.EndsWith("/direction"));
    }

    [Fact]
    public void Mean_of_percentages_is_not_an_allowed_rule()
    {
        var plan = Load("somswd-2021-2025.json");
        var pct = plan.Indicators.First(i => i.Kind == IndicatorKind.Percentage);
        pct.StateAggregation = StateAggregation.Mean;
        Assert.Contains(PlanValidator.Validate(plan, ReferenceData.Frameworks), e => e.Pointer.EndsWith("/stateAggregation"));
    }

    [Fact]
    public void Timor_Leste_is_expected_from_2026_and_may_report_2025_voluntarily()
    {
        var tls = new MemberState("TLS", "Timor-Leste", new DateOnly(2025, 10, 26));
        Assert.False(tls.ExpectedFor(2025));
        Assert.True(tls.MayReportFor(2025));
        Assert.False(tls.MayReportFor(2024));
        Assert.True(tls.ExpectedFor(2026));
    }

    [Fact]
    public void Calendar_rules_give_typed_reasons()
    {
        var plan = Load("somswd-2021-2025.json");
        var now = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var locked = new ReportingWindow(now.AddDays(-90), now.AddDays(-30), now.AddDays(-1));
        Assert.Equal(SubmissionWorkflow.Reasons.WindowLocked, SubmissionWorkflow.CheckCalendar(plan, locked, null, now)?.Code);
        Assert.Null(SubmissionWorkflow.CheckCalendar(plan, locked, new LockException(now.AddDays(1), "s", now, "r"), now));
        Assert.Equal(SubmissionWorkflow.Reasons.WindowLocked, SubmissionWorkflow.CheckCalendar(plan, locked, new LockException(now.AddDays(-1), "s", now, "r"), now)?.Code);
        Assert.Equal(SubmissionWorkflow.Reasons.WindowNotOpen, SubmissionWorkflow.CheckCalendar(plan, new ReportingWindow(now.AddDays(1), null, null), null, now)?.Code);
        plan.ClosedOn = new DateOnly(2026, 2, 1);
        Assert.Equal(SubmissionWorkflow.Reasons.PlanClosed, SubmissionWorkflow.CheckCalendar(plan, ReportingWindow.Unset, new LockException(now.AddDays(1), "s", now, "r"), now)?.Code);
    }

    [Theory]
    [InlineData(SubmissionStatus.Draft, null)]
    [InlineData(SubmissionStatus.Returned, null)]
    [InlineData(SubmissionStatus.Submitted, "under-review")]
    [InlineData(SubmissionStatus.Accepted, "accepted")]
    public void Only_drafts_and_returned_submissions_are_editable(SubmissionStatus status, string? reason) =>
        Assert.Equal(reason, SubmissionWorkflow.CheckEditable(status)?.Code);

    [Fact]
    public void Duplicate_json_properties_are_refused()
    {
        var error = Assert.Throws<ProblemException>(() => Json.ParseStrict("""{"a": 1, "a": 2}"""));
        Assert.Equal(400, error.Problem.Status);
    }
}
