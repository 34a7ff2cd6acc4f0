using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Newtonsoft.Json;
using Reporting.Http;
using Reporting.Storage;

namespace Reporting.Aggregation;

/// <summary>
/// Table <c>aggregates</c>: PartitionKey = plan id, RowKey = year (<c>2024</c>) or <c>all</c> (plan to date).
/// One entity holds a whole <see cref="PlanAggregate"/> as JSON, so a summary is one point read whatever
/// the history size, and an update is atomic. A row is rewritten only when its content hash changes.
/// </summary>
public sealed class AggregateStore(ReportingTables tables, TimeProvider clock)
{
    public const string ToDateRow = "all";

    public sealed record Stored(PlanAggregate Aggregate, string Hash, DateTimeOffset ComputedAt);

    public static string RowOf(int? year) => year is { } y ? y.ToString("D4") : ToDateRow;

    public async Task<Stored?> GetAsync(string planId, int? year, CancellationToken ct)
    {
        var row = await tables.Aggregates.GetEntityIfExistsAsync<TableEntity>(planId, RowOf(year), cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Read(row.Value) : null;
    }

    /// <summary>Every stored row of a plan (years and to date), in one partition query.</summary>
    public async Task<IReadOnlyList<Stored>> ListAsync(string planId, CancellationToken ct)
    {
        var list = new List<Stored>();
        await foreach (var e in tables.Aggregates.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {planId}"), cancellationToken: ct))
            list.Add(Read(e));
        return list;
    }

    /// <summary>Writes the aggregate unless it is byte-identical to <paramref name="storedHash"/> (the row's hash when last read); true when it wrote.</summary>
    public async Task<bool> SaveAsync(PlanAggregate aggregate, string? storedHash, CancellationToken ct)
    {
        var json = Json.Serialize(aggregate);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        if (storedHash == hash) return false;
        var entity = new TableEntity(aggregate.PlanId, RowOf(aggregate.Year))
        {
            ["Hash"] = hash,
            ["ComputedAt"] = clock.GetUtcNow(),
            ["PlanVersion"] = aggregate.PlanVersion,
        };
        ChunkedText.Write(entity, "Json", json);
        await tables.Aggregates.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        return true;
    }

    private static Stored Read(TableEntity e) => new(
        JsonConvert.DeserializeObject<PlanAggregate>(ChunkedText.Read(e, "Json"), Json.Settings)!,
        e.GetString("Hash") ?? "",
        e.GetDateTimeOffset("ComputedAt") ?? default);
}
