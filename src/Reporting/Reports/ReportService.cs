using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Http;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Submissions;
using Reporting.Workflow;

namespace Reporting.Reports;

public sealed record ReportOutcome(bool Written, ReportManifest Manifest, string Message);

/// <summary>Generates a report version: refreshes stale aggregates, builds the data, and writes a new version only if the data changed.</summary>
public sealed class ReportService(
    ReportGeneration generation,
    SummaryReader summaries,
    NarrativeReader narrativeReader,
    AggregateStore aggregates,
    WindowStore windows,
    MemberStateDirectory memberStates,
    ReportStore store,
    TimeProvider clock,
    ILogger<ReportService> logger)
{
    private static readonly Caller Generator = Caller.With("report-generator", "Report generator", Role.Secretariat);

    public static readonly string GeneratorVersion =
        typeof(ReportService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<ReportOutcome> GenerateAsync(WorkPlan plan, string kind, int? year, CancellationToken ct)
    {
        // One generation per report at a time (two secretariat clicks, or a click during the timer): the second
        // waits, then finds the first one's version and writes nothing.
        var segment = ReportKinds.Segment(kind, year);
        await using var lease = await generation.LeaseAsync($"report-{plan.Id}-{segment}", ct);
        return await GenerateLockedAsync(plan, kind, year, segment, ct);
    }

    private async Task<ReportOutcome> GenerateLockedAsync(WorkPlan plan, string kind, int? year, string segment, CancellationToken ct)
    {
        // Fresh figures first: a row stored for an older plan version or layout marks its years dirty when read. If another
        // host is aggregating right now, wait for it rather than report stale numbers.
        await summaries.AggregateAsync(plan, null, ct);
        if (year is { } y) await summaries.AggregateAsync(plan, y, ct);
        await generation.CatchUpAsync([plan.Id], ct);

        var summary = await summaries.ReadAsync(plan, year, Generator, ct);
        var (_, toDate) = await summaries.AggregateAsync(plan, null, ct);
        var window = await windows.GetAsync(plan.Id, year ?? plan.LastYear, ct);
        var narratives = await narrativeReader.ReadAsync(plan, year, Generator, ct);
        var now = clock.GetUtcNow();
        var years = (await aggregates.ListAsync(plan.Id, ct)).Select(s => s.Aggregate).Where(a => a.Year is not null && a.PlanVersion == plan.Version && a.Shape == PlanAggregate.CurrentShape).ToList();
        var data = ReportBuilder.Build(plan, kind, year, summary, toDate, years, window, narratives, memberStates, now);

        var dataJson = Encoding.UTF8.GetBytes(Json.Serialize(data, indented: true));
        var contentHash = ReportGeneration.Hash(dataJson);
        var latest = (await store.ListAsync(plan.Id, segment, ct)).FirstOrDefault();
        // Same data and same generator: nothing to write. A new generator (a deployment) renders a fresh version.
        if (latest is not null && latest.ContentHash == contentHash && latest.GeneratorVersion == GeneratorVersion)
        {
            logger.LogInformation("Report {Plan}/{Segment} unchanged since {ReportId}; nothing written", plan.Id, segment, latest.ReportId);
            return new ReportOutcome(false, latest, $"Nothing changed since {latest.ReportId}; no new version was written.");
        }

        var reportId = $"{segment}.{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{contentHash[..8]}";
        var files = new Dictionary<string, byte[]>
        {
            ["report.html"] = Encoding.UTF8.GetBytes(ReportHtml.Render(data, reportId)),
            ["data.json"] = dataJson,
            ["summary.xlsx"] = SummaryExport.Xlsx(summary, narratives),
            ["summary.csv"] = SummaryExport.Csv(summary, "regional"),
        };
        var manifest = new ReportManifest
        {
            ReportId = reportId,
            PlanId = plan.Id,
            PlanVersion = plan.Version ?? 1,
            Kind = kind,
            Year = year,
            Title = data.Title,
            Interim = data.Interim,
            InterimReasons = data.InterimReasons,
            GeneratedAt = now,
            DataAsOf = data.DataAsOf,
            Completeness = data.CompletenessText,
            GeneratorVersion = GeneratorVersion,
            ContentHash = contentHash,
            Files = files.Select(f => new ManifestFile(f.Key, ReportStore.Files[f.Key], f.Value.Length, ReportGeneration.Hash(f.Value))).ToList(),
        };
        await store.WriteAsync(plan.Id, reportId, files, manifest, ct);
        logger.LogInformation("Wrote report {Plan}/{ReportId}, interim {Interim}", plan.Id, reportId, data.Interim);
        return new ReportOutcome(true, manifest, data.Interim ? "Written as an interim report: " + string.Join(" ", data.InterimReasons) : "Written as a final report.");
    }
}
