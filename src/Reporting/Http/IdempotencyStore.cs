using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Reporting.Storage;

namespace Reporting.Http;

/// <summary>
/// Table <c>idempotency</c>: PartitionKey = SHA-256 of (caller, Idempotency-Key), RowKey <c>r</c>.
/// Holds the request's hash and the first successful answer, replayed for 24 hours.
/// Only 2xx answers are kept: after a 4xx or 5xx the client may retry with the same key.
/// </summary>
public sealed class IdempotencyStore(ReportingTables tables, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public sealed record Stored(string RequestHash, ApiResult Result);

    public static string Scope(string callerId, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callerId + "\n" + key)));

    public static string HashRequest(string method, string path, string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(method + " " + path + "\n" + body)));

    public async Task<Stored?> FindAsync(string scope, CancellationToken ct)
    {
        var row = await tables.Idempotency.GetEntityIfExistsAsync<TableEntity>(scope, "r", cancellationToken: ct);
        if (!row.HasValue || row.Value is null) return null;
        var e = row.Value;
        if ((e.GetDateTimeOffset("CreatedAt") ?? default) + Lifetime < clock.GetUtcNow()) return null;
        return new Stored(e.GetString("RequestHash") ?? "", new ApiResult
        {
            Status = e.GetInt32("Status") ?? 200,
            ContentType = e.GetString("ContentType") ?? ApiResults.JsonType,
            Body = e.GetBinary("Body") ?? [],
            ETag = e.GetString("ETag"),
            Location = e.GetString("Location"),
        });
    }

    public async Task SaveAsync(string scope, string requestHash, ApiResult result, CancellationToken ct)
    {
        // A replay body must fit one property (64 KiB); larger answers are simply not replayable.
        if (result.Body.Length > 60_000) return;
        if (result.Sensitive)
        {
            // Keep only that it happened, and where: a replay must not hand the secret out a second time.
            var replay = ApiResults.Problem(Problems.Conflict(ProblemCodes.AlreadyDone, "This request was already carried out",
                $"The first request with this Idempotency-Key created {result.Location ?? "the resource"}; its secret is shown only once. "
                + "If it was lost, revoke that key and create a new one."));
            result = new ApiResult { Status = replay.Status, ContentType = replay.ContentType, Body = replay.Body, Location = result.Location };
        }
        await tables.Idempotency.UpsertEntityAsync(new TableEntity(scope, "r")
        {
            ["RequestHash"] = requestHash,
            ["Status"] = result.Status,
            ["ContentType"] = result.ContentType,
            ["Body"] = result.Body,
            ["ETag"] = result.ETag,
            ["Location"] = result.Location,
            ["CreatedAt"] = clock.GetUtcNow(),
        }, TableUpdateMode.Replace, ct);
    }
}
