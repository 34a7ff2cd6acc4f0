using System.Globalization;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;
using Reporting.OpenApi;
using Reporting.Plans;

namespace Reporting.Reports;

public sealed class ReportEndpoints(RequestPipeline pipeline, ScopedPlans scoped, ReportService reports, ReportStore store, ReportComments comments, TimeProvider clock)
{
    [Variant(nameof(Kind), ReportKinds.Annual, Required = [nameof(Year)])]
    [Variant(nameof(Kind), ReportKinds.EndOfPlan, Absent = [nameof(Year)])]
    public sealed class ReportRequest
    {
        /// <summary><c>end-of-plan</c> or <c>annual</c>.</summary>
        [Required, OneOfConstants(typeof(ReportKinds))] public string? Kind { get; set; }
        /// <summary>Annual reports: the year, inside the plan and not in the future.</summary>
        [Range(1000, 9999)] public int? Year { get; set; }
    }

    public sealed record ReportCreated
    {
        /// <summary>False when neither the data nor the generator changed since the latest version: nothing was written.</summary>
        public required bool Written { get; init; }
        public required string Message { get; init; }
        public required string ReportId { get; init; }
        public required bool Interim { get; init; }
        public required List<ReportFileLink> Files { get; init; }
        public required string Manifest { get; init; }
    }

    public sealed record ReportFileLink
    {
        public required string Name { get; init; }
        public required string Href { get; init; }
    }

    public sealed record ReportListItem
    {
        public required string ReportId { get; init; }
        public required string Kind { get; init; }
        public int? Year { get; init; }
        public required string Title { get; init; }
        public required DateTimeOffset GeneratedAt { get; init; }
        public DateTimeOffset? DataAsOf { get; init; }
        public required bool Interim { get; init; }
        /// <summary><c>interim</c> or <c>final</c>.</summary>
        public required string Status { get; init; }
        public required List<ReportFileInfo> Files { get; init; }
        /// <summary>Observers' comments on this version the caller can see (an observer: their own; the plan's secretariat: all).</summary>
        public required int Comments { get; init; }
        /// <summary>Of those, the ones the secretariat has not answered yet.</summary>
        public required int Unanswered { get; init; }
    }

    public sealed record ReportFileInfo
    {
        public required string Name { get; init; }
        public required long Size { get; init; }
        public required string Href { get; init; }
    }

    /// <summary>On demand (the plan's secretariat desk): generate now. 202 with where to find it; interim when data is incomplete or provisional.</summary>
    public Task<IResult> CreateReport(HttpRequest request, string planId) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            var plan = await scoped.ReviewableAsync(ctx.Caller, planId, ctx.Aborted);
            var input = Json.ParseAndBind<ReportRequest>(ctx.Body);
            var errors = new List<ProblemError>();
            if (input.Kind is not (ReportKinds.EndOfPlan or ReportKinds.Annual)) errors.Add(new("/kind", "must be \"end-of-plan\" or \"annual\""));
            if (input.Kind == ReportKinds.Annual)
            {
                if (input.Year is null) errors.Add(new("/year", "an annual report needs the year"));
                else if (!plan.CoversYear(input.Year.Value)) errors.Add(new("/year", $"plan {plan.Id} runs from {plan.FirstYear} to {plan.LastYear}"));
                else if (input.Year > clock.GetUtcNow().Year) errors.Add(new("/year", $"{input.Year} has not started yet"));
            }
            if (input.Kind == ReportKinds.EndOfPlan && input.Year is not null) errors.Add(new("/year", "an end-of-plan report covers the whole plan; leave year out"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The report request is not valid"));

            var outcome = await reports.GenerateAsync(plan, input.Kind!, input.Kind == ReportKinds.Annual ? input.Year : null, ctx.Aborted);
            var location = $"/api/plans/{plan.Id}/reports/{outcome.Manifest.ReportId}/report.html";
            return ApiResults.Json(new ReportCreated
            {
                Written = outcome.Written,
                Message = outcome.Message,
                ReportId = outcome.Manifest.ReportId,
                Interim = outcome.Manifest.Interim,
                Files = outcome.Manifest.Files.Select(f => new ReportFileLink { Name = f.Name, Href = $"/api/plans/{plan.Id}/reports/{outcome.Manifest.ReportId}/{f.Name}" }).ToList(),
                Manifest = $"/api/plans/{plan.Id}/reports/{outcome.Manifest.ReportId}/{ReportStore.Manifest}",
            }, outcome.Written ? 202 : 200, location: location);
        }, readsBody: true);

