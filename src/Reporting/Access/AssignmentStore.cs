using System.Security.Cryptography;
using Azure.Data.Tables;
using Reporting.Http;
using Reporting.Storage;

namespace Reporting.Access;

/// <summary>
/// What signed-in people may do. Table <c>assignments</c>: PartitionKey = the person's Entra object id (lowercase GUID),
/// RowKey = the assignment's id (16 hex digits). Resolving a principal is one partition query, and nothing else shares
/// the partition; the admin list is a scan of a small table (hundreds of rows: bodies x states x people).
/// Columns: Role, State, Scope (JSON of <see cref="AccessScope"/>), Name, Email (for people to read), CreatedAt, CreatedBy,
/// ExpiresAt, Revoked, RevokedAt, RevokedBy. A revoked row stays, so the list shows who had access and until when.
/// </summary>
public sealed class AssignmentStore(ReportingTables tables, TimeProvider clock, ShortCache<string, IReadOnlyList<AssignmentStore.StoredAssignment>> recent)
{
    public sealed record StoredAssignment
    {
        public required string Id { get; init; }
        public required string PrincipalId { get; init; }
        public required Role Role { get; init; }
        public string? State { get; init; }
        public required AccessScope Scope { get; init; }
        public string? Name { get; init; }
        public string? Email { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required string CreatedBy { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public required bool Revoked { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public string? RevokedBy { get; init; }

        /// <summary>Judged at the time of each request, cached row or not: revoked or expired rows grant nothing.</summary>
        public bool IsActive(DateTimeOffset now) => !Revoked && (ExpiresAt is null || ExpiresAt > now);
    }

    public async Task<StoredAssignment> CreateAsync(string principalId, Role role, string? state, AccessScope scope, string? name, string? email,
        DateTimeOffset? expiresAt, string createdBy, CancellationToken ct)
    {
        var stored = new StoredAssignment
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            PrincipalId = principalId,
            Role = role,
            State = state,
            Scope = scope,
            Name = name,
            Email = email,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
            ExpiresAt = expiresAt,
            Revoked = false,
        };
        await tables.Assignments.AddEntityAsync(new TableEntity(principalId, stored.Id)
        {
            ["Role"] = role.ToString(),
            ["State"] = state,
            ["Scope"] = Json.Serialize(scope),
            ["Name"] = name,
            ["Email"] = email,
            ["CreatedAt"] = stored.CreatedAt,
            ["CreatedBy"] = createdBy,
            ["ExpiresAt"] = expiresAt,
            ["Revoked"] = false,
        }, ct);
        recent.Remove(principalId);
        return stored;
    }

    /// <summary>Marks an assignment revoked; false when there is no such assignment for that person.</summary>
    public async Task<bool> RevokeAsync(string principalId, string id, string revokedBy, CancellationToken ct)
    {
        if (NormalisePrincipalId(principalId) is not { } normal || !IsAssignmentId(id)) return false;
        principalId = normal;
        var found = await tables.Assignments.GetEntityIfExistsAsync<TableEntity>(principalId, id, cancellationToken: ct);
        if (!found.HasValue || found.Value is not { } entity) return false;
        entity["Revoked"] = true;
        entity["RevokedAt"] = clock.GetUtcNow();
        entity["RevokedBy"] = revokedBy;
        await tables.Assignments.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct);
        recent.Remove(principalId);
        return true;
    }

    /// <summary>
    /// A person's assignments, revoked and expired ones included (the caller judges them). Remembered briefly
    /// (<see cref="ShortCache{TKey,TValue}"/>): a change through this instance applies at once, through another within
    /// <see cref="StorageOptions.CacheSeconds"/>.
    /// </summary>
    public async Task<IReadOnlyList<StoredAssignment>> ForPrincipalAsync(string principalId, CancellationToken ct)
    {
        if (!IsPrincipalId(principalId)) return [];
        if (recent.TryGet(principalId, out var known)) return known;
        var ticket = recent.Ticket;
        var list = new List<StoredAssignment>();
        await foreach (var e in tables.Assignments.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {principalId}"), cancellationToken: ct))
            list.Add(ToStored(e));
        recent.Set(principalId, list, ticket);
        return list;
    }

    public async Task<IReadOnlyList<StoredAssignment>> ListAsync(CancellationToken ct)
    {
        var list = new List<StoredAssignment>();
        await foreach (var e in tables.Assignments.QueryAsync<TableEntity>(cancellationToken: ct))
            list.Add(ToStored(e));
        return list.OrderBy(a => a.Name ?? a.Email ?? a.PrincipalId, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.CreatedAt).ToList();
    }

    /// <summary>An Entra object id as tokens carry it: a GUID with hyphens. The table keeps it in lowercase.</summary>
    public const string PrincipalIdPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    public static bool IsPrincipalId(string id) =>
        id.Length == 36 && Guid.TryParseExact(id, "D", out _) && id.All(c => c == '-' || char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The stored (lowercase) form of an object id given with hyphens in any case; null for anything else.</summary>
    public static string? NormalisePrincipalId(string? id) =>
        id is { Length: 36 } && Guid.TryParseExact(id, "D", out var guid) ? guid.ToString("D") : null;

    private static bool IsAssignmentId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);

    private static StoredAssignment ToStored(TableEntity e) => new()
    {
        Id = e.RowKey,
        PrincipalId = e.PartitionKey,
        Role = Enum.Parse<Role>(e.GetString("Role")),
        State = e.GetString("State"),
        Scope = ApiKeyStore.ScopeOf(e.GetString("Scope")),
        Name = e.GetString("Name"),
        Email = e.GetString("Email"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        CreatedBy = e.GetString("CreatedBy") ?? "",
        ExpiresAt = e.GetDateTimeOffset("ExpiresAt"),
        Revoked = e.GetBoolean("Revoked") ?? false,
        RevokedAt = e.GetDateTimeOffset("RevokedAt"),
        RevokedBy = e.GetString("RevokedBy"),
    };
}
