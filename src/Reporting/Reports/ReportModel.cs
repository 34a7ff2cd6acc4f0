using Reporting.Aggregation;
using Reporting.Plans;

namespace Reporting.Reports;

public static class ReportKinds
{
    public const string EndOfPlan = "end-of-plan";
    public const string Annual = "annual";

    /// <summary>The folder under the plan: <c>end-of-plan</c> or <c>annual-2024</c>.</summary>
    public static string Segment(string kind, int? year) => kind == Annual ? $"{Annual}-{year}" : EndOfPlan;
}

/// <summary>Everything a report shows (data.json). Deterministic: no generation time inside, so the same data hashes the same.</summary>
public sealed class ReportData
{
    public required string PlanId { get; init; }
    public required int PlanVersion { get; init; }
    public required string PlanTitle { get; init; }
    public required string SectoralBody { get; init; }
    public required int FirstYear { get; init; }
    public required int LastYear { get; init; }
    public required string Kind { get; init; }
    public int? Year { get; init; }
    public required string Title { get; init; }
    public required bool Interim { get; init; }
    public required List<string> InterimReasons { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    public required string CompletenessText { get; init; }
    /// <summary>Every year of the period so far, a year nobody reported included (all missing).</summary>
    public required List<CompletenessView> Completeness { get; init; }
    /// <summary>Years of the plan that have not started yet (an end-of-plan report generated early).</summary>
    public List<int> YearsNotStarted { get; init; } = [];
    /// <summary>The first page after the cover: what the figures rest on, in plain words.</summary>
    public required List<string> CoverageCaveat { get; init; }
    public required List<GoalSection> Goals { get; init; }
    public required List<IndicatorAggregate> Indicators { get; init; }
    /// <summary>From the plan and the year aggregates: what the indicator aims at, and every state's figure in every year.</summary>
    public required List<IndicatorDetail> Details { get; init; }
    public required List<ActivityRank> Activities { get; init; }
    public required List<StateNarratives> Narratives { get; init; }
    public required Gaps Gaps { get; init; }
    public required List<StateReport> CompletenessMatrix { get; init; }
    public required List<string> Method { get; init; }
    /// <summary>How the plan words its breakdowns (ageGroup → "Age group", 60plus → "60 and over"), for the breakdown tables.</summary>
    public Dictionary<string, DisaggregationLabel>? DisaggregationLabels { get; init; }
}

/// <summary>Indicators by status; NotJudged = NotEnoughReports + NoData + NoTarget (narratives are not counted).</summary>
public sealed record StatusCounts(int Achieved, int OnTrack, int AtRisk, int OffTrack, int NotEnoughReports, int NoData, int NoTarget)
{
    public int NotJudged => NotEnoughReports + NoData + NoTarget;
    public int Total => Achieved + OnTrack + AtRisk + OffTrack + NotJudged;
}

/// <summary>One tile of an outcome's status grid: an indicator, its status and what it rests on.</summary>
public sealed record StatusCell(string Code, string Title, string Status, string Words, string? Coverage, bool Provisional);

public sealed record OutcomeSection(string Code, string Text, List<string> Indicators, StatusCounts Status, List<StatusCell> Grid);

/// <summary>A goal with its headline sentence, e.g. "Of 6 indicators, 1 achieved, 2 on track, …".</summary>
public sealed record GoalSection(string Code, string Text, List<OutcomeSection> Outcomes, StatusCounts Status, string Headline);

public sealed record IndicatorDetail(string Code, Plans.Measure? Baseline, Plans.Measure? Target, string Direction, List<StateFigure> StatesByYear);

public sealed record ManifestFile(string Name, string ContentType, long Size, string Sha256);

public sealed class ReportManifest
{
    public required string ReportId { get; init; }
    public required string PlanId { get; init; }
    public required int PlanVersion { get; init; }
    public required string Kind { get; init; }
    public int? Year { get; init; }
    public required string Title { get; init; }
    public required bool Interim { get; init; }
    public required List<string> InterimReasons { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    public required string Completeness { get; init; }
    public required string GeneratorVersion { get; init; }
    /// <summary>SHA-256 of data.json: two versions with the same data have the same content hash.</summary>
    public required string ContentHash { get; init; }
    public required List<ManifestFile> Files { get; init; }
}
