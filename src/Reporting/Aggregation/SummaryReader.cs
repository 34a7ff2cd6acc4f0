using Reporting.Access;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Workflow;

namespace Reporting.Aggregation;

/// <summary>Reads a stored aggregate (one point read) and builds the caller's <see cref="Summary"/> from it.</summary>
public sealed class SummaryReader(AggregateStore aggregates, DirtyMarkers dirty, WindowStore windows, MemberStateDirectory memberStates, TimeProvider clock)
{
    public async Task<Summary> ReadAsync(WorkPlan plan, int? year, Caller caller, CancellationToken ct)
    {
        var (stored, aggregate) = await AggregateAsync(plan, year, ct);
        var stale = stored is null || stored.Aggregate.PlanVersion != plan.Version || await dirty.IsDirtyAsync(plan.Id, year, ct);
        return SummaryBuilder.Build(plan, stored, aggregate, stale, await windows.ListAsync(plan.Id, ct), caller, clock.GetUtcNow());
    }

    /// <summary>The stored aggregate, or (never aggregated yet) an empty one that says "no data" and "missing" honestly.</summary>
    public async Task<(AggregateStore.Stored? Stored, PlanAggregate Aggregate)> AggregateAsync(WorkPlan plan, int? year, CancellationToken ct)
    {
        var stored = await aggregates.GetAsync(plan.Id, year, ct);
        if (stored is not null && stored.Aggregate.PlanVersion == plan.Version) return (stored, stored.Aggregate);
        var empty = year is { } y
            ? Aggregator.AggregateYear(plan, y, [], memberStates)
            : Aggregator.AggregateToDate(plan, plan.YearsSoFar(clock.GetUtcNow().Year).Select(y2 => Aggregator.AggregateYear(plan, y2, [], memberStates)).ToList());
        return (stored, empty);
    }
}
