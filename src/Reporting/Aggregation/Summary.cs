using Reporting.Access;
using Reporting.Plans;
using Reporting.Workflow;

namespace Reporting.Aggregation;

/// <summary>What GET /summary returns (and the CSV/XLSX downloads render), already scoped to the caller.</summary>
public sealed class Summary
{
    public const string CountingRule =
        "Accepted reports are official. Submitted reports not yet accepted are counted as provisional and flagged. " +
        "Drafts and returned reports are not counted. A state that has not reported is missing, never zero.";

    public required string PlanId { get; init; }
    public required int PlanVersion { get; init; }
    public required string PlanTitle { get; init; }
    public int? Year { get; init; }
    public required string Period { get; init; }
    /// <summary><c>secretariat</c>, <c>focalPoint:THA</c> or <c>observer</c> (regional figures are then official only).</summary>
    public required string Scope { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    public DateTimeOffset? ComputedAt { get; init; }
    /// <summary>Submissions changed since the figures were computed; the next aggregation run will refresh them.</summary>
    public bool Stale { get; init; }
    public string Counting { get; init; } = CountingRule;
    public required List<CompletenessView> Completeness { get; init; }
    public required List<IndicatorAggregate> Indicators { get; init; }
    public List<ActivityRank>? Activities { get; init; }
    public required Gaps Gaps { get; init; }
}

public sealed record CompletenessView(
    int Year,
    int Expected,
    int Reported,
    int Accepted,
    int AwaitingReview,
    int Returned,
    List<string> Missing,
    List<string> Late,
    List<string> Voluntary,
    DateTimeOffset? Due,
    DateTimeOffset? Locks,
    string Text);

public sealed record GapIndicator(string Code, string Title, string? Outcome, string Status);

public sealed record Gaps(List<GapIndicator> Indicators, List<string> OutcomesWithoutProgress, List<string> StatesMissing, List<string> StatesLate, List<string> CallsFor);

/// <summary>Turns stored aggregates into the caller's view: completeness and gaps judged now, focal points scoped.</summary>
public static class SummaryBuilder
{
    public static Summary Build(WorkPlan plan, AggregateStore.Stored? stored, PlanAggregate aggregate, bool stale,
        IReadOnlyDictionary<int, ReportingWindow> windows, Caller caller, DateTimeOffset now)
    {
        var level = caller.LevelIn(plan);
        var focal = level == AccessLevel.FocalPoint ? caller.State : null;
        var observer = level < AccessLevel.FocalPoint;
        var indicators = aggregate.Indicators.Select(i =>
            observer ? ScopeToObserver(plan, i, aggregate.Years.LastOrDefault())
            : focal is null ? i
            : ScopeToState(plan, i, focal, aggregate.Years.LastOrDefault())).ToList();
        var completeness = aggregate.Years.Select(y => Completeness(y, aggregate.States.Where(s => s.Year == y).ToList(), windows.GetValueOrDefault(y) ?? ReportingWindow.Unset, now)).ToList();
        return new Summary
        {
            PlanId = plan.Id,
            PlanVersion = aggregate.PlanVersion,
            PlanTitle = plan.Title,
            Year = aggregate.Year,
            Period = aggregate.Year is { } y ? y.ToString() : $"{plan.FirstYear}-{plan.LastYear}, to date",
            Scope = observer ? "observer" : focal is null ? "secretariat" : "focalPoint:" + focal,
            DataAsOf = aggregate.DataAsOf,
            ComputedAt = stored?.ComputedAt,
            Stale = stale || stored is null,
            Completeness = completeness,
            Indicators = indicators,
            Activities = focal is null && !observer ? aggregate.Activities : null,
            Gaps = GapsOf(plan, indicators, completeness),
        };
    }

    public static CompletenessView Completeness(int year, List<StateReport> states, ReportingWindow window, DateTimeOffset now)
    {
        var expected = states.Where(s => s.Expected).ToList();
        var reported = states.Where(s => s.Status != StatusNames.NotSubmitted).ToList();
        var missing = expected.Where(s => s.Status == StatusNames.NotSubmitted).Select(s => s.State).ToList();
        var late = states.Where(s => s.Late || (s.Expected && s.Status == StatusNames.NotSubmitted && window.IsLate(now))).Select(s => s.State).ToList();
        var voluntary = reported.Where(s => !s.Expected).Select(s => s.State).ToList();
        var accepted = reported.Count(s => s.Status == "accepted");
        var awaiting = reported.Count(s => s.Status == "submitted");
        var returned = reported.Count(s => s.Status == "returned");
        var expectedReported = reported.Count(s => s.Expected);
        var text = $"{year}: {expectedReported} of {expected.Count} reported ({accepted} accepted, {awaiting} awaiting review, {returned} returned)"
                   + (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "; none missing")
                   + (late.Count > 0 ? $"; late: {string.Join(", ", late)}" : "")
                   + (voluntary.Count > 0 ? $"; reported voluntarily: {string.Join(", ", voluntary)}" : "");
        return new CompletenessView(year, expected.Count, expectedReported, accepted, awaiting, returned, missing, late, voluntary, window.Due, window.Locks, text);
    }

