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

/// <summary>
/// Who reported for a year. The counts add up: Reported + Missing.Count = Expected, and Accepted + AwaitingReview +
/// Returned = Reported, all over the states expected that year; a state reporting voluntarily (a new member in its
/// first year) is counted apart, in Voluntary, never in Expected or Reported.
/// </summary>
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
    string Text)
{
    /// <summary>How many expected states have not submitted (Missing may name fewer: a focal point sees only its own state's code).</summary>
    public int MissingCount { get; init; }
    /// <summary>Voluntary reports with their status (submitted, accepted or returned), states named as in Voluntary.</summary>
    public List<VoluntaryReport> VoluntaryReports { get; init; } = [];
    public int VoluntaryCount { get; init; }
}

public sealed record VoluntaryReport(string State, string Status);

public sealed record GapIndicator(string Code, string Title, string? Outcome, string Status)
{
    /// <summary>What the status rests on, e.g. "from 3 of 10 states".</summary>
    public string? Coverage { get; init; }
    /// <summary>"3 of 10 states": the same, briefly.</summary>
    public string? CoverageBrief { get; init; }
}

public sealed record Gaps(List<GapIndicator> Indicators, List<string> OutcomesWithoutProgress, List<string> StatesMissing, List<string> StatesLate, List<string> CallsFor);

/// <summary>Turns stored aggregates into the caller's view: completeness and gaps judged now, focal points scoped.</summary>
public static class SummaryBuilder
{
    public static Summary Build(WorkPlan plan, AggregateStore.Stored? stored, PlanAggregate aggregate, bool stale,
        IReadOnlyDictionary<int, ReportingWindow> windows, Caller caller, DateTimeOffset now, MemberStates.MemberStateDirectory memberStates)
    {
        var level = caller.LevelIn(plan);
        var focal = level == AccessLevel.FocalPoint ? caller.State : null;
        var observer = level < AccessLevel.FocalPoint;
        var indicators = aggregate.Indicators.Select(i =>
            observer ? ScopeToObserver(plan, i, aggregate.Years.LastOrDefault())
            : focal is null ? i
            : ScopeToState(plan, i, focal, aggregate.Years.LastOrDefault())).ToList();
        // Every year of the period so far, even one no aggregate holds yet (nobody reported): it is all missing, not absent.
        var years = aggregate.Year is { } one ? [one] : plan.YearsSoFar(now.Year).Union(aggregate.Years).Order().ToList();
        var completeness = years.Select(y =>
        {
            var states = aggregate.States.Where(s => s.Year == y).ToList();
            if (!aggregate.Years.Contains(y)) states = Aggregator.StateReports(y, [], memberStates);
            var view = Completeness(y, states, windows.GetValueOrDefault(y) ?? ReportingWindow.Unset, now);
            return focal is null ? view : ScopeToState(view, focal);
        }).ToList();
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
        var reported = expected.Where(s => s.Status != StatusNames.NotSubmitted).ToList();
        var missing = expected.Where(s => s.Status == StatusNames.NotSubmitted).Select(s => s.State).ToList();
        var late = states.Where(s => s.Late || (s.Expected && s.Status == StatusNames.NotSubmitted && window.IsLate(now))).Select(s => s.State).ToList();
        var voluntary = states.Where(s => !s.Expected && s.Status != StatusNames.NotSubmitted).Select(s => new VoluntaryReport(s.State, s.Status)).ToList();
        var view = new CompletenessView(year, expected.Count, reported.Count, reported.Count(s => s.Status == "accepted"),
            reported.Count(s => s.Status == "submitted"), reported.Count(s => s.Status == "returned"),
            missing, late, voluntary.Select(v => v.State).ToList(), window.Due, window.Locks, "")
        {
            MissingCount = missing.Count,
            VoluntaryReports = voluntary,
            VoluntaryCount = voluntary.Count,
        };
        return view with { Text = CompletenessText(view) };
    }

