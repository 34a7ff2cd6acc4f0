using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Newtonsoft.Json;
using Reporting.Http;
using Reporting.Storage;

namespace Reporting.Evaluation;

/// <summary>
/// Table <c>evaluations</c>: PartitionKey = framework id, RowKey = <c>{planId}|{row}</c> where row is a year
/// (<c>2024</c>) or <c>period</c> (the framework's whole period); a <c>Row</c> column repeats the row. One entity holds one
/// <see cref="EvaluationContribution"/> as JSON. An evaluation reads one partition filtered on Row (one query, whatever
/// the number of plans); the aggregation job reads and rewrites one plan's rows (a key range) when it has recomputed that
/// plan's aggregates, and writes a row only when its content hash changed.
/// </summary>
public sealed class ContributionStore(ReportingTables tables, TimeProvider clock)
{
    public sealed record Stored(EvaluationContribution Contribution, string Hash, DateTimeOffset ComputedAt);

    public static string KeyOf(string planId, string row) => $"{planId}|{row}";

    /// <summary>Every plan's contribution to one row (a year or the period) of a framework's evaluation, in one query.</summary>
    public async Task<IReadOnlyDictionary<string, Stored>> ListAsync(string frameworkId, string row, CancellationToken ct)
    {
        var found = new Dictionary<string, Stored>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {frameworkId} and Row eq {row}");
        await foreach (var e in tables.Evaluations.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            if (Read(e) is { } stored) found[stored.Contribution.PlanId] = stored;
        return found;
    }

    /// <summary>The content hash of each stored row of one plan (row → hash), to write only what changed.</summary>
    public async Task<Dictionary<string, string>> HashesAsync(string frameworkId, string planId, CancellationToken ct)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var (from, to) = ($"{planId}|", $"{planId}|~");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {frameworkId} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var e in tables.Evaluations.QueryAsync<TableEntity>(filter, select: ["Row", "Hash"], cancellationToken: ct))
            hashes[e.GetString("Row") ?? ""] = e.GetString("Hash") ?? "";
        return hashes;
    }

    /// <summary>Writes the contribution unless its content equals <paramref name="storedHash"/>; true when it wrote.</summary>
    public async Task<bool> SaveAsync(EvaluationContribution contribution, string? storedHash, CancellationToken ct)
    {
        var json = Json.Serialize(contribution);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        // Too large for one entity (a plan of hundreds of indicators): the evaluation then computes it from the aggregate when read.
        if (storedHash == hash || !ChunkedText.Fits(json)) return false;
        var row = EvaluationRows.RowOf(contribution.Year);
        var entity = new TableEntity(contribution.FrameworkId, KeyOf(contribution.PlanId, row))
        {
            ["Row"] = row,
            ["PlanId"] = contribution.PlanId,
            ["PlanVersion"] = contribution.PlanVersion,
            ["Shape"] = contribution.Shape,
            ["Hash"] = hash,
            ["ComputedAt"] = clock.GetUtcNow(),
        };
        ChunkedText.Write(entity, "Json", json);
        await tables.Evaluations.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        return true;
    }

    /// <summary>A row this code cannot read (another shape) is as good as none: the evaluation computes it from the aggregate.</summary>
    private static Stored? Read(TableEntity e)
    {
        try
        {
            var contribution = JsonConvert.DeserializeObject<EvaluationContribution>(ChunkedText.Read(e, "Json"), Json.Settings);
            return contribution is null ? null : new Stored(contribution, e.GetString("Hash") ?? "", e.GetDateTimeOffset("ComputedAt") ?? default);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
