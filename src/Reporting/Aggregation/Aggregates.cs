using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Aggregation;

/// <summary>
/// Everything the secretariat's summary shows for one plan-year (Year set) or the plan to date (Year null).
/// Stored whole, as one entity, so a reader never sees half an update. Deterministic: the same inputs give
/// the same bytes (no wall-clock time inside; <see cref="DataAsOf"/> is the newest counted change).
/// </summary>
public sealed class PlanAggregate
{
    public required string PlanId { get; init; }
    public required int PlanVersion { get; init; }
    /// <summary>The layout of this stored JSON; a row of an older shape is recomputed (see <see cref="CurrentShape"/>).</summary>
    public int Shape { get; init; }
    /// <remarks>3: activity ranks carry the key result areas their activities named (<see cref="ActivityRank.Kras"/>). 4: a
    /// coverage's provisional count is of the counted states only, voluntary ones apart (<see cref="Coverage.VoluntaryProvisional"/>).</remarks>
    public const int CurrentShape = 4;
    public int? Year { get; init; }
    /// <summary>The latest change among the submissions counted: the figures are true as of then.</summary>
    public DateTimeOffset? DataAsOf { get; set; }
    public List<int> Years { get; init; } = [];
    public List<IndicatorAggregate> Indicators { get; init; } = [];
    /// <summary>Per state and year: what was reported and in what status (drafts are not shown, only "not submitted").</summary>
    public List<StateReport> States { get; init; } = [];
    public List<ActivityRank> Activities { get; init; } = [];
}

public sealed class StateReport
{
    public required string State { get; init; }
    public required int Year { get; init; }
    /// <summary>notSubmitted, submitted, accepted or returned. A draft reads as notSubmitted.</summary>
    public required string Status { get; init; }
    public bool Expected { get; init; }
    public bool Late { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
}

public sealed class IndicatorAggregate
{
    public required string Code { get; init; }
    public required string Title { get; init; }
    public required IndicatorKind Kind { get; init; }
    public string? Unit { get; init; }
    public string? Outcome { get; init; }
    public string? Output { get; init; }
    public required StateAggregation StateRule { get; init; }
    public required YearAggregation YearRule { get; init; }
    /// <summary>Accepted and submitted reports together; <see cref="Provisional"/> when any is not yet accepted.</summary>
    public Figure? Regional { get; set; }
    /// <summary>Accepted reports only: the official figure.</summary>
    public Figure? Official { get; set; }
    /// <summary>What <see cref="Regional"/> rests on: expected states counted, which are missing, how many are provisional.</summary>
    public Coverage? Coverage { get; set; }
    /// <summary>What <see cref="Official"/> rests on (accepted reports only).</summary>
    public Coverage? OfficialCoverage { get; set; }
    public bool Provisional { get; set; }
    public List<string> ProvisionalStates { get; set; } = [];
    public List<StateFigure> ByState { get; set; } = [];
    /// <summary>dimension → category → total over the states counted.</summary>
    public SortedDictionary<string, SortedDictionary<string, Figure>> Disaggregation { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Plan to date only: the regional figure of each year.</summary>
    public List<YearFigure>? ByYear { get; set; }
    public Progress? Progress { get; set; }

    /// <summary>A shallow copy, to change what one output shows (e.g. a report's years) without touching the summary it came from.</summary>
    public IndicatorAggregate Copy() => (IndicatorAggregate)MemberwiseClone();
}

/// <summary>A value; for rates also the numerator and denominator it came from.</summary>
public sealed record Figure(decimal? Value, decimal? Numerator = null, decimal? Denominator = null, int StatesCounted = 0, int? YesCount = null);

public sealed record StateFigure(string State, int Year, string Status, decimal? Value, decimal? Numerator = null, decimal? Denominator = null, bool? Achieved = null);

public sealed record YearFigure(int Year, Figure? Regional, Figure? Official, bool Provisional, Coverage? Coverage = null, Coverage? OfficialCoverage = null);

/// <summary>
/// What a regional figure rests on. Counted and Expected are member states expected to report (for a figure summed
/// over years: state-years, one per expected state and year); a state reporting voluntarily is counted in the value
/// but listed apart, never in Counted. Missing names the expected states (with the year, over several years) whose
/// figure is not in the value: unknown, never zero.
/// </summary>
public sealed record Coverage
{
    public int Counted { get; init; }
    public int Expected { get; init; }
    /// <summary>Of the <see cref="Counted"/> figures, those from reports submitted but not yet accepted.</summary>
    public int Provisional { get; init; }
    public List<string> Missing { get; init; } = [];
    public List<string> Voluntary { get; init; } = [];
    /// <summary>Of the <see cref="Voluntary"/> figures, those from reports submitted but not yet accepted.</summary>
    public int VoluntaryProvisional { get; init; }
    /// <summary>The years the figure covers: one, or every year so far for a sum over years.</summary>
    public List<int> Years { get; init; } = [];

