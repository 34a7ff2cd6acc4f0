using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Frameworks;
using Reporting.Http;

namespace Reporting.Evaluation;

/// <summary>
/// The cross-plan evaluation against a framework (SOMSWD Work Plan 5.4): read live over the plans in the caller's scope
/// (JSON, CSV views, XLSX), and its report versions in Blob storage (every plan serving the framework; the secretariat of
/// every plan only).
/// </summary>
public sealed class EvaluationEndpoints(RequestPipeline pipeline, FrameworkDirectory frameworks, EvaluationReader reader, EvaluationReports reports, TimeProvider clock)
{
    public sealed class EvaluationReportRequest
    {
        /// <summary>The year to evaluate, inside the framework's period and not in the future; without it, the framework's whole period.</summary>
        [Range(1000, 9999)] public int? Year { get; set; }
    }

    public sealed record EvaluationReportCreated
    {
        /// <summary>False when neither the data nor the generator changed since the latest version: nothing was written.</summary>
        public required bool Written { get; init; }
        public required string Message { get; init; }
        public required string ReportId { get; init; }
        public required bool Interim { get; init; }
        public required List<Reports.ReportEndpoints.ReportFileLink> Files { get; init; }
        public required string Manifest { get; init; }
    }

    public sealed record EvaluationReportListItem
    {
        public required string ReportId { get; init; }
        public int? Year { get; init; }
        public required string Title { get; init; }
        public required DateTimeOffset GeneratedAt { get; init; }
        public DateTimeOffset? DataAsOf { get; init; }
        public required bool Interim { get; init; }
        /// <summary><c>interim</c> or <c>final</c>.</summary>
        public required string Status { get; init; }
        public required List<ManifestPlan> Plans { get; init; }
        public required List<Reports.ReportEndpoints.ReportFileInfo> Files { get; init; }
    }

