using System.Globalization;
using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Submissions;
using Reporting.Workflow;

namespace Reporting.Aggregation;

/// <summary>The secretariat's downloads and lists. Summaries are read from the aggregates table, never recomputed per request.</summary>
public sealed class SummaryEndpoints(
    RequestPipeline pipeline,
    ScopedPlans scoped,
    SummaryReader reader,
    NarrativeReader narratives,
    WindowStore windows,
    SubmissionStore submissions,
    MemberStateDirectory memberStates,
    AggregateProgressJob job,
    TimeProvider clock)
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    public sealed record CompletenessReport
    {
        public required string PlanId { get; init; }
        public required DateTimeOffset AsOf { get; init; }
        public required string Counting { get; init; }
        public required List<CompletenessView> Years { get; init; }
    }

    public sealed record PendingReport
    {
        public required string PlanId { get; init; }
        public required int Year { get; init; }
        public required DateTimeOffset AsOf { get; init; }
        public DateTimeOffset? Due { get; init; }
        public DateTimeOffset? Locks { get; init; }
        public required List<PendingState> Pending { get; init; }
    }

    public sealed record PendingState
    {
        public required string State { get; init; }
        public required string Name { get; init; }
        /// <summary><c>notStarted</c>, <c>draft</c> or <c>returned</c>.</summary>
        public required string Status { get; init; }
        public DateTimeOffset? Due { get; init; }
        public DateTimeOffset? Locks { get; init; }
        public int? DaysLeft { get; init; }
        public required bool Overdue { get; init; }
        public int? DaysUntilLock { get; init; }
    }

    /// <summary>GET summary?year=&amp;format=json|csv|xlsx&amp;view= (no year: the whole plan to date).</summary>
    public Task<IResult> GetSummary(HttpRequest request, string planId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var plan = await PlanAsync(planId, ctx);
            var year = YearOf(ctx, plan);
            var format = FormatOf(ctx);
            var view = ctx.Query("view") ?? "regional";
            if (!SummaryExport.Views.Contains(view))
                throw new ProblemException(Problems.BadRequest("Unknown view.", "view", $"use one of: {string.Join(", ", SummaryExport.Views)}"));

            var summary = await reader.ReadAsync(plan, year, ctx.Caller, ctx.Aborted);

            var name = $"{plan.Id}-summary-{year?.ToString(CultureInfo.InvariantCulture) ?? "to-date"}";
            // Narratives are read from the counted submissions only for the downloads that show them.
            var text = format == "xlsx" || (format == "csv" && view == "narratives") ? await narratives.ReadAsync(plan, year, ctx.Caller, ctx.Aborted) : [];
            return format switch
            {
                "csv" => ApiResults.File(SummaryExport.Csv(summary, view, text), CsvType, $"{name}-{view}.csv"),
                "xlsx" => ApiResults.File(SummaryExport.Xlsx(summary, text), XlsxType, $"{name}.xlsx"),
                _ => ApiResults.Ok(summary),
            };
        });

    /// <summary>Completeness per year, judged live from submission headers (no history is read); a focal point's names no other state.</summary>
    public Task<IResult> GetCompleteness(HttpRequest request, string planId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var plan = await PlanAsync(planId, ctx);
            var year = YearOf(ctx, plan);
            var all = await windows.ListAsync(plan.Id, ctx.Aborted);
            var now = clock.GetUtcNow();
            var result = new List<CompletenessView>();
            foreach (var y in year is { } one ? [one] : plan.YearsSoFar(clock.GetUtcNow().Year))
            {
                var headers = await submissions.ListHeadersAsync(plan.Id, y, ctx.Aborted);
                var view = SummaryBuilder.Completeness(y, Aggregator.StateReports(y, headers, memberStates), all.GetValueOrDefault(y) ?? ReportingWindow.Unset, now);
                // A focal point's names no other state; the plan's secretariat and observers see who has reported.
                result.Add(ctx.Caller.LevelIn(plan) == AccessLevel.FocalPoint ? SummaryBuilder.ScopeToState(view, ctx.Caller.State ?? "") : view);
            }
            return ApiResults.Ok(new CompletenessReport { PlanId = plan.Id, AsOf = now, Counting = Summary.CountingRule, Years = result });
        });

    /// <summary>States that have not submitted yet, with due and lock dates: the list a reminder is sent from.</summary>
    public Task<IResult> GetPending(HttpRequest request, string planId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var plan = await PlanAsync(planId, ctx);
            // The reminder list names states with drafts: the plan's secretariat and focal points (their own row) only.
            if (!ctx.Caller.MayReadSubmissions(plan)) throw SubmissionService.NotForYou(ctx.Caller);
            var year = YearOf(ctx, plan) ?? Math.Min(plan.LastYear, clock.GetUtcNow().Year);
            var window = await windows.GetAsync(plan.Id, year, ctx.Aborted);
            var headers = (await submissions.ListHeadersAsync(plan.Id, year, ctx.Aborted)).ToDictionary(h => h.State, StringComparer.Ordinal);
            var now = clock.GetUtcNow();
            var pending = memberStates.ExpectedFor(year)
                .Where(s => ctx.Caller.MayActForState(plan, s.Code))
                .Select(s => (State: s, Header: headers.GetValueOrDefault(s.Code)))
                .Where(x => x.Header is null || x.Header.Status is SubmissionStatus.Draft or SubmissionStatus.Returned)
                .Select(x => new PendingState
                {
                    State = x.State.Code,
                    Name = x.State.Name,
                    Status = x.Header is null ? "notStarted" : x.Header.Status == SubmissionStatus.Draft ? "draft" : "returned",
                    Due = window.Due,
                    Locks = window.Locks,
                    DaysLeft = window.Due is { } d ? (int?)Math.Ceiling((d - now).TotalDays) : null,
                    Overdue = window.IsLate(now),
                    DaysUntilLock = window.Locks is { } l ? (int?)Math.Ceiling((l - now).TotalDays) : null,
                })
                .ToList();
            return ApiResults.Ok(new PendingReport { PlanId = plan.Id, Year = year, AsOf = now, Due = window.Due, Locks = window.Locks, Pending = pending });
        });

    /// <summary>
    /// On demand (secretariat): an incremental run, or <c>?full=true</c> to rebuild everything. A desk's run covers the plans
    /// it reviews only, so its answer names no other body's plans.
    /// </summary>
    public Task<IResult> RunAggregation(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            var full = ctx.Query("full") switch
            {
                null or "false" => false,
                "true" => true,
                _ => throw new ProblemException(Problems.BadRequest("The full flag is not valid.", "full", "use true or false")),
            };
            var caller = ctx.Caller;
            var run = await job.RunAsync(full, ctx.Aborted, caller.IsAdmin ? null : plan => caller.MayReview(plan));
            return ApiResults.Json(run, run.Outcome == "ran" ? 200 : 409);
        });

    private Task<WorkPlan> PlanAsync(string planId, RequestContext ctx) => scoped.ReadableAsync(ctx.Caller, planId, ctx.Aborted);

    private int? YearOf(RequestContext ctx, WorkPlan plan) =>
        ctx.Query("year") is { } text ? plan.ParseYear(text, clock.GetUtcNow().Year) : null;

    /// <summary>format= wins; otherwise the Accept header; JSON by default.</summary>
    private static string FormatOf(RequestContext ctx)
    {
        var format = ctx.Query("format");
        if (format is not null)
            return format is "json" or "csv" or "xlsx" ? format
                : throw new ProblemException(Problems.BadRequest("Unknown format.", "format", "use json, csv or xlsx"));
        var accept = ctx.Request.Headers.Accept.ToString();
        if (accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase)) return "csv";
        if (accept.Contains("spreadsheetml", StringComparison.OrdinalIgnoreCase)) return "xlsx";
        return "json";
    }
}
