using Reporting.Aggregation;
using Reporting.Frameworks;
using Reporting.Plans;

namespace Reporting.Evaluation;

/// <summary>
/// What one plan brings to a framework's evaluation for one year or the framework's whole period: the plan's elements
/// that serve key result areas, and each serving indicator's figure and judgement as the plan's summary states them,
/// both as the plan's secretariat sees them (every counted report) and as observers see them (official figures only).
/// Computed from the plan's stored aggregate only and stored by the aggregation job beside it, so the evaluation
/// combines small rows and a change in one plan recomputes that plan's contributions and nothing else.
/// </summary>
public sealed class EvaluationContribution
{
    /// <summary>The layout of this stored JSON; a row of another shape is recomputed when read.</summary>
    public const int CurrentShape = 1;

    public int Shape { get; init; }
    /// <summary>The shape of the aggregate it was computed from: a contribution of an outdated aggregate is outdated too.</summary>
    public int AggregateShape { get; init; }
    public required string FrameworkId { get; init; }
    public required string PlanId { get; init; }
    public required int PlanVersion { get; init; }
    public required string PlanTitle { get; init; }
    public required string SectoralBody { get; init; }
    public required int FirstYear { get; init; }
    public required int LastYear { get; init; }
    /// <summary>The evaluated year, or null for the framework's whole period.</summary>
    public int? Year { get; init; }
    /// <summary>The plan's aggregate the figures come from: a year, or null for the plan to date.</summary>
    public int? AggregateYear { get; init; }
    /// <summary>The plan's years the figures cover.</summary>
    public required List<int> Years { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    public required List<ServingElement> Outputs { get; init; }
    public required List<ServingElement> Outcomes { get; init; }
    public required List<ContributedIndicator> Indicators { get; init; }
    /// <summary>
    /// The plan's activity ranking lines that count toward a key result area (named one, or under a serving outcome), over the
    /// years the contribution covers (to date, a year, or through the framework's last year).
    /// </summary>
    public required List<ActivityRank> Activities { get; init; }
}

/// <summary>An output or outcome of a plan and the key result areas it serves, with who states the link.</summary>
public sealed record ServingElement(string Code, string Text, List<string> Serves, MappingSource? MappingSource, string? MappingNote);

/// <summary>How an indicator comes to serve a key result area: it names it, or its outcome or output serves it.</summary>
public sealed record KraLink(string Kra, string Via, MappingSource? MappingSource);

/// <summary>An indicator's figure and judgement in one view (the secretariat's, or the official one).</summary>
public sealed record IndicatorView(Figure? Figure, bool Provisional, int ProvisionalStates, Progress? Progress);

public sealed record ContributedIndicator(string Code, string Title, IndicatorKind Kind, string? Unit, string? Outcome, string? Output,
    List<KraLink> Links, IndicatorView Secretariat, IndicatorView Official);

/// <summary>Which rows a plan contributes and which of its aggregates each is computed from.</summary>
public static class EvaluationRows
{
    public const string Period = "period";

    public static string RowOf(int? year) => year is { } y ? y.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) : Period;

    /// <summary>
    /// The plan's aggregate an evaluation takes its figures from, or none when the plan has no part in it. For a year: that
    /// year's (the plan must run in it). For the framework's whole period: the plan to date while every year of the plan so
    /// far lies within the period; once the plan has run past it, the aggregate of the period's last year, whose judgements
    /// are made through that year. Returns (part, aggregate year or null for the plan to date).
    /// </summary>
    public static (bool Part, int? AggregateYear) SourceFor(Framework framework, int planFirstYear, int planLastYear, int? year, int currentYear)
    {
        if (year is { } y) return (y >= planFirstYear && y <= planLastYear && y <= currentYear, y);
        var lastSoFar = Math.Min(planLastYear, currentYear);
        if (planFirstYear > Math.Min(framework.LastYear, currentYear) || planLastYear < framework.FirstYear) return (false, null);
        return (true, lastSoFar <= framework.LastYear ? null : framework.LastYear);
    }

    /// <summary>The years a plan contributes a row for: each of its years so far inside the framework's period.</summary>
    public static IEnumerable<int> YearsOf(Framework framework, WorkPlan plan, int currentYear) =>
        plan.YearsSoFar(currentYear).Where(framework.Covers);
}

/// <summary>Pure: a plan and one of its stored aggregates in, its contribution out.</summary>
public static class ContributionBuilder
{
    /// <param name="activities">The activity ranking to count, when not the aggregate's own: for the whole period of a plan that has run
    /// past the framework, every year through the framework's last (the year aggregate ranks that year's only).</param>
    public static EvaluationContribution Build(Framework framework, WorkPlan plan, PlanAggregate aggregate, int? year, IReadOnlyList<ActivityRank>? activities = null)
    {
        var outputs = plan.Outputs.Where(o => o.Serves.Count > 0)
            .Select(o => new ServingElement(o.Code, o.Text, o.Serves, o.MappingSource, o.MappingNote)).ToList();
        var outcomes = plan.Outcomes.Where(o => o.Serves.Count > 0)
            .Select(o => new ServingElement(o.Code, o.Text, o.Serves, o.MappingSource, o.MappingNote)).ToList();
        var indicators = new List<ContributedIndicator>();
        foreach (var i in aggregate.Indicators)
        {
            if (plan.FindIndicator(i.Code) is not { } defined) continue;
            var links = Links(plan, defined);
            if (links.Count == 0) continue;
            var official = SummaryBuilder.OfficialView(plan, i, aggregate);
            indicators.Add(new ContributedIndicator(i.Code, i.Title, i.Kind, i.Unit, i.Outcome, i.Output, links,
                new IndicatorView(i.Regional, i.Provisional, i.ProvisionalStates.Count, i.Progress),
                new IndicatorView(official.Regional, false, 0, official.Progress)));
        }
        var serving = outcomes.Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        return new EvaluationContribution
        {
            Shape = EvaluationContribution.CurrentShape,
            AggregateShape = aggregate.Shape,
            FrameworkId = framework.Id,
            PlanId = plan.Id,
            PlanVersion = plan.Version ?? 1,
            PlanTitle = plan.Title,
            SectoralBody = plan.SectoralBody,
            FirstYear = plan.FirstYear,
            LastYear = plan.LastYear,
            Year = year,
            AggregateYear = aggregate.Year,
            Years = aggregate.Years,
            DataAsOf = aggregate.DataAsOf,
            Outputs = outputs,
            Outcomes = outcomes,
            Indicators = indicators,
            Activities = (activities ?? aggregate.Activities).Where(a => a.Kras.Count > 0 || serving.Contains(a.Outcome)).ToList(),
        };
    }

    /// <summary>An indicator serves what it names itself, and what its outcome and its output serve.</summary>
    public static List<KraLink> Links(WorkPlan plan, Indicator indicator)
    {
        var links = indicator.Serves.Select(k => new KraLink(k, "indicator", indicator.MappingSource)).ToList();
        if (plan.Outcomes.FirstOrDefault(o => o.Code == indicator.Outcome) is { } outcome)
            links.AddRange(outcome.Serves.Select(k => new KraLink(k, $"outcome {outcome.Code}", outcome.MappingSource)));
        if (plan.Outputs.FirstOrDefault(o => o.Code == indicator.Output) is { } output)
            links.AddRange(output.Serves.Select(k => new KraLink(k, $"output {output.Code}", output.MappingSource)));
        return links;
    }
}
