using Reporting.Aggregation;
using Reporting.Plans;
using Reporting.Reports;

namespace Reporting.Evaluation;

/// <summary>
/// GET frameworks/{id}/evaluation: per characteristic and key result area (KRA), the plans in the caller's scope that
/// serve it, their serving outcomes, outputs and indicators with each indicator's figure and judgement exactly as the plan's
/// summary states it for this caller, the activities carried out and their summed importance, and the gaps.
/// </summary>
public sealed class FrameworkEvaluation
{
    public const string ServesRule =
        "An indicator serves the key result areas it names itself and those its outcome and its output serve; an outcome or output serves those it names (serves). " +
        "Each link says who states it: the plan's own text, the framework's text, or this project's reading (mappingSource).";

    public const string ActivityRule =
        "An activity counts toward the key result area it names (kra); an activity that names none counts toward every key result area its outcome serves " +
        "(so under an outcome that serves two areas it counts in each, and totals are not added across areas). Scores are the 1-3 importance scores summed " +
        "over the reports counted (accepted, and submitted ones awaiting review); activities are shown only for plans whose secretariat the caller is, as the plan's summary does.";

    public const string PlansRule =
        "The plans are those in your access that name this framework and run in the period. Figures and judgements are each plan's own, from its stored " +
        "aggregates, as its summary states them to you; for the whole period, a plan that has run past the framework's last year is judged through that year.";

    public required string FrameworkId { get; init; }
    public required string FrameworkTitle { get; init; }
    public string? ShortTitle { get; init; }
    public required int FrameworkRevision { get; init; }
    /// <summary>The evaluated year; absent for the framework's whole period.</summary>
    public int? Year { get; init; }
    public required string Period { get; init; }
    /// <summary>The newest change counted in any plan's figures.</summary>
    public DateTimeOffset? DataAsOf { get; init; }
    /// <summary>Some plan's submissions changed since its figures were computed; the next aggregation run refreshes them.</summary>
    public required bool Stale { get; init; }
    public required string Counting { get; init; }
    public required string Serving { get; init; }
    public required string ActivityCounting { get; init; }
    public required string PlanSelection { get; init; }
    /// <summary>How many KRAs the framework's source declares; more than listed when some are not in its reference data yet.</summary>
    public int? KeyResultAreasDeclared { get; init; }
    public required int KeyResultAreasListed { get; init; }
    public required List<EvaluatedPlan> Plans { get; init; }
    public required List<CharacteristicEvaluation> Characteristics { get; init; }
    public required EvaluationGaps Gaps { get; init; }
}