    /// <summary>A focal point sees official regional figures and its own state's, never another state's unaccepted values.</summary>
    private static IndicatorAggregate ScopeToState(WorkPlan plan, IndicatorAggregate i, string state, int? asOfYear)
    {
        var othersProvisional = i.ProvisionalStates.Any(s => !s.StartsWith(state, StringComparison.Ordinal));
        var indicator = plan.FindIndicator(i.Code);
        return new IndicatorAggregate
        {
            Code = i.Code,
            Title = i.Title,
            Kind = i.Kind,
            Unit = i.Unit,
            Outcome = i.Outcome,
            Output = i.Output,
            StateRule = i.StateRule,
            YearRule = i.YearRule,
            Regional = i.Official,
            Official = i.Official,
            Provisional = false,
            ProvisionalStates = [],
            ByState = i.ByState.Where(s => s.State == state).ToList(),
            Disaggregation = othersProvisional ? new(StringComparer.Ordinal) : i.Disaggregation,
            ByYear = i.ByYear?.Select(y => y with { Regional = y.Official, Provisional = false }).ToList(),
            Progress = indicator is null || i.Progress is null ? i.Progress : Aggregator.ProgressOf(indicator, i.Official, i.Progress.AsOfYear ?? asOfYear),
        };
    }

    /// <summary>
    /// An observer (civil society) sees final figures only: the official regional figure, and the states whose reports were
    /// accepted; nothing submitted and not yet accepted, so no provisional figure, breakdown or ranking that counts one.
    /// </summary>
    private static IndicatorAggregate ScopeToObserver(WorkPlan plan, IndicatorAggregate i, int? asOfYear)
    {
        var indicator = plan.FindIndicator(i.Code);
        return new IndicatorAggregate
        {
            Code = i.Code,
            Title = i.Title,
            Kind = i.Kind,
            Unit = i.Unit,
            Outcome = i.Outcome,
            Output = i.Output,
            StateRule = i.StateRule,
            YearRule = i.YearRule,
            Regional = i.Official,
            Official = i.Official,
            Provisional = false,
            ProvisionalStates = [],
            ByState = i.ByState.Where(s => s.Status == "accepted").ToList(),
            Disaggregation = i.ProvisionalStates.Count > 0 ? new(StringComparer.Ordinal) : i.Disaggregation,
            ByYear = i.ByYear?.Select(y => y with { Regional = y.Official, Provisional = false }).ToList(),
            Progress = indicator is null || i.Progress is null ? i.Progress : Aggregator.ProgressOf(indicator, i.Official, i.Progress.AsOfYear ?? asOfYear),
        };
    }

    /// <summary>Plan section 5.3.1: what the annual senior officials' meeting should act on.</summary>
    private static Gaps GapsOf(WorkPlan plan, List<IndicatorAggregate> indicators, List<CompletenessView> completeness)
    {
        var weak = indicators.Where(i => i.Progress?.Status is "offTrack" or "noData")
            .Select(i => new GapIndicator(i.Code, i.Title, i.Outcome, i.Progress!.Status)).ToList();
        var withProgress = indicators.Where(i => i.Regional?.Value is not null).Select(i => i.Outcome).ToHashSet();
        var outcomes = plan.Outcomes.Where(o => !withProgress.Contains(o.Code)).Select(o => o.Code).ToList();
        var multiYear = completeness.Count > 1;
        var missing = completeness.SelectMany(c => c.Missing.Select(s => multiYear ? $"{s} {c.Year}" : s)).ToList();
        var late = completeness.SelectMany(c => c.Late.Select(s => multiYear ? $"{s} {c.Year}" : s)).ToList();
        var calls = new List<string>();
        if (weak.Any(w => w.Status == "offTrack"))
            calls.Add($"Review delivery of off-track indicators ({string.Join(", ", weak.Where(w => w.Status == "offTrack").Select(w => w.Code))}) and agree measures to speed it up.");
        if (weak.Any(w => w.Status == "noData"))
            calls.Add($"Agree how data will be collected for indicators with no data ({string.Join(", ", weak.Where(w => w.Status == "noData").Select(w => w.Code))}).");
        if (outcomes.Count > 0)
            calls.Add($"Discuss outcomes with no reported progress ({string.Join(", ", outcomes)}).");
        if (missing.Count > 0)
            calls.Add($"Follow up missing reports ({string.Join(", ", missing)}) with the focal points.");
        return new Gaps(weak, outcomes, missing, late, calls);
    }
}