    /// <summary>
    /// "2025: 5 of 10 reported (4 accepted, 0 awaiting review, 1 returned); missing: …; late: …; also reported voluntarily: TLS (awaiting review)".
    /// States the view does not name (a focal point's view) are counted, not named.
    /// </summary>
    private static string CompletenessText(CompletenessView c)
    {
        var text = $"{c.Year}: {c.Reported} of {c.Expected} reported ({c.Accepted} accepted, {c.AwaitingReview} awaiting review, {c.Returned} returned)";
        text += c.MissingCount == 0 ? "; none missing" : $"; missing: {Named(c.Missing, c.MissingCount)}";
        if (c.Late.Count > 0) text += $"; late: {string.Join(", ", c.Late)}";
        if (c.VoluntaryCount > 0)
            text += c.VoluntaryReports.Count == c.VoluntaryCount
                ? $"; also reported voluntarily: {string.Join(", ", c.VoluntaryReports.Select(v => $"{v.State} ({StatusWord(v.Status)})"))}"
                : $"; also reported voluntarily: {Named(c.VoluntaryReports.Select(v => $"{v.State} ({StatusWord(v.Status)})").ToList(), c.VoluntaryCount)}";
        return text;
    }

    private static string Named(List<string> names, int count) =>
        names.Count == count ? string.Join(", ", names)
        : names.Count == 0 ? (count == 1 ? "1 state" : $"{count} states")
        : $"{string.Join(", ", names)} and {count - names.Count} other state{(count - names.Count == 1 ? "" : "s")}";

    public static string StatusWord(string status) => status switch
    {
        "accepted" => "accepted",
        "submitted" => "awaiting review",
        "returned" => "returned",
        _ => "not submitted",
    };

    /// <summary>A focal point's completeness: every count, but no other state's code.</summary>
    public static CompletenessView ScopeToState(CompletenessView c, string state)
    {
        var scoped = c with
        {
            Missing = c.Missing.Where(s => s == state).ToList(),
            Late = c.Late.Where(s => s == state).ToList(),
            Voluntary = c.Voluntary.Where(s => s == state).ToList(),
            VoluntaryReports = c.VoluntaryReports.Where(v => v.State == state).ToList(),
        };
        return scoped with { Text = CompletenessText(scoped) };
    }

    /// <summary>What a focal point of <paramref name="state"/> may read of a coverage: every count, no other state's code.</summary>
    public static Coverage? ScopeToState(Coverage? c, string state) => c is null ? null : c with
    {
        Missing = c.Missing.Where(s => Names(s, state)).ToList(),
        Voluntary = c.Voluntary.Where(s => Names(s, state)).ToList(),
    };

    /// <summary>"THA" or "THA 2023" (a state-year) is the state's own.</summary>
    private static bool Names(string entry, string state) => entry == state || entry.StartsWith(state + " ", StringComparison.Ordinal);

    /// <summary>A focal point sees official regional figures (with what they rest on) and its own state's, never another state's unaccepted values or code.</summary>
    private static IndicatorAggregate ScopeToState(WorkPlan plan, IndicatorAggregate i, string state, int? asOfYear) =>
        OfficialOnly(plan, i, i.ByState.Where(s => s.State == state).ToList(), c => ScopeToState(c, state), asOfYear);

    /// <summary>
    /// An observer (civil society) sees final figures only: the official regional figure, and the states whose reports were
    /// accepted; nothing submitted and not yet accepted, so no provisional figure, breakdown or ranking that counts one.
    /// </summary>
    private static IndicatorAggregate ScopeToObserver(WorkPlan plan, IndicatorAggregate i, int? asOfYear) =>
        OfficialOnly(plan, i, i.ByState.Where(s => s.Status == "accepted").ToList(), c => c, asOfYear);

