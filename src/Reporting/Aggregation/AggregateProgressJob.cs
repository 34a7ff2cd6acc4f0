namespace Reporting.Aggregation;

/// <summary>Recomputes the aggregates of dirty plan-years (see issue: timer aggregation).</summary>
public sealed class AggregateProgressJob
{
    public Task<object> AggregateProgress(CancellationToken ct) => throw new NotImplementedException();
}
