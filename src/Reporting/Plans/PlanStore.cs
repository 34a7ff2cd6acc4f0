using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Newtonsoft.Json;
using Reporting.Http;
using Reporting.Storage;

namespace Reporting.Plans;

/// <summary>
/// Table <c>plans</c>. PartitionKey = plan id. RowKey <c>v000001</c>… holds each version's JSON (immutable);
/// RowKey <c>current</c> points at the live version. A new version and the pointer move in one
/// entity-group transaction, so readers see the old plan or the new one, never a mix.
/// </summary>
public sealed class PlanStore(ReportingTables tables, TimeProvider clock, ShortCache<string, int> currentVersions)
{
    private const string CurrentRow = "current";
    private readonly ConcurrentDictionary<(string, int), WorkPlan> versions = new();

    /// <param name="Framework">The framework the plan serves (its <c>framework</c>), so a cross-plan view finds its plans without reading each.</param>
    public sealed record PlanSummary(string Id, int Version, string Title, string SectoralBody, int FirstYear, int LastYear, DateTimeOffset UpdatedAt, string? Framework = null);

    /// <summary>
    /// The live version. The pointer is remembered briefly (<see cref="ShortCache{TKey,TValue}"/>): a new version saved
    /// through this instance is used at once, one saved through another instance within <see cref="StorageOptions.CacheSeconds"/>.
    /// A plan that does not exist is not remembered.
    /// </summary>
    public async Task<WorkPlan?> GetCurrentAsync(string planId, CancellationToken ct)
    {
        if (!PlanValidator.PlanIdPattern().IsMatch(planId)) return null;
        if (currentVersions.TryGet(planId, out var known)) return await GetVersionAsync(planId, known, ct);
        var ticket = currentVersions.Ticket;
        var pointer = await tables.Plans.GetEntityIfExistsAsync<TableEntity>(planId, CurrentRow, cancellationToken: ct);
        if (!pointer.HasValue || pointer.Value is null) return null;
        var version = pointer.Value.GetInt32("Version") ?? 0;
        currentVersions.Set(planId, version, ticket);
        return await GetVersionAsync(planId, version, ct);
    }

    public async Task<WorkPlan?> GetVersionAsync(string planId, int version, CancellationToken ct)
    {
        if (versions.TryGetValue((planId, version), out var cached)) return cached;
        var row = await tables.Plans.GetEntityIfExistsAsync<TableEntity>(planId, VersionRow(version), cancellationToken: ct);
        if (!row.HasValue || row.Value is null) return null;
        var plan = JsonConvert.DeserializeObject<WorkPlan>(ChunkedText.Read(row.Value, "Json"), Json.Settings)!;
        versions[(planId, version)] = plan;
        return plan;
    }

    public async Task<IReadOnlyList<PlanSummary>> ListAsync(CancellationToken ct)
    {
        var list = new List<PlanSummary>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {CurrentRow}");
        await foreach (var e in tables.Plans.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            list.Add(new PlanSummary(e.PartitionKey, e.GetInt32("Version") ?? 0, e.GetString("Title") ?? "", e.GetString("SectoralBody") ?? "",
                e.GetInt32("FirstYear") ?? 0, e.GetInt32("LastYear") ?? 0, e.GetDateTimeOffset("UpdatedAt") ?? default, e.GetString("Framework")));
        return list.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Saves <paramref name="plan"/> as version <paramref name="version"/>; false when someone else moved the pointer first.</summary>
    public async Task<bool> SaveVersionAsync(WorkPlan plan, int version, ETag? currentETag, string savedBy, CancellationToken ct)
    {
        plan.Version = version;
        var json = Json.Serialize(plan);
        var now = clock.GetUtcNow();
        var versionRow = new TableEntity(plan.Id, VersionRow(version)) { ["SavedAt"] = now, ["SavedBy"] = savedBy };
        ChunkedText.Write(versionRow, "Json", json);
        var pointer = new TableEntity(plan.Id, CurrentRow)
        {
            ["Version"] = version,
            ["Title"] = plan.Title,
            ["SectoralBody"] = plan.SectoralBody,
            ["FirstYear"] = plan.FirstYear,
            ["LastYear"] = plan.LastYear,
            ["Framework"] = plan.Framework,
            ["UpdatedAt"] = now,
        };
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, versionRow),
            currentETag is { } etag
                ? new(TableTransactionActionType.UpdateReplace, pointer, etag)
                : new(TableTransactionActionType.Add, pointer),
        };
        try
        {
            await tables.Plans.SubmitTransactionAsync(actions, ct);
            currentVersions.Remove(plan.Id);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // Someone moved the pointer first (perhaps through another instance): what this one remembers is old.
            currentVersions.Remove(plan.Id);
            return false;
        }
    }

    public async Task<(int Version, ETag ETag)?> GetPointerAsync(string planId, CancellationToken ct)
    {
        var pointer = await tables.Plans.GetEntityIfExistsAsync<TableEntity>(planId, CurrentRow, cancellationToken: ct);
        if (!pointer.HasValue || pointer.Value is null) return null;
        return (pointer.Value.GetInt32("Version") ?? 0, pointer.Value.ETag);
    }

    public static bool FitsInStorage(string json) => ChunkedText.Fits(json);

    private static string VersionRow(int version) => $"v{version:D6}";
}
