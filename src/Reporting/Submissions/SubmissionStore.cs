using Azure;
using Azure.Data.Tables;
using Newtonsoft.Json;
using Reporting.Http;
using Reporting.Storage;

namespace Reporting.Submissions;

/// <summary>
/// Table <c>submissions</c>. PartitionKey = <c>{planId}|{year}|{state}</c>: one partition per submission, so
/// every change to it is one entity-group transaction (all or nothing). RowKeys:
/// <list type="bullet">
/// <item><c>header</c>: status, revision, overall narrative, who/when; its ETag guards every write (optimistic concurrency).</item>
/// <item><c>value|{indicator}</c>: one indicator's figures as JSON.</item>
/// <item><c>activity|{nnn}</c>: activities carried out, in order.</item>
/// <item><c>lock-exception</c>: the secretariat's permission to write after the window locked.</item>
/// <item><c>history|{ticks}-{revision}</c>: append-only trail, added in the same transaction as the change it records.</item>
/// </list>
/// A plan-year is the key range <c>{planId}|{year}|</c> … <c>{planId}|{year}|~</c>, read by the secretariat list and aggregation.
/// </summary>
public sealed class SubmissionStore(ReportingTables tables)
{
    private const string HeaderRow = "header";
    private const string LockExceptionRow = "lock-exception";
    private const string ValuePrefix = "value|";
    private const string ActivityPrefix = "activity|";
    private const string HistoryPrefix = "history|";

    /// <param name="ValueJson">Each value as stored (its JSON), so a change is compared without serializing it again.</param>
    public sealed record Loaded(Submission? Submission, ETag? HeaderETag, LockException? LockException, IReadOnlyDictionary<string, string>? ValueJson = null);

    public static string PartitionOf(string planId, int year, string state) => $"{planId}|{year:D4}|{state}";

    public static (string From, string To) PlanYearRange(string planId, int year) => ($"{planId}|{year:D4}|", $"{planId}|{year:D4}|~");

    public static (string From, string To) PlanRange(string planId) => ($"{planId}|", $"{planId}|~");

    public async Task<Loaded> LoadAsync(string planId, int year, string state, CancellationToken ct)
    {
        var pk = PartitionOf(planId, year, state);
        // Everything but the history, which only grows.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and (RowKey lt {HistoryPrefix} or RowKey gt {HistoryPrefix + "~"})");
        var reader = new PartitionReader(planId, year);
        await foreach (var e in tables.Submissions.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            reader.Add(e);
        return reader.Results().FirstOrDefault() ?? new Loaded(null, null, null);
    }

    /// <summary>
    /// Every submission of a plan-year in one range query (history rows excluded): what aggregation reads.
    /// <paramref name="rowsRead"/> counts the entities that came back.
    /// </summary>
    public async Task<IReadOnlyList<Submission>> LoadPlanYearAsync(string planId, int year, Action<int>? rowsRead, CancellationToken ct)
    {
        var (from, to) = PlanYearRange(planId, year);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {from} and PartitionKey lt {to} and (RowKey lt {HistoryPrefix} or RowKey gt {HistoryPrefix + "~"})");
        var reader = new PartitionReader(planId, year);
        var count = 0;
        await foreach (var e in tables.Submissions.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            reader.Add(e);
            count++;
        }
        rowsRead?.Invoke(count);
        return reader.Results().Where(l => l.Submission is not null).Select(l => l.Submission!).ToList();
    }

    /// <summary>Builds submissions from the rows of one or more partitions of a plan-year.</summary>
    private sealed class PartitionReader(string planId, int year)
    {
        private readonly Dictionary<string, (TableEntity? Header, LockException? Lock, Dictionary<string, IndicatorValue> Values, Dictionary<string, string> Json, SortedDictionary<string, Activity> Activities)> parts =
            new(StringComparer.Ordinal);

        public void Add(TableEntity e)
        {
            if (!parts.TryGetValue(e.PartitionKey, out var p))
                p = (null, null, new Dictionary<string, IndicatorValue>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal), new SortedDictionary<string, Activity>(StringComparer.Ordinal));
            if (e.RowKey == HeaderRow) p.Header = e;
            else if (e.RowKey == LockExceptionRow) p.Lock = ReadLockException(e);
            else if (e.RowKey.StartsWith(ValuePrefix, StringComparison.Ordinal))
            {
                var json = e.GetString("Json")!;
                p.Values[e.RowKey[ValuePrefix.Length..]] = JsonConvert.DeserializeObject<IndicatorValue>(json, Http.Json.Settings)!;
                p.Json[e.RowKey[ValuePrefix.Length..]] = json;
            }
            else if (e.RowKey.StartsWith(ActivityPrefix, StringComparison.Ordinal))
                p.Activities[e.RowKey] = new Activity
                {
                    Title = e.GetString("Title"),
                    Description = e.GetString("Description"),
                    Outcome = e.GetString("Outcome"),
                    Kra = e.GetString("Kra"),
                    Importance = e.GetInt32("Importance"),
                };
            parts[e.PartitionKey] = p;
        }

        public IEnumerable<Loaded> Results()
        {
            foreach (var (pk, p) in parts)
            {
                if (p.Header is null) { yield return new Loaded(null, null, p.Lock); continue; }
                var submission = ReadHeader(p.Header, planId, year, pk[(pk.LastIndexOf('|') + 1)..]);
                submission.Values = p.Values;
                submission.Activities = p.Activities.Values.ToList();
                submission.LockException = p.Lock;
                yield return new Loaded(submission, p.Header.ETag, p.Lock, p.Json);
            }
        }
    }

