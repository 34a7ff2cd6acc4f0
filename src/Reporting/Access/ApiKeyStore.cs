using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Newtonsoft.Json;
using Reporting.Http;
using Reporting.Storage;

namespace Reporting.Access;

/// <summary>
/// API keys, stored only as hashes. Table <c>apikeys</c>: PartitionKey <c>key</c>, RowKey = key id.
/// A key reads <c>rk_{id}_{secret}</c>, so a lookup is one point read by id and the secret is compared
/// by hash in constant time. The secret has 256 bits of entropy, so plain SHA-256 is enough.
/// A key carries one assignment: Role, State and Scope (JSON of <see cref="AccessScope"/>). Rows written before scopes
/// existed have no Scope column and read as every plan, as they always acted.
/// </summary>
public sealed class ApiKeyStore(ReportingTables tables, TimeProvider clock, ShortCache<string, ApiKeyStore.StoredKey> recent)
{
    private const string Partition = "key";

    /// <summary>
    /// A key's row as this instance last read it (remembered briefly, see <see cref="ShortCache{TKey,TValue}"/>): the verdict
    /// is worked out from it on every request, so a wrong secret, a revocation read from storage and the expiry time are
    /// always checked. Creating or revoking through this instance forgets it at once; through another instance it is
    /// seen within <see cref="StorageOptions.CacheSeconds"/>.
    /// </summary>
    public sealed record StoredKey(byte[] Hash, KeyInfo Info);

    public sealed record IssuedKey(string Id, string Key, Role Role, string? State, AccessScope Scope, string Label, DateTimeOffset? ExpiresAt);

    public sealed record KeyInfo(string Id, Role Role, string? State, AccessScope Scope, string Label, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ExpiresAt, bool Revoked);

    /// <summary>Stores a key; <paramref name="scope"/> null means every plan (callers over HTTP must name one, see KeyEndpoints).</summary>
    public async Task<IssuedKey> CreateAsync(Role role, string? state, string label, DateTimeOffset? expiresAt, string createdBy, CancellationToken ct,
        string? fixedKey = null, AccessScope? scope = null)
    {
        scope ??= AccessScope.Everything;
        var id = fixedKey is null ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) : ParseKey(fixedKey)?.Id ?? throw new ArgumentException("Malformed key", nameof(fixedKey));
        var secret = fixedKey is null ? Base64Url(RandomNumberGenerator.GetBytes(32)) : ParseKey(fixedKey)!.Value.Secret;
        var entity = new TableEntity(Partition, id)
        {
            ["Hash"] = Hash(secret),
            ["Role"] = role.ToString(),
            ["State"] = state,
            ["Scope"] = Json.Serialize(scope),
            ["Label"] = label,
            ["CreatedAt"] = clock.GetUtcNow(),
            ["CreatedBy"] = createdBy,
            ["ExpiresAt"] = expiresAt,
            ["Revoked"] = false,
        };
        await tables.ApiKeys.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        recent.Remove(id);
        return new IssuedKey(id, $"rk_{id}_{secret}", role, state, scope, label, expiresAt);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct)
    {
        if (!IsKeyId(id)) return false;
        var existing = await tables.ApiKeys.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct);
        if (!existing.HasValue || existing.Value is null) return false;
        var entity = existing.Value;
        entity["Revoked"] = true;
        entity["RevokedAt"] = clock.GetUtcNow();
        await tables.ApiKeys.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct);
        recent.Remove(id);
        return true;
    }

    public async Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken ct)
    {
        var list = new List<KeyInfo>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var e in tables.ApiKeys.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            list.Add(ToInfo(e));
        return list;
    }

    public enum Verdict { Valid, Unknown, Revoked, Expired }

    /// <summary>Checks a presented key; never says whether an id exists when the secret is wrong.</summary>
    public async Task<(Verdict Verdict, KeyInfo? Key)> VerifyAsync(string presented, CancellationToken ct)
    {
        if (ParseKey(presented) is not { } parts) return (Verdict.Unknown, null);
        // The stored row is remembered briefly (an id that is not stored is not: it is read again next time);
        // the secret, revocation and expiry are judged on every request.
        if (!recent.TryGet(parts.Id, out var stored))
        {
            var ticket = recent.Ticket;
            var found = await tables.ApiKeys.GetEntityIfExistsAsync<TableEntity>(Partition, parts.Id, cancellationToken: ct);
            if (!found.HasValue || found.Value is not { } e) return (Verdict.Unknown, null);
            stored = new StoredKey(Convert.FromHexString(e.GetString("Hash") ?? ""), ToInfo(e));
            recent.Set(parts.Id, stored, ticket);
        }
        if (!CryptographicOperations.FixedTimeEquals(stored.Hash, SHA256.HashData(Encoding.UTF8.GetBytes(parts.Secret)))) return (Verdict.Unknown, null);
        var info = stored.Info;
        if (info.Revoked) return (Verdict.Revoked, info);
        if (info.ExpiresAt is { } exp && exp <= clock.GetUtcNow()) return (Verdict.Expired, info);
        return (Verdict.Valid, info);
    }

    internal static (string Id, string Secret)? ParseKey(string key)
    {
        var parts = key.Split('_');
        if (parts.Length != 3 || parts[0] != "rk" || !IsKeyId(parts[1]) || parts[2].Length is < 20 or > 100) return null;
        return (parts[1], parts[2]);
    }

    private static bool IsKeyId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);

    private static KeyInfo ToInfo(TableEntity e) => new(
        e.RowKey,
        Enum.Parse<Role>(e.GetString("Role")),
        e.GetString("State"),
        ScopeOf(e.GetString("Scope")),
        e.GetString("Label") ?? "",
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetString("CreatedBy") ?? "",
        e.GetDateTimeOffset("ExpiresAt"),
        e.GetBoolean("Revoked") ?? false);

    /// <summary>A stored scope; none stored (a row from before scopes) is every plan.</summary>
    internal static AccessScope ScopeOf(string? json) =>
        string.IsNullOrEmpty(json) ? AccessScope.Everything : JsonConvert.DeserializeObject<AccessScope>(json, Json.Settings) ?? AccessScope.Everything;

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
