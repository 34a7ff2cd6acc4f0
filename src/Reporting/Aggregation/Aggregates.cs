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
    public bool Provisional { get; set; }
    public List<string> ProvisionalStates { get; set; } = [];
    public List<StateFigure> ByState { get; set; } = [];
    /// <summary>dimension → category → total over the states counted.</summary>
    public SortedDictionary<string, SortedDictionary<string, Figure>> Disaggregation { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Plan to date only: the regional figure of each year.</summary>
    public List<YearFigure>? ByYear { get; set; }
    public Progress? Progress { get; set; }
}

/// <summary>A value; for rates also the numerator and denominator it came from.</summary>
public sealed record Figure(decimal? Value, decimal? Numerator = null, decimal? Denominator = null, int StatesCounted = 0, int? YesCount = null);

public sealed record StateFigure(string State, int Year, string Status, decimal? Value, decimal? Numerator = null, decimal? Denominator = null, bool? Achieved = null);

public sealed record YearFigure(int Year, Figure? Regional, Figure? Official, bool Provisional);

/// <summary>
/// How far from baseline to target, against a straight line from the baseline year to the target year.
/// Status: achieved (share ≥ 1), onTrack (share ≥ 90% of where the line is), atRisk (≥ 60%), offTrack (below),
/// noData (nothing reported), noTarget (the plan gives no target), narrative (nothing to measure).
/// </summary>
public sealed record Progress(string Status, decimal? Share, decimal? Expected, decimal? Value, int? AsOfYear);

public sealed record ActivityRank(string Outcome, int Rank, string Title, int Score, int Activities, List<string> States);

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