    /// <summary>
    /// The rows a change writes besides the header and the history line, worked out once by the caller from the JSON
    /// storage holds: values to write (code → JSON) or delete, activities (by index) to write or delete.
    /// </summary>
    public sealed record RowChanges(
        IReadOnlyDictionary<string, string> WriteValues,
        IReadOnlyList<string> DeleteValues,
        IReadOnlyList<int> WriteActivities,
        IReadOnlyList<int> DeleteActivities)
    {
        public static readonly RowChanges None = new(new Dictionary<string, string>(), [], [], []);

        /// <summary>
        /// What changes from <paramref name="before"/> to <paramref name="after"/>, worked out once: the rows to write and the
        /// history's list of changed fields (JSON Pointers). Values are compared as JSON: pass what storage holds
        /// (<see cref="Loaded.ValueJson"/>) and the new values serialized once; either is serialized here when not given.
        /// </summary>
        public static (RowChanges Rows, List<string> Changes) Compare(Submission? before, IReadOnlyDictionary<string, string>? beforeJson,
            Submission after, IReadOnlyDictionary<string, string>? afterJson)
        {
            beforeJson ??= JsonOf(before?.Values ?? []);
            afterJson ??= JsonOf(after.Values);
            var changes = new List<string>();
            var writeValues = new Dictionary<string, string>(StringComparer.Ordinal);
            var deleteValues = new List<string>();
            foreach (var code in beforeJson.Keys.Union(afterJson.Keys).Order(StringComparer.Ordinal))
            {
                var had = beforeJson.TryGetValue(code, out var old);
                var has = afterJson.TryGetValue(code, out var json);
                if (had && has && old == json) continue;
                changes.Add("/values/" + SubmissionValidator.Escape(code));
                if (has) writeValues[code] = json!;
                else deleteValues.Add(code);
            }
            if (before?.Narrative != after.Narrative) changes.Add("/narrative");

            var oldActivities = (before?.Activities ?? []).Select(a => Json.Serialize(a)).ToList();
            var newActivities = after.Activities.Select(a => Json.Serialize(a)).ToList();
            var writeActivities = Enumerable.Range(0, newActivities.Count).Where(i => i >= oldActivities.Count || oldActivities[i] != newActivities[i]).ToList();
            var deleteActivities = Enumerable.Range(newActivities.Count, Math.Max(0, oldActivities.Count - newActivities.Count)).ToList();
            if (writeActivities.Count > 0 || deleteActivities.Count > 0) changes.Add("/activities");
            return (new RowChanges(writeValues, deleteValues, writeActivities, deleteActivities), changes);
        }

        /// <summary>Each value as it is stored.</summary>
        public static Dictionary<string, string> JsonOf(IReadOnlyDictionary<string, IndicatorValue> values) =>
            values.ToDictionary(kv => kv.Key, kv => Json.Serialize(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// Writes <paramref name="next"/> as one transaction: header (guarded by <paramref name="headerETag"/>, or added when new),
    /// the changed rows, and the history line. Saved is false when another writer got there first; HeaderETag is the
    /// header's new ETag, from the header's own answer in the transaction's response (answers come in the order of the
    /// actions; null if the service sent none).
    /// </summary>
    public async Task<(bool Saved, ETag? HeaderETag)> SaveAsync(Submission next, ETag? headerETag, HistoryEntry history, RowChanges rows, CancellationToken ct)
    {
        var pk = PartitionOf(next.PlanId, next.Year, next.State);
        var actions = new List<TableTransactionAction>();
        var header = WriteHeader(pk, next);
        actions.Add(headerETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, header, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, header));

        foreach (var (code, json) in rows.WriteValues)
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, ValuePrefix + code) { ["Json"] = json }));
        foreach (var code in rows.DeleteValues)
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, ValuePrefix + code), ETag.All));

        foreach (var i in rows.WriteActivities)
        {
            var a = next.Activities[i];
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, ActivityRow(i))
            {
                ["Title"] = a.Title,
                ["Description"] = a.Description,
                ["Outcome"] = a.Outcome,
                ["Kra"] = a.Kra,
                ["Importance"] = a.Importance,
            }));
        }
        foreach (var i in rows.DeleteActivities)
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, ActivityRow(i)), ETag.All));

        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, WriteHistory(pk, history)));
        var responses = await SubmitAsync(actions, ct);
        return responses is null ? (false, null) : (true, responses.Count == actions.Count ? responses[0].Headers.ETag : null);
    }

    /// <summary>
    /// Writes the lock exception and its history line. The header is not touched, so its ETag does not change: an instance
    /// that remembers this submission must not trust its copy's exception, which is why a change after the window locks
    /// always reads storage (<see cref="SubmissionService"/>).
    /// </summary>
    public async Task<bool> SaveLockExceptionAsync(string planId, int year, string state, LockException exception, HistoryEntry history, CancellationToken ct)
    {
        var pk = PartitionOf(planId, year, state);
        var entity = new TableEntity(pk, LockExceptionRow)
        {
            ["Until"] = exception.Until,
            ["GrantedBy"] = exception.GrantedBy,
            ["GrantedAt"] = exception.GrantedAt,
            ["Reason"] = exception.Reason,
        };
        return await SubmitAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            new TableTransactionAction(TableTransactionActionType.Add, WriteHistory(pk, history)),
        ], ct) is not null;
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string planId, int year, string state, CancellationToken ct)
    {
        var pk = PartitionOf(planId, year, state);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey gt {HistoryPrefix} and RowKey lt {HistoryPrefix + "~"}");
        var list = new List<HistoryEntry>();
        await foreach (var e in tables.Submissions.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            list.Add(new HistoryEntry(
                e.GetInt32("Revision") ?? 0,
                e.GetDateTimeOffset("At") ?? default,
                e.GetString("By") ?? "",
                e.GetString("Role") ?? "",
                e.GetString("Action") ?? "",
                ParseStatus(e.GetString("FromStatus")),
                ParseStatus(e.GetString("ToStatus")),
                e.GetString("Comment"),
                JsonConvert.DeserializeObject<List<string>>(e.GetString("Changes") ?? "[]") ?? []));
        return list;
    }

    /// <summary>Every submission header of a plan-year (one range query, no history rows).</summary>
    public async Task<IReadOnlyList<Submission>> ListHeadersAsync(string planId, int year, CancellationToken ct)
    {
        var (from, to) = PlanYearRange(planId, year);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and RowKey eq {HeaderRow}");
        var list = new List<Submission>();
        await foreach (var e in tables.Submissions.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var state = e.PartitionKey[from.Length..];
            list.Add(ReadHeader(e, planId, year, state));
        }
        return list;
    }

    /// <summary>Indicator codes of a plan that have at least one stored value, in any year or state.</summary>
    public async Task<IReadOnlySet<string>> IndicatorsWithValuesAsync(string planId, CancellationToken ct)
    {
        var (from, to) = PlanRange(planId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and RowKey gt {ValuePrefix} and RowKey lt {ValuePrefix + "~"}");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in tables.Submissions.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
            codes.Add(e.RowKey[ValuePrefix.Length..]);
        return codes;
    }

    /// <summary>One response per action, in order; null when a precondition failed (someone else wrote first).</summary>
    private async Task<IReadOnlyList<Response>?> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        try
        {
            var response = await tables.Submissions.SubmitTransactionAsync(actions, ct);
            return response?.Value ?? [];
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private static TableEntity WriteHeader(string pk, Submission s) => new(pk, HeaderRow)
    {
        ["Status"] = s.Status.ToString(),
        ["PlanVersion"] = s.PlanVersion,
        ["Revision"] = s.Revision,
        ["Late"] = s.Late,
        ["Narrative"] = s.Narrative,
        ["CreatedAt"] = s.CreatedAt,
        ["CreatedBy"] = s.CreatedBy,
        ["UpdatedAt"] = s.UpdatedAt,
        ["UpdatedBy"] = s.UpdatedBy,
        ["SubmittedAt"] = s.SubmittedAt,
        ["ReviewedAt"] = s.ReviewedAt,
        ["ReviewedBy"] = s.ReviewedBy,
        ["ReviewComment"] = s.ReviewComment,
    };

    private static Submission ReadHeader(TableEntity e, string planId, int year, string state) => new()
    {
        PlanId = planId,
        Year = year,
        State = state,
        PlanVersion = e.GetInt32("PlanVersion") ?? 0,
        Status = ParseStatus(e.GetString("Status")) ?? SubmissionStatus.Draft,
        Revision = e.GetInt32("Revision") ?? 0,
        Late = e.GetBoolean("Late") ?? false,
        Narrative = e.GetString("Narrative"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        CreatedBy = e.GetString("CreatedBy") ?? "",
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        UpdatedBy = e.GetString("UpdatedBy") ?? "",
        SubmittedAt = e.GetDateTimeOffset("SubmittedAt"),
        ReviewedAt = e.GetDateTimeOffset("ReviewedAt"),
        ReviewedBy = e.GetString("ReviewedBy"),
        ReviewComment = e.GetString("ReviewComment"),
    };

    private static TableEntity WriteHistory(string pk, HistoryEntry h) => new(pk, $"{HistoryPrefix}{h.At.UtcTicks:D19}-{h.Revision:D6}")
    {
        ["Revision"] = h.Revision,
        ["At"] = h.At,
        ["By"] = h.By,
        ["Role"] = h.Role,
        ["Action"] = h.Action,
        ["FromStatus"] = h.FromStatus?.ToString(),
        ["ToStatus"] = h.ToStatus?.ToString(),
        ["Comment"] = h.Comment,
        ["Changes"] = JsonConvert.SerializeObject(h.Changes),
    };

    private static LockException ReadLockException(TableEntity e) => new(
        e.GetDateTimeOffset("Until") ?? default, e.GetString("GrantedBy") ?? "", e.GetDateTimeOffset("GrantedAt") ?? default, e.GetString("Reason") ?? "");

    private static SubmissionStatus? ParseStatus(string? s) => Enum.TryParse<SubmissionStatus>(s, out var v) ? v : null;

    private static string ActivityRow(int index) => $"{ActivityPrefix}{index:D3}";
}
