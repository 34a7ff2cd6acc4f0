using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.Plans;
using Reporting.Reports;
using Reporting.Workflow;

namespace Reporting.Evaluation;

/// <summary>Everything the evaluation report shows (data.json). Deterministic: no generation time inside, so the same data hashes the same.</summary>
public sealed class EvaluationReportData
{
    public required string Title { get; init; }
    public required bool Interim { get; init; }
    public required List<string> InterimReasons { get; init; }
    public required FrameworkEvaluation Evaluation { get; init; }
    public required List<string> Method { get; init; }
}

public sealed record ManifestPlan(string PlanId, int Version);

public sealed class EvaluationManifest
{
    public required string ReportId { get; init; }
    public required string FrameworkId { get; init; }
    public required int FrameworkRevision { get; init; }
    public int? Year { get; init; }
    public required string Title { get; init; }
    public required bool Interim { get; init; }
    public required List<string> InterimReasons { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public DateTimeOffset? DataAsOf { get; init; }
    /// <summary>The plans (and their versions) the evaluation covers.</summary>
    public required List<ManifestPlan> Plans { get; init; }
    public required string GeneratorVersion { get; init; }
    /// <summary>SHA-256 of data.json: two versions with the same data have the same content hash.</summary>
    public required string ContentHash { get; init; }
    public required List<ManifestFile> Files { get; init; }
}

public sealed record EvaluationReportOutcome(bool Written, EvaluationManifest Manifest, string Message);

/// <summary>
/// The evaluation report in Blob storage, beside the plans' reports: container <c>reports</c>,
/// <c>_frameworks/{frameworkId}/{evaluation|evaluation-YYYY}/{yyyyMMddTHHmmssZ}-{hash8}/</c> (plan ids cannot start with
/// an underscore, so no plan's folder is ever confused with it), files first and <c>manifest.json</c> last, each written with
/// If-None-Match and never overwritten; nothing is written when neither the data nor the generator changed. It covers every
/// plan serving the framework, so only callers who are the secretariat of every plan may generate or read it.
/// </summary>
public sealed partial class EvaluationReports(
    ReportGeneration generation,
    PlanStore plans,
    SummaryReader summaries,
    EvaluationReader reader,
    WindowStore windows,
    ReportStore store,
    TimeProvider clock,
    ILogger<EvaluationReports> logger)
{
    private static readonly Caller Generator = Caller.With("evaluation-generator", "Evaluation report generator", Role.Admin);

    public const string Segment = "evaluation";

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["report.html"] = "text/html; charset=utf-8",
        ["data.json"] = "application/json; charset=utf-8",
        ["evaluation.xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["evaluation.csv"] = "text/csv; charset=utf-8",
        [ReportStore.Manifest] = "application/json; charset=utf-8",
    };

    /// <summary><c>evaluation.{folder}</c> (the whole period) or <c>evaluation-2024.{folder}</c>.</summary>
    [GeneratedRegex("^(evaluation(?:-[0-9]{4})?)\\.([0-9]{8}T[0-9]{6}Z-[0-9a-f]{8})$")]
    public static partial Regex ReportIdPattern();

    public static string SegmentOf(int? year) => year is { } y ? $"{Segment}-{y:D4}" : Segment;

    private static string Root(string frameworkId) => $"_frameworks/{frameworkId}/";

    public static string FolderOf(string frameworkId, string reportId)
    {
        var m = ReportIdPattern().Match(reportId);
        return $"{Root(frameworkId)}{m.Groups[1].Value}/{m.Groups[2].Value}/";
    }

    public async Task<IReadOnlyList<EvaluationManifest>> ListAsync(string frameworkId, int? year, bool anyYear, CancellationToken ct) =>
        (await store.ListManifestsAsync<EvaluationManifest>(anyYear ? Root(frameworkId) : $"{Root(frameworkId)}{SegmentOf(year)}/", ct))
            .OrderByDescending(m => m.GeneratedAt).ThenByDescending(m => m.ReportId, StringComparer.Ordinal).ToList();

    public async Task<EvaluationManifest?> GetManifestAsync(string frameworkId, string reportId, CancellationToken ct) =>
        await store.ReadBlobAsync(FolderOf(frameworkId, reportId) + ReportStore.Manifest, ct) is { } bytes
            ? Newtonsoft.Json.JsonConvert.DeserializeObject<EvaluationManifest>(Encoding.UTF8.GetString(bytes), Json.Settings)
            : null;

    public Task<byte[]?> ReadAsync(string frameworkId, string reportId, string file, CancellationToken ct) => store.ReadBlobAsync(FolderOf(frameworkId, reportId) + file, ct);

    public async Task<EvaluationReportOutcome> GenerateAsync(Framework framework, int? year, CancellationToken ct)
    {
        var segment = SegmentOf(year);
        await using var lease = await generation.LeaseAsync($"report-{framework.Id}-{segment}", ct);

        // Fresh figures first: every plan serving the framework in the period, whoever asks (the report covers them all).
        var now = clock.GetUtcNow();
        var serving = new List<WorkPlan>();
        foreach (var summary in (await plans.ListAsync(ct)).Where(p => p.Framework == framework.Id))
        {
            var source = EvaluationRows.SourceFor(framework, summary.FirstYear, summary.LastYear, year, now.Year);
            if (!source.Part || await plans.GetVersionAsync(summary.Id, summary.Version, ct) is not { } plan) continue;
            serving.Add(plan);
            await summaries.AggregateAsync(plan, source.AggregateYear, ct);
        }
        await generation.CatchUpAsync(serving.Select(p => p.Id).ToList(), ct);

        var evaluation = await reader.ReadAsync(framework, year, Generator, ct);
        var reasons = await InterimReasonsAsync(framework, year, evaluation, now, ct);
        var title = year is { } y
            ? $"Evaluation against the {framework.ShortTitle ?? framework.Title}: {y}"
            : $"Evaluation against the {framework.ShortTitle ?? framework.Title}: {framework.FirstYear}-{framework.LastYear}";
        var data = new EvaluationReportData { Title = title, Interim = reasons.Count > 0, InterimReasons = reasons, Evaluation = evaluation, Method = Method(evaluation) };

        var dataJson = Encoding.UTF8.GetBytes(Json.Serialize(data, indented: true));
        var contentHash = ReportGeneration.Hash(dataJson);
        var latest = (await ListAsync(framework.Id, year, anyYear: false, ct)).FirstOrDefault();
        if (latest is not null && latest.ContentHash == contentHash && latest.GeneratorVersion == ReportService.GeneratorVersion)
        {
            logger.LogInformation("Evaluation report {Framework}/{Segment} unchanged since {ReportId}; nothing written", framework.Id, segment, latest.ReportId);
            return new EvaluationReportOutcome(false, latest, $"Nothing changed since {latest.ReportId}; no new version was written.");
        }

        var reportId = $"{segment}.{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{contentHash[..8]}";
        var files = new Dictionary<string, byte[]>
        {
            ["report.html"] = Encoding.UTF8.GetBytes(EvaluationHtml.Render(data, reportId)),
            ["data.json"] = dataJson,
            ["evaluation.xlsx"] = EvaluationExport.Xlsx(evaluation),
            ["evaluation.csv"] = EvaluationExport.Csv(evaluation, "indicators"),
        };
        var manifest = new EvaluationManifest
        {
            ReportId = reportId,
            FrameworkId = framework.Id,
            FrameworkRevision = framework.Revision,
            Year = year,
            Title = title,
            Interim = data.Interim,
            InterimReasons = reasons,
            GeneratedAt = now,
            DataAsOf = evaluation.DataAsOf,
            Plans = evaluation.Plans.Select(p => new ManifestPlan(p.PlanId, p.Version)).ToList(),
            GeneratorVersion = ReportService.GeneratorVersion,
            ContentHash = contentHash,
            Files = files.Select(f => new ManifestFile(f.Key, Files[f.Key], f.Value.Length, ReportGeneration.Hash(f.Value))).ToList(),
        };
        await store.WriteFolderAsync(FolderOf(framework.Id, reportId), files.ToDictionary(f => f.Key, f => (f.Value, Files[f.Key])), manifest, ct);
        logger.LogInformation("Wrote evaluation report {Framework}/{ReportId}, interim {Interim}", framework.Id, reportId, data.Interim);
        return new EvaluationReportOutcome(true, manifest, data.Interim ? "Written as an interim report: " + string.Join(" ", reasons) : "Written as a final report.");
    }

    /// <summary>Interim while the period is still running, a plan's reporting window has not locked, or a figure is provisional or stale.</summary>
    private async Task<List<string>> InterimReasonsAsync(Framework framework, int? year, FrameworkEvaluation e, DateTimeOffset now, CancellationToken ct)
    {
        var reasons = new List<string>();
        if (year is null && now.Year <= framework.LastYear)
            reasons.Add($"The {framework.ShortTitle ?? framework.Title} runs to {framework.LastYear}; this evaluation covers the years so far.");
        var open = new List<string>();
        foreach (var p in e.Plans)
        {
            var lockYear = year ?? p.SummaryYear ?? Math.Min(p.LastYear, now.Year);
            if (!(await windows.GetAsync(p.PlanId, lockYear, ct)).IsLocked(now)) open.Add($"{p.PlanId} ({lockYear})");
        }
        if (open.Count > 0)
            reasons.Add($"The reporting window has not locked for {string.Join(", ", open)}: member states may still report and figures may change.");
        var provisional = e.Characteristics.SelectMany(c => c.KeyResultAreas).SelectMany(k => k.Indicators).Where(i => i.Provisional)
            .Select(i => $"{i.PlanId} {i.Code}").Distinct().ToList();
        if (provisional.Count > 0)
            reasons.Add($"Figures of {string.Join(", ", provisional)} include reports not yet accepted by the ASEAN Secretariat (provisional).");
        if (e.Plans.Any(p => p.Stale))
            reasons.Add($"Submissions of {string.Join(", ", e.Plans.Where(p => p.Stale).Select(p => p.PlanId))} changed while the report was generated; their figures may be a moment old.");
        return reasons;
    }

    private static List<string> Method(FrameworkEvaluation e) =>
    [
        e.PlanSelection,
        e.Serving,
        e.ActivityCounting,
        e.Counting,
        SummaryExport.CoverageRule,
        $"Progress is each indicator's own judgement in its plan: the share of the way from baseline to target against a straight line from the baseline year to the target year: achieved (100% or more), on track (at least {Aggregator.OnTrackRatio:P0} of where the line is), at risk (at least {Aggregator.AtRiskRatio:P0}), off track (below that); not judged when fewer expected states are counted than the plan's minimum coverage.",
        "A key result area's counts take each serving indicator once; a characteristic's take each indicator once however many of its areas it serves. Narrative indicators are listed, not counted.",
        "Key result areas marked as a working label are not confirmed from a source: links to them are the project's reading until the framework's text confirms the code and title.",
    ];
}
