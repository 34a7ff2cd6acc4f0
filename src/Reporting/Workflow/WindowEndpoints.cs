using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;
using Reporting.Submissions;

namespace Reporting.Workflow;

public sealed class WindowEndpoints(RequestPipeline pipeline, SubmissionService submissions, WindowStore windows, TimeProvider clock)
{
    public sealed class WindowInput
    {
        public DateTimeOffset? Opens { get; set; }
        public DateTimeOffset? Due { get; set; }
        public DateTimeOffset? Locks { get; set; }
    }

    /// <summary>A plan-year's window as the API shows it, judged at the time of the request.</summary>
    public sealed record WindowView
    {
        public required string PlanId { get; init; }
        public required int Year { get; init; }
        public DateTimeOffset? Opens { get; init; }
        public DateTimeOffset? Due { get; init; }
        public DateTimeOffset? Locks { get; init; }
        public string? SetBy { get; init; }
        public DateTimeOffset? SetAt { get; init; }
        public required bool IsSet { get; init; }
        public required bool IsOpen { get; init; }
        public required bool IsLate { get; init; }
        public required bool IsLocked { get; init; }
    }

    public Task<IResult> GetWindow(HttpRequest request, string planId, string year) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var (plan, y) = await submissions.ResolvePlanYearAsync(ctx.Caller, planId, year, ctx.Aborted);
            return ApiResults.Ok(Describe(plan.Id, y, await windows.GetAsync(plan.Id, y, ctx.Aborted)));
        });

    public Task<IResult> PutWindow(HttpRequest request, string planId, string year) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            var (plan, y) = await submissions.ResolvePlanYearAsync(ctx.Caller, planId, year, ctx.Aborted);
            if (!ctx.Caller.MayReview(plan)) throw new ProblemException(Problems.Forbidden($"Only the ASEAN Secretariat desk for {plan.SectoralBody} may set this plan's windows."));
            var input = Json.ParseAndBind<WindowInput>(ctx.Body);
            var errors = new List<ProblemError>();
            if (input.Opens is { } o && input.Due is { } d && d < o) errors.Add(new("/due", "must be on or after opens"));
            if (input.Due is { } d2 && input.Locks is { } l && l < d2) errors.Add(new("/locks", "must be on or after due"));
            if (input.Opens is { } o2 && input.Locks is { } l2 && l2 < o2) errors.Add(new("/locks", "must be on or after opens"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The reporting window is not valid"));
            var window = new ReportingWindow(input.Opens, input.Due, input.Locks, ctx.Caller.Id, clock.GetUtcNow());
            await windows.SetAsync(plan.Id, y, window, ctx.Aborted);
            return ApiResults.Ok(Describe(plan.Id, y, window));
        }, readsBody: true);

    private WindowView Describe(string planId, int year, ReportingWindow w)
    {
        var now = clock.GetUtcNow();
        return new WindowView
        {
            PlanId = planId,
            Year = year,
            Opens = w.Opens,
            Due = w.Due,
            Locks = w.Locks,
            SetBy = w.SetBy,
            SetAt = w.SetAt,
            IsSet = w != ReportingWindow.Unset,
            IsOpen = w.IsOpen(now) && !w.IsLocked(now),
            IsLate = w.IsLate(now),
            IsLocked = w.IsLocked(now),
        };
    }
}
