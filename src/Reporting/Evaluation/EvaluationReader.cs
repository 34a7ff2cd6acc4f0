using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Frameworks;
using Reporting.Plans;

namespace Reporting.Evaluation;

/// <summary>
/// Reads a framework's evaluation for a caller: the plan list, the stored contributions of one row and the dirty markers,
/// three queries side by side, then combines them (<see cref="Evaluator"/>). No submission is read. A plan whose stored
/// contribution is missing or outdated (another plan version, aggregate layout or period rule) is computed on read from its
/// stored aggregate, exactly as the job would, and marked so the next aggregation run stores it.
/// </summary>
public sealed class EvaluationReader(PlanStore plans, ContributionStore contributions, SummaryReader summaries, AggregateStore aggregates, DirtyMarkers dirty, TimeProvider clock)
{
    /// <summary>What a read did: how many plans came from stored contributions, how many were computed from their aggregate.</summary>
    public sealed record Outcome(FrameworkEvaluation Evaluation, int Stored, int ComputedOnRead);

    public async Task<FrameworkEvaluation> ReadAsync(Framework framework, int? year, Caller caller, CancellationToken ct) =>
        (await ReadWithOutcomeAsync(framework, year, caller, ct)).Evaluation;

    public async Task<Outcome> ReadWithOutcomeAsync(Framework framework, int? year, Caller caller, CancellationToken ct)
    {
        var currentYear = clock.GetUtcNow().Year;
        var listing = plans.ListAsync(ct);
        var stored = contributions.ListAsync(framework.Id, EvaluationRows.RowOf(year), ct);
        var marked = dirty.ListAsync(ct);
        await Task.WhenAll(listing, stored, marked);

        var candidates = (await listing)
            .Where(p => p.Framework == framework.Id && caller.MayReadPlan(p))
            .Select(p => (Plan: p, Source: EvaluationRows.SourceFor(framework, p.FirstYear, p.LastYear, year, currentYear)))
            .Where(x => x.Source.Part)
            .ToList();
        var markers = (await marked).ToLookup(m => m.PlanId, StringComparer.Ordinal);
        var rows = await stored;
        int fromStore = 0, computed = 0;
        var parts = await Task.WhenAll(candidates.Select(async x =>
        {
            var (summary, source) = x;
            var dirtyYears = markers[summary.Id].Select(m => m.Year).ToList();
            var stale = year is { } y ? dirtyYears.Contains(y) : dirtyYears.Any(d => source.AggregateYear is not { } last || d <= last);
            var level = caller.LevelIn(summary);
            if (rows.TryGetValue(summary.Id, out var row) && IsCurrent(row.Contribution, summary, framework, year, source.AggregateYear))
            {
                Interlocked.Increment(ref fromStore);
                return new PlanPart(row.Contribution, level, caller.State, stale);
            }
            var plan = await plans.GetVersionAsync(summary.Id, summary.Version, ct);
            if (plan is null) return null;
            Interlocked.Increment(ref computed);
            var (aggregateRow, aggregate) = await summaries.AggregateAsync(plan, source.AggregateYear, ct);
            var aggregateCurrent = aggregateRow is not null && ReferenceEquals(aggregate, aggregateRow.Aggregate);
            // The whole period of a plan past the framework: its activities through the framework's last year, from the year rows.
            IReadOnlyList<ActivityRank>? activities = null;
            if (year is null && source.AggregateYear is { } through && aggregateCurrent)
                activities = Aggregator.ActivitiesThrough((await aggregates.ListAsync(plan.Id, ct)).Select(s => s.Aggregate)
                    .Where(a => a.Year is not null && a.PlanVersion == plan.Version && a.Shape == PlanAggregate.CurrentShape), through);
            var contribution = ContributionBuilder.Build(framework, plan, aggregate, year, activities);
            // A current aggregate without its stored contribution (a new year, a run that stopped between the two writes): the
            // next run stores it. An outdated aggregate has already marked its years (SummaryReader).
            if (aggregateCurrent && !stale && Storage.ChunkedText.Fits(Http.Json.Serialize(contribution)))
                await dirty.MarkAsync(plan.Id, source.AggregateYear ?? plan.YearsSoFar(currentYear).Last(), ct);
            return new PlanPart(contribution, level, caller.State, stale || !aggregateCurrent);
        }));
        var evaluation = Evaluator.Evaluate(framework, year, currentYear, parts.OfType<PlanPart>().ToList());
        return new Outcome(evaluation, fromStore, computed);
    }

    private static bool IsCurrent(EvaluationContribution c, PlanStore.PlanSummary plan, Framework framework, int? year, int? aggregateYear) =>
        c.Shape == EvaluationContribution.CurrentShape && c.AggregateShape == PlanAggregate.CurrentShape && c.PlanVersion == plan.Version
        && c.FrameworkId == framework.Id && c.Year == year && c.AggregateYear == aggregateYear;
}