/// <summary>A plan in the evaluation and what its figures are: which period, which view, how fresh.</summary>
public sealed record EvaluatedPlan
{
    public required string PlanId { get; init; }
    public required string Title { get; init; }
    public required string SectoralBody { get; init; }
    public required int Version { get; init; }
    public required int FirstYear { get; init; }
    public required int LastYear { get; init; }
    /// <summary>The plan's years its figures cover.</summary>
    public required List<int> Years { get; init; }
    /// <summary>The plan's summary the figures equal: its year (GET summary?year=), or to date (no year).</summary>
    public int? SummaryYear { get; init; }
    /// <summary>In words: "to date (2021-2025)", "through 2025, the framework's last year", or "2024".</summary>
    public required string Figures { get; init; }
    /// <summary><c>secretariat</c> (every counted report, provisional ones marked), <c>focalPoint</c> or <c>observer</c> (official figures only).</summary>
    public required string View { get; init; }
    public required bool OfficialOnly { get; init; }
    public required bool ActivitiesShown { get; init; }
    public required int ServingIndicators { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    public required bool Stale { get; init; }
}

public sealed record CharacteristicEvaluation
{
    public required string Code { get; init; }
    public required string Title { get; init; }
    public required bool Confirmed { get; init; }
    /// <summary>Plans serving any of its KRAs.</summary>
    public required List<string> Plans { get; init; }
    /// <summary>Indicators by status, each (plan, indicator) once however many of its KRAs it serves.</summary>
    public required StatusCounts Status { get; init; }
    public required string Headline { get; init; }
    public required List<KraEvaluation> KeyResultAreas { get; init; }
}

public sealed record KraEvaluation
{
    public required string Code { get; init; }
    public required string Characteristic { get; init; }
    public required string Title { get; init; }
    /// <summary>False when the framework's data marks the code or title as a working label no source confirmed.</summary>
    public required bool Confirmed { get; init; }
    public string? Note { get; init; }
    public required List<string> Plans { get; init; }
    public required List<KraElement> Outcomes { get; init; }
    public required List<KraElement> Outputs { get; init; }
    public required List<KraIndicator> Indicators { get; init; }
    public required StatusCounts Status { get; init; }
    public required string Headline { get; init; }
    /// <summary>Absent when no plan in the evaluation shows the caller its activities.</summary>
    public KraActivities? Activities { get; init; }
    /// <summary>Why the area needs attention: notServed, offTrack, notEnoughReports, noTarget, noData, unconfirmed.</summary>
    public required List<string> Gaps { get; init; }
}

/// <summary>An outcome or output of a plan that serves the KRA.</summary>
public sealed record KraElement(string PlanId, string Code, string Text, MappingSource? MappingSource, string? MappingNote);

/// <summary>A serving indicator: how it serves the KRA, and its figure and judgement as the plan's summary states them.</summary>
public sealed record KraIndicator
{
    public required string PlanId { get; init; }
    public required string Code { get; init; }
    public required string Title { get; init; }
    public required IndicatorKind Kind { get; init; }
    public string? Unit { get; init; }
    public string? Outcome { get; init; }
    public string? Output { get; init; }
    /// <summary>"indicator", "outcome 3.2.3", "output 3.1.3": what links it to the KRA.</summary>
    public required List<string> Via { get; init; }
    /// <summary>The weakest of the links' sources (project, then framework, then plan).</summary>
    public MappingSource? MappingSource { get; init; }
    /// <summary>The summary's regional figure (for the secretariat, provisional reports included; otherwise official).</summary>
    public Figure? Figure { get; init; }
    public required bool Provisional { get; init; }
    public required int ProvisionalStates { get; init; }
    public Progress? Progress { get; init; }
}

public sealed record KraActivities
{
    public required int Activities { get; init; }
    public required int Score { get; init; }
    /// <summary>Activities that named this KRA themselves.</summary>
    public required ActivityTotal Named { get; init; }
    /// <summary>Activities that named no KRA, reported under an outcome that serves this one.</summary>
    public required ActivityTotal ViaOutcome { get; init; }
    /// <summary>Highest score first.</summary>
    public required List<KraActivity> Lines { get; init; }
}

public sealed record ActivityTotal(int Activities, int Score);

/// <summary>A line of a plan's activity ranking counted here; basis <c>named</c> or <c>outcome</c>.</summary>
public sealed record KraActivity(string PlanId, string Outcome, string Title, string Basis, int Score, int Activities, List<string> States);

public sealed record EvaluationGaps
{
    /// <summary>KRAs no plan in the evaluation serves.</summary>
    public required List<string> NotServed { get; init; }
    /// <summary>Serving indicators off track, not judged (not enough reports, no target) or without data.</summary>
    public required List<EvaluationGap> Indicators { get; init; }
    /// <summary>Listed KRAs whose code or title no source confirmed.</summary>
    public required List<string> Unconfirmed { get; init; }
    /// <summary>KRAs the framework declares but its data does not list: whether any plan serves them cannot be shown.</summary>
    public required int NotListed { get; init; }
    public required List<string> CallsFor { get; init; }
}

public sealed record EvaluationGap(string Kra, string PlanId, string Indicator, string Title, string Status)
{
    public string? Coverage { get; init; }
}
