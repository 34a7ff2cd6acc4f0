using Azure.Data.Tables;
using Reporting.Storage;

namespace Reporting.Aggregation;

/// <summary>
/// Table <c>jobstate</c>, PartitionKey <c>dirty</c>, RowKey <c>{planId}|{year}</c>: a plan-year whose aggregates are stale.
/// Marked before a submission write (a failed write then costs one needless recompute, never a missed one);
/// the aggregation job clears a marker only if its ETag is unchanged since it was read.
/// </summary>
public sealed class DirtyMarkers(ReportingTables tables, TimeProvider clock)
{
    public const string Partition = "dirty";

    public static string RowOf(string planId, int year) => $"{planId}|{year:D4}";

    public Task MarkAsync(string planId, int year, CancellationToken ct) =>
        tables.JobState.UpsertEntityAsync(new TableEntity(Partition, RowOf(planId, year))
        {
            ["PlanId"] = planId,
            ["Year"] = year,
            ["MarkedAt"] = clock.GetUtcNow(),
            // A fresh value on every mark, so the ETag changes even when two marks share a timestamp.
            ["Nonce"] = Guid.NewGuid().ToString("N"),
        }, TableUpdateMode.Replace, ct);
}