    /// <summary>The words a reader sees, e.g. "from 3 of 10 states (1 provisional)". Names no state, so it is the same for every caller.</summary>
    public string Text
    {
        get
        {
            var unit = Years.Count > 1 ? $"expected reports over {Years[0]}-{Years[^1]}" : Expected == 1 ? "state" : "states";
            var extras = new List<string>();
            if (Provisional > 0) extras.Add($"{Provisional} provisional");
            // Each count says which figures it is of: "2 of 10 states (1 provisional; plus 1 voluntary, provisional)".
            if (Voluntary.Count > 0)
                extras.Add($"plus {Voluntary.Count} voluntary" + (VoluntaryProvisional == 0 ? "" : VoluntaryProvisional == Voluntary.Count ? ", provisional" : $", {VoluntaryProvisional} provisional"));
            return $"from {Counted} of {Expected} {unit}" + (extras.Count > 0 ? $" ({string.Join("; ", extras)})" : "");
        }
    }

    /// <summary>"3 of 10 states", or "38 of 50 expected reports" over several years.</summary>
    public string Brief() => $"{Counted} of {Expected} {(Years.Count > 1 ? "expected reports" : Expected == 1 ? "state" : "states")}";

    /// <summary>How many of <see cref="Expected"/> must be counted for a judgement at <paramref name="minimum"/> (a share).</summary>
    public int Needed(decimal minimum) => (int)Math.Ceiling(Math.Round(minimum * Expected, 6));
}

/// <summary>
/// How far from baseline to target, against a straight line from the baseline year to the target year, judged only
/// when <see cref="Coverage"/> reaches the minimum. Status: achieved (share ≥ 1), onTrack (share ≥ 90% of where the
/// line is), atRisk (≥ 60%), offTrack (below), notEnoughReports (too few expected states counted to judge: no share
/// is given), noData (nothing reported), noTarget (the plan gives no target), narrative (nothing to measure).
/// </summary>
public sealed record Progress(string Status, decimal? Share, decimal? Expected, decimal? Value, int? AsOfYear,
    Coverage? Coverage = null, decimal? MinimumCoverage = null, int? Needed = null)
{
    public static readonly IReadOnlyList<string> Statuses = ["achieved", "onTrack", "atRisk", "offTrack", "notEnoughReports", "noData", "noTarget", "narrative"];
}

public sealed record ActivityRank(string Outcome, int Rank, string Title, int Score, int Activities, List<string> States)
{
    /// <summary>
    /// The part of <see cref="Score"/> and <see cref="Activities"/> from activities that named a key result area of the plan's
    /// framework (their <c>kra</c>), per code; the rest named none. The cross-plan evaluation counts them where they say.
    /// </summary>
    public List<KraScore> Kras { get; init; } = [];
}

/// <summary>Activities of one ranked line that named this key result area, and their summed importance.</summary>
public sealed record KraScore(string Kra, int Score, int Activities);

public static class StatusNames
{
    public const string NotSubmitted = "notSubmitted";

    public static string Of(SubmissionStatus? status) => status switch
    {
        SubmissionStatus.Submitted => "submitted",
        SubmissionStatus.Accepted => "accepted",
        SubmissionStatus.Returned => "returned",
        _ => NotSubmitted,
    };
}
