using Azure.Data.Tables;
using Reporting.Storage;

namespace Reporting.Workflow;

/// <summary>When a plan-year is open for reports: opens, due (after it a report is late but accepted), locks (after it no writes).</summary>
public sealed record ReportingWindow(DateTimeOffset? Opens, DateTimeOffset? Due, DateTimeOffset? Locks, string? SetBy = null, DateTimeOffset? SetAt = null)
{
    /// <summary>With no window set, a year is open, never late, never locked, until the secretariat sets one.</summary>
    public static readonly ReportingWindow Unset = new(null, null, null);

    public bool IsLocked(DateTimeOffset now) => Locks is { } l && now >= l;

    public bool IsLate(DateTimeOffset now) => Due is { } d && now > d;

    public bool IsOpen(DateTimeOffset now) => Opens is not { } o || now >= o;
}

/// <summary>Table <c>windows</c>: PartitionKey = plan id, RowKey = year. One small row each.</summary>
public sealed class WindowStore(ReportingTables tables, ShortCache<(string, int), ReportingWindow> recent)
{
    /// <summary>
    /// The window's dates, remembered briefly (<see cref="ShortCache{TKey,TValue}"/>, "no window set" included); callers compare
    /// them with the clock on every use. A window set through this instance applies at once; through another instance
    /// within <see cref="StorageOptions.CacheSeconds"/>.
    /// </summary>
    public async Task<ReportingWindow> GetAsync(string planId, int year, CancellationToken ct)
    {
        if (recent.TryGet((planId, year), out var known)) return known;
        var ticket = recent.Ticket;
        var row = await tables.Windows.GetEntityIfExistsAsync<TableEntity>(planId, year.ToString("D4"), cancellationToken: ct);
        var window = ReportingWindow.Unset;
        if (row.HasValue && row.Value is { } e)
            window = new ReportingWindow(e.GetDateTimeOffset("Opens"), e.GetDateTimeOffset("Due"), e.GetDateTimeOffset("Locks"), e.GetString("SetBy"), e.GetDateTimeOffset("SetAt"));
        recent.Set((planId, year), window, ticket);
        return window;
    }

    public async Task<IReadOnlyDictionary<int, ReportingWindow>> ListAsync(string planId, CancellationToken ct)
    {
        var result = new Dictionary<int, ReportingWindow>();
        await foreach (var e in tables.Windows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {planId}"), cancellationToken: ct))
            result[int.Parse(e.RowKey, System.Globalization.CultureInfo.InvariantCulture)] =
                new ReportingWindow(e.GetDateTimeOffset("Opens"), e.GetDateTimeOffset("Due"), e.GetDateTimeOffset("Locks"), e.GetString("SetBy"), e.GetDateTimeOffset("SetAt"));
        return result;
    }

    public async Task SetAsync(string planId, int year, ReportingWindow window, CancellationToken ct)
    {
        await tables.Windows.UpsertEntityAsync(new TableEntity(planId, year.ToString("D4"))
        {
            ["Opens"] = window.Opens,
            ["Due"] = window.Due,
            ["Locks"] = window.Locks,
            ["SetBy"] = window.SetBy,
            ["SetAt"] = window.SetAt,
        }, TableUpdateMode.Replace, ct);
        recent.Remove((planId, year));
    }
}
