using Azure;
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

    public sealed record Marker(string PlanId, int Year, ETag ETag);

    public async Task<IReadOnlyList<Marker>> ListAsync(CancellationToken ct)
    {
        var list = new List<Marker>();
        await foreach (var e in tables.JobState.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: ct))
            list.Add(new Marker(e.GetString("PlanId") ?? "", e.GetInt32("Year") ?? 0, e.ETag));
        return list;
    }

    public async Task<bool> IsDirtyAsync(string planId, int? year, CancellationToken ct)
    {
        if (year is { } y)
            return (await tables.JobState.GetEntityIfExistsAsync<TableEntity>(Partition, RowOf(planId, y), select: ["PlanId"], cancellationToken: ct)).HasValue;
        var (from, to) = ($"{planId}|", $"{planId}|~");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var _ in tables.JobState.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PlanId"], cancellationToken: ct))
            return true;
        return false;
    }

    /// <summary>Clears a marker only if nobody marked it again since it was read; false when it changed (the next run picks it up).</summary>
    public async Task<bool> ClearAsync(Marker marker, CancellationToken ct)
    {
        try
        {
            await tables.JobState.DeleteEntityAsync(Partition, RowOf(marker.PlanId, marker.Year), marker.ETag, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}
