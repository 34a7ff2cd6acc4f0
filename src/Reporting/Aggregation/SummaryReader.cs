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
        var stale = stored is null || !IsCurrent(plan, stored) || await dirty.IsDirtyAsync(plan.Id, year, ct);
        return SummaryBuilder.Build(plan, stored, aggregate, stale, await windows.ListAsync(plan.Id, ct), caller, clock.GetUtcNow(), memberStates);
    }

    /// <summary>
    /// The stored aggregate, or (never aggregated yet, or stored for an older plan version or layout) an empty one that says
    /// "no data" and "missing" honestly. An outdated row marks its years dirty, so the next aggregation run replaces it.
    /// </summary>
    public async Task<(AggregateStore.Stored? Stored, PlanAggregate Aggregate)> AggregateAsync(WorkPlan plan, int? year, CancellationToken ct)
    {
        var stored = await aggregates.GetAsync(plan.Id, year, ct);
        if (stored is not null && IsCurrent(plan, stored)) return (stored, stored.Aggregate);
        var years = year is { } one ? [one] : plan.YearsSoFar(clock.GetUtcNow().Year).ToList();
        if (stored is not null)
            foreach (var y in years) await dirty.MarkAsync(plan.Id, y, ct);
        var empty = year is { } y1
            ? Aggregator.AggregateYear(plan, y1, [], memberStates)
            : Aggregator.AggregateToDate(plan, years.Select(y2 => Aggregator.AggregateYear(plan, y2, [], memberStates)).ToList());
        return (stored, empty);
    }

    private static bool IsCurrent(WorkPlan plan, AggregateStore.Stored stored) =>
        stored.Aggregate.PlanVersion == plan.Version && stored.Aggregate.Shape == PlanAggregate.CurrentShape;
}