    /// <summary>Versions, newest first. Only the plan's secretariat sees interim versions; focal points and observers final ones.</summary>
    public Task<IResult> ListReports(HttpRequest request, string planId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var plan = await PlanAsync(planId, ctx);
            var desk = ctx.Caller.MayReview(plan);
            var list = (await store.ListAsync(plan.Id, null, ctx.Aborted)).Where(m => desk || !m.Interim).ToList();
            var consulted = desk || ctx.Caller.MayComment(plan) ? await comments.ForPlanAsync(plan.Id, ctx.Aborted) : new Dictionary<string, List<ReportComments.Stored>>();
            return ApiResults.Ok(list.Select(m =>
            {
                var seen = CommentEndpoints.Visible(ctx.Caller, plan, consulted.GetValueOrDefault(m.ReportId) ?? []);
                var asked = seen.Where(c => c.ReplyTo is null).ToList();
                return new ReportListItem
                {
                    ReportId = m.ReportId, Kind = m.Kind, Year = m.Year, Title = m.Title, GeneratedAt = m.GeneratedAt, DataAsOf = m.DataAsOf,
                    Interim = m.Interim, Status = m.Interim ? "interim" : "final",
                    Files = m.Files.Select(f => new ReportFileInfo { Name = f.Name, Size = f.Size, Href = $"/api/plans/{plan.Id}/reports/{m.ReportId}/{f.Name}" }).ToList(),
                    Comments = asked.Count,
                    Unanswered = asked.Count(c => !seen.Any(a => a.ReplyTo == c.Id)),
                };
            }));
        });

    public Task<IResult> GetReportFile(HttpRequest request, string planId, string reportId, string file) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var plan = await PlanAsync(planId, ctx);
            if (!ReportStore.ReportIdPattern().IsMatch(reportId))
                throw new ProblemException(Problems.BadRequest("The report id is not valid.", "reportId", "use a reportId from GET /reports"));
            if (!ReportStore.Files.TryGetValue(file, out var contentType))
                throw new ProblemException(Problems.BadRequest("Unknown file.", "file", $"use one of: {string.Join(", ", ReportStore.Files.Keys)}"));
            var manifest = await store.GetManifestAsync(plan.Id, reportId, ctx.Aborted);
            // Focal points and observers get the same 404 for an interim report as for none: they cannot tell it exists.
            if (manifest is null || (manifest.Interim && !ctx.Caller.MayReview(plan))) throw NoSuchReport(plan.Id, reportId);
            var content = await store.ReadAsync(plan.Id, reportId, file, ctx.Aborted)
                ?? throw new ProblemException(Problems.NotFound($"There is no file '{file}' in report '{reportId}'."));
            var stamp = manifest.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var kind = manifest.Kind == ReportKinds.Annual ? $"annual-{manifest.Year}" : "end-of-plan";
            return ApiResults.File(content, contentType, $"{plan.Id}-{kind}-{stamp}-{Path.GetFileNameWithoutExtension(file)}{Path.GetExtension(file)}");
        });

    private Task<WorkPlan> PlanAsync(string planId, RequestContext ctx) => scoped.ReadableAsync(ctx.Caller, planId, ctx.Aborted);

    public static ProblemException NoSuchReport(string planId, string reportId) =>
        new(Problems.NotFound($"There is no report '{reportId}' for {planId}."));
}
