using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Reporting.Storage;

namespace Reporting.Reports;

/// <summary>
/// The consultation on reports (SOMSWD Work Plan 5.2.3): observers' comments on a report version and the secretariat's
/// answers. Table <c>comments</c>: PartitionKey <c>{planId}|{reportId}</c> (one report version: its whole consultation
/// is one partition query), RowKey <c>{UTC ticks, 19 digits}-{8 hex}</c>, so rows read oldest first. A plan's comments
/// are one key range (<c>{planId}|</c> to <c>{planId}|~</c>) for the counts on the report list. Rows are never changed.
/// </summary>
public sealed class ReportComments(ReportingTables tables, TimeProvider clock)
{
    public const int MaxText = 4_000;

    public sealed record Stored
    {
        public required string Id { get; init; }
        public required string PlanId { get; init; }
        public required string ReportId { get; init; }
        /// <summary>The comment this one answers (the secretariat's answers); null for an observer's comment.</summary>
        public string? ReplyTo { get; init; }
        public required string Text { get; init; }
        public required string AuthorId { get; init; }
        public required string AuthorName { get; init; }
        public required string AuthorRole { get; init; }
        public required DateTimeOffset At { get; init; }
    }

    public static string PartitionOf(string planId, string reportId) => $"{planId}|{reportId}";

    public async Task<Stored> AddAsync(string planId, string reportId, string? replyTo, string text, string authorId, string authorName, string authorRole, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stored = new Stored
        {
            Id = $"{now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            PlanId = planId,
            ReportId = reportId,
            ReplyTo = replyTo,
            Text = text,
            AuthorId = authorId,
            AuthorName = authorName,
            AuthorRole = authorRole,
            At = now,
        };
        await tables.Comments.AddEntityAsync(new TableEntity(PartitionOf(planId, reportId), stored.Id)
        {
            ["PlanId"] = planId,
            ["ReportId"] = reportId,
            ["ReplyTo"] = replyTo,
            ["Text"] = text,
            ["AuthorId"] = authorId,
            ["AuthorName"] = authorName,
            ["AuthorRole"] = authorRole,
            ["At"] = now,
        }, ct);
        return stored;
    }

    /// <summary>A report version's consultation, oldest first.</summary>
    public async Task<IReadOnlyList<Stored>> ForReportAsync(string planId, string reportId, CancellationToken ct)
    {
        var list = new List<Stored>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(planId, reportId)}");
        await foreach (var e in tables.Comments.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            list.Add(ToStored(e));
        return list;
    }

    /// <summary>Every comment on every version of a plan's reports, grouped by report id.</summary>
    public async Task<IReadOnlyDictionary<string, List<Stored>>> ForPlanAsync(string planId, CancellationToken ct)
    {
        var (from, to) = ($"{planId}|", $"{planId}|~");
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        var all = new Dictionary<string, List<Stored>>(StringComparer.Ordinal);
        await foreach (var e in tables.Comments.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var c = ToStored(e);
            if (!all.TryGetValue(c.ReportId, out var list)) all[c.ReportId] = list = [];
            list.Add(c);
        }
        return all;
    }

    private static Stored ToStored(TableEntity e) => new()
    {
        Id = e.RowKey,
        PlanId = e.GetString("PlanId") ?? "",
        ReportId = e.GetString("ReportId") ?? "",
        ReplyTo = e.GetString("ReplyTo"),
        Text = e.GetString("Text") ?? "",
        AuthorId = e.GetString("AuthorId") ?? "",
        AuthorName = e.GetString("AuthorName") ?? "",
        AuthorRole = e.GetString("AuthorRole") ?? "",
        At = e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
    };
}