    /// <summary>GET frameworks/{id}/evaluation?year=&amp;format=json|csv|xlsx&amp;view=: the plans in the caller's scope only.</summary>
    public Task<IResult> GetEvaluation(HttpRequest request, string frameworkId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var framework = FrameworkOf(frameworkId);
            var year = YearOf(ctx, framework);
            var format = ctx.Query("format") ?? "json";
            if (format is not ("json" or "csv" or "xlsx"))
                throw new ProblemException(Problems.BadRequest("Unknown format.", "format", "use json, csv or xlsx"));
            var view = ctx.Query("view") ?? "kras";
            if (!EvaluationExport.Views.Contains(view))
                throw new ProblemException(Problems.BadRequest("Unknown view.", "view", $"use one of: {string.Join(", ", EvaluationExport.Views)}"));
            var evaluation = await reader.ReadAsync(framework, year, ctx.Caller, ctx.Aborted);
            var name = $"{framework.Id}-evaluation-{year?.ToString(CultureInfo.InvariantCulture) ?? "period"}";
            return format switch
            {
                "csv" => ApiResults.File(EvaluationExport.Csv(evaluation, view), SummaryEndpoints.CsvType, $"{name}-{view}.csv"),
                "xlsx" => ApiResults.File(EvaluationExport.Xlsx(evaluation), SummaryEndpoints.XlsxType, $"{name}.xlsx"),
                _ => ApiResults.Ok(evaluation),
            };
        });

    /// <summary>POST frameworks/{id}/reports {"year"?}: generate the evaluation report now (202 written, 200 unchanged).</summary>
    public Task<IResult> CreateEvaluationReport(HttpRequest request, string frameworkId) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            MayReport(ctx.Caller);
            var framework = FrameworkOf(frameworkId);
            var input = Json.ParseAndBind<EvaluationReportRequest>(ctx.Body);
            if (input.Year is { } y)
            {
                string? problem = !framework.Covers(y) ? $"{framework.ShortTitle ?? framework.Title} runs from {framework.FirstYear} to {framework.LastYear}"
                    : y > clock.GetUtcNow().Year ? $"{y} has not started yet" : null;
                if (problem is not null) throw new ProblemException(Problems.Validation([new ProblemError("/year", problem)], "The report request is not valid"));
            }
            var outcome = await reports.GenerateAsync(framework, input.Year, ctx.Aborted);
            var root = $"/api/frameworks/{framework.Id}/reports/{outcome.Manifest.ReportId}";
            return ApiResults.Json(new EvaluationReportCreated
            {
                Written = outcome.Written,
                Message = outcome.Message,
                ReportId = outcome.Manifest.ReportId,
                Interim = outcome.Manifest.Interim,
                Files = outcome.Manifest.Files.Select(f => new Reports.ReportEndpoints.ReportFileLink { Name = f.Name, Href = $"{root}/{f.Name}" }).ToList(),
                Manifest = $"{root}/{Reports.ReportStore.Manifest}",
            }, outcome.Written ? 202 : 200, location: $"{root}/report.html");
        }, readsBody: true);

    /// <summary>GET frameworks/{id}/reports: every version, newest first (interim ones included).</summary>
    public Task<IResult> ListEvaluationReports(HttpRequest request, string frameworkId) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            MayReport(ctx.Caller);
            var framework = FrameworkOf(frameworkId);
            var list = await reports.ListAsync(framework.Id, null, anyYear: true, ctx.Aborted);
            return ApiResults.Ok(list.Select(m => new EvaluationReportListItem
            {
                ReportId = m.ReportId, Year = m.Year, Title = m.Title, GeneratedAt = m.GeneratedAt, DataAsOf = m.DataAsOf, Interim = m.Interim,
                Status = m.Interim ? "interim" : "final", Plans = m.Plans,
                Files = m.Files.Select(f => new Reports.ReportEndpoints.ReportFileInfo { Name = f.Name, Size = f.Size, Href = $"/api/frameworks/{framework.Id}/reports/{m.ReportId}/{f.Name}" }).ToList(),
            }).ToList());
        });

    public Task<IResult> GetEvaluationReportFile(HttpRequest request, string frameworkId, string evaluationId, string evaluationFile) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            MayReport(ctx.Caller);
            var framework = FrameworkOf(frameworkId);
            if (!EvaluationReports.ReportIdPattern().IsMatch(evaluationId))
                throw new ProblemException(Problems.BadRequest("The report id is not valid.", "evaluationId", "use a reportId from GET frameworks/{frameworkId}/reports"));
            if (!EvaluationReports.Files.TryGetValue(evaluationFile, out var contentType))
                throw new ProblemException(Problems.BadRequest("Unknown file.", "evaluationFile", $"use one of: {string.Join(", ", EvaluationReports.Files.Keys)}"));
            var manifest = await reports.GetManifestAsync(framework.Id, evaluationId, ctx.Aborted)
                ?? throw new ProblemException(Problems.NotFound($"There is no evaluation report '{evaluationId}' for {framework.Id}."));
            var content = await reports.ReadAsync(framework.Id, evaluationId, evaluationFile, ctx.Aborted)
                ?? throw new ProblemException(Problems.NotFound($"There is no file '{evaluationFile}' in report '{evaluationId}'."));
            var stamp = manifest.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return ApiResults.File(content, contentType, $"{framework.Id}-{EvaluationReports.SegmentOf(manifest.Year)}-{stamp}-{evaluationFile}");
        });

    /// <summary>The report covers every plan serving the framework, whatever its body: the secretariat of every plan only.</summary>
    private static void MayReport(Caller caller)
    {
        if (!caller.ReviewsEveryPlan)
            throw new ProblemException(Problems.Forbidden("Only an administrator or a secretariat desk for every plan may generate or read the evaluation report: it covers the plans of every sectoral body. The evaluation of the plans in your scope is at GET frameworks/{frameworkId}/evaluation."));
    }

    private Framework FrameworkOf(string frameworkId) => frameworks.Find(frameworkId)
        ?? throw new ProblemException(Problems.NotFound($"There is no framework '{frameworkId}'. Known: {string.Join(", ", frameworks.All.Select(f => f.Id))}."));

    /// <summary>Four digits, inside the framework's period, not in the future.</summary>
    private int? YearOf(RequestContext ctx, Framework framework)
    {
        if (ctx.Query("year") is not { } text) return null;
        if (text.Length != 4 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            throw new ProblemException(Problems.BadRequest("The year is not valid.", "year", "must be a four-digit year, e.g. 2024"));
        if (!framework.Covers(year))
            throw new ProblemException(Problems.BadRequest("The year is outside the framework.", "year", $"{framework.ShortTitle ?? framework.Title} runs from {framework.FirstYear} to {framework.LastYear}"));
        if (year > clock.GetUtcNow().Year)
            throw new ProblemException(Problems.BadRequest("The year is in the future.", "year", $"{year} has not started yet"));
        return year;
    }
}