    /// <summary>
    /// The official figure in place of the regional one (accepted reports only), with what it rests on as the caller may see
    /// it, the states given, and progress judged on the official figure. The breakdown is kept only when nothing provisional
    /// is in it: it is computed over every counted report, so otherwise it would not add up to the official figure shown.
    /// </summary>
    private static IndicatorAggregate OfficialOnly(WorkPlan plan, IndicatorAggregate i, List<StateFigure> byState, Func<Coverage?, Coverage?> seen, int? asOfYear)
    {
        var indicator = plan.FindIndicator(i.Code);
        var coverage = seen(i.OfficialCoverage);
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
            Coverage = coverage,
            OfficialCoverage = coverage,
            Provisional = false,
            ProvisionalStates = [],
            ByState = byState,
            Disaggregation = i.ProvisionalStates.Count > 0 ? new(StringComparer.Ordinal) : i.Disaggregation,
            ByYear = i.ByYear?.Select(y => y with
            {
                Regional = y.Official, Provisional = false, Coverage = seen(y.OfficialCoverage), OfficialCoverage = seen(y.OfficialCoverage),
            }).ToList(),
            Progress = indicator is null || i.Progress is null ? i.Progress : Aggregator.ProgressOf(plan, indicator, i.Official, coverage, i.Progress.AsOfYear ?? asOfYear),
        };
    }

    /// <summary>
    /// An indicator of <paramref name="aggregate"/> as an observer's summary shows it (official figures only). A focal point's
    /// shows the same figures and judgement, with the other states' codes taken out of its coverage (<see cref="ScopeToState(Coverage?, string)"/>).
    /// </summary>
    public static IndicatorAggregate OfficialView(WorkPlan plan, IndicatorAggregate i, PlanAggregate aggregate) => ScopeToObserver(plan, i, aggregate.Years.LastOrDefault());

    /// <summary>Plan section 5.3.1: what the annual senior officials' meeting should act on.</summary>
    private static Gaps GapsOf(WorkPlan plan, List<IndicatorAggregate> indicators, List<CompletenessView> completeness)
    {
        var weak = indicators.Where(i => i.Progress?.Status is "offTrack" or "noData" or "notEnoughReports")
            .Select(i => new GapIndicator(i.Code, i.Title, i.Outcome, i.Progress!.Status) { Coverage = i.Progress.Coverage?.Text, CoverageBrief = i.Progress.Coverage?.Brief() }).ToList();
        var withProgress = indicators.Where(i => i.Regional?.Value is not null).Select(i => i.Outcome).ToHashSet();
        var outcomes = plan.Outcomes.Where(o => !withProgress.Contains(o.Code)).Select(o => o.Code).ToList();
        var multiYear = completeness.Count > 1;
        var missing = completeness.SelectMany(c => c.Missing.Select(s => multiYear ? $"{s} {c.Year}" : s)).ToList();
        var missingCount = completeness.Sum(c => c.MissingCount);
        var late = completeness.SelectMany(c => c.Late.Select(s => multiYear ? $"{s} {c.Year}" : s)).ToList();
        var calls = new List<string>();
        string Codes(string status) => string.Join(", ", weak.Where(w => w.Status == status).Select(w => w.Code));
        if (weak.Any(w => w.Status == "offTrack"))
            calls.Add($"Review delivery of off-track indicators ({Codes("offTrack")}) and agree measures to speed it up.");
        if (weak.Any(w => w.Status == "notEnoughReports"))
            calls.Add($"Collect the missing reports needed to judge progress on {string.Join(", ", weak.Where(w => w.Status == "notEnoughReports").Select(w => $"{w.Code} ({w.CoverageBrief})"))}.");
        if (weak.Any(w => w.Status == "noData"))
            calls.Add($"Agree how data will be collected for indicators with no data ({Codes("noData")}).");
        if (outcomes.Count > 0)
            calls.Add($"Discuss outcomes with no reported progress ({string.Join(", ", outcomes)}).");
        if (missingCount > 0)
            calls.Add(missing.Count == missingCount
                ? $"Follow up missing reports with the focal points ({string.Join("; ", completeness.Where(c => c.MissingCount > 0).Select(c =>
                    (multiYear ? $"{c.Year}: " : "") + (c.MissingCount == c.Expected && c.Expected > 1 ? $"none of the {c.Expected} expected states" : string.Join(", ", c.Missing))))})."
                : $"Follow up {missingCount} missing report{(missingCount == 1 ? "" : "s")}{(missing.Count > 0 ? $", yours among them ({string.Join(", ", missing)})" : "")}.");
        return new Gaps(weak, outcomes, missing, late, calls);
    }
}
