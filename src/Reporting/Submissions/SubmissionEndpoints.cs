using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.MemberStates;
using Reporting.OpenApi;
using Reporting.Plans;
using Reporting.Workflow;

namespace Reporting.Submissions;

public sealed class SubmissionEndpoints(
    RequestPipeline pipeline,
    SubmissionService service,
    SubmissionStore store,
    ScopedPlans scoped,
    WindowStore windows,
    MemberStateDirectory memberStates,
    FrameworkDirectory frameworks,
    TimeProvider clock)
{
    [Variant(nameof(Decision), "accept")]
    [Variant(nameof(Decision), "return", Required = [nameof(Comment)], NotBlank = [nameof(Comment)])]
    public sealed class ReviewInput
    {
        /// <summary><c>accept</c> or <c>return</c>.</summary>
        [Required, AllowedValues("accept", "return")] public string? Decision { get; set; }
        /// <summary>What the focal point should change (required to return).</summary>
        [Text(SubmissionValidator.MaxNarrative)] public string? Comment { get; set; }
    }

    public const int MaxLockReason = 1000;

    public sealed class LockExceptionInput
    {
        [Required] public DateTimeOffset? Until { get; set; }
        [Required, Text(MaxLockReason, NotBlank = true)] public string? Reason { get; set; }
    }

    public sealed record SubmissionList
    {
        public required string PlanId { get; init; }
        public required int Year { get; init; }
        public DateTimeOffset? Due { get; init; }
        public DateTimeOffset? Locks { get; init; }
        public required List<SubmissionListRow> Submissions { get; init; }
    }

    public sealed record SubmissionListRow
    {
        public required string State { get; init; }
        public required string Name { get; init; }
        public required bool Expected { get; init; }
        /// <summary><c>notStarted</c>, or the submission's status.</summary>
        public required string Status { get; init; }
        public int? Revision { get; init; }
        public required bool Late { get; init; }
        public DateTimeOffset? SubmittedAt { get; init; }
        public DateTimeOffset? UpdatedAt { get; init; }
    }

    public sealed record SubmissionHistory
    {
        public required string PlanId { get; init; }
        public required int Year { get; init; }
        public required string State { get; init; }
        public required IReadOnlyList<HistoryEntry> Entries { get; init; }
    }

    public sealed record LockExceptionGranted
    {
        public required string PlanId { get; init; }
        public required int Year { get; init; }
        public required string State { get; init; }
        public required DateTimeOffset Until { get; init; }
        public required string GrantedBy { get; init; }
        public required DateTimeOffset GrantedAt { get; init; }
        public required string Reason { get; init; }
    }

    public sealed record StateSubmissions
    {
        public required string State { get; init; }
        public required string Name { get; init; }
        /// <summary>When days left and lateness were judged.</summary>
        public required DateTimeOffset AsOf { get; init; }
        /// <summary>Every plan and year the state may report on so far, newest year first within each plan.</summary>
        public required List<StateSubmission> Reports { get; init; }
    }

    public sealed record StateSubmission
    {
        public required string PlanId { get; init; }
        public required string PlanTitle { get; init; }
        public required int PlanVersion { get; init; }
        /// <summary>The framework the plan serves, if any: the form fetches it alongside the plan instead of after it.</summary>
        public string? Framework { get; init; }
        public required int Year { get; init; }
        /// <summary>False for a year the state may report on voluntarily (it joined during it).</summary>
        public required bool Expected { get; init; }
        /// <summary><c>notStarted</c>, or the submission's status.</summary>
        public required string Status { get; init; }
        public int? Revision { get; init; }
        /// <summary>Submitted after the due date, or not submitted and the due date has passed.</summary>
        public required bool Late { get; init; }
        public DateTimeOffset? Opens { get; init; }
        public DateTimeOffset? Due { get; init; }
        public DateTimeOffset? Locks { get; init; }
        public required bool IsOpen { get; init; }
        public required bool IsLocked { get; init; }
        /// <summary>Whole days to the due date, rounded up; negative once it has passed.</summary>
        public int? DaysLeft { get; init; }
        /// <summary>Not submitted and the due date has passed.</summary>
        public required bool Overdue { get; init; }
        public int? DaysUntilLock { get; init; }
        public DateTimeOffset? UpdatedAt { get; init; }
        public DateTimeOffset? SubmittedAt { get; init; }
        public DateTimeOffset? ReviewedAt { get; init; }
        /// <summary>The secretariat's comment while the report is returned (or accepted with a comment).</summary>
        public string? ReviewComment { get; init; }
    }

    /// <summary>A state's reports across plans and years with status, due and lock dates: a focal point's own, or any for the secretariat.</summary>
    public Task<IResult> ListStateSubmissions(HttpRequest request, string state) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            if (!ctx.Caller.MightActForState(state))
                throw new ProblemException(Problems.Forbidden($"A focal point can only see its own state's reports ({ctx.Caller.State})."));
            return ApiResults.Ok(await StateReportsAsync(state, ctx));
        });

    /// <summary>The signed-in focal point's own state's reports, without having to know the state first.</summary>
    public Task<IResult> ListMySubmissions(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            if (ctx.Caller.State is not { } state)
                throw new ProblemException(Problems.Forbidden("Only a focal point has reports of its own; the secretariat asks states/{state}/submissions."));
            return ApiResults.Ok(await StateReportsAsync(state, ctx));
        });

    private async Task<StateSubmissions> StateReportsAsync(string state, RequestContext ctx)
    {
        var member = memberStates.Find(state)
            ?? throw new ProblemException(Problems.BadRequest("Unknown member state.", "state", $"'{state}' is not an ASEAN member state code (e.g. THA, VNM)"));
        var now = clock.GetUtcNow();
        // Only the plans the caller may act for the state in: a focal point's own bodies, a desk's own plans.
        var all = (await scoped.ListReadableAsync(ctx.Caller, ctx.Aborted)).Where(p => ctx.Caller.MayActForState(p, state)).ToList();
        // One query for the windows and one for the headers of each plan, all plans at once.
        var perPlan = await Task.WhenAll(all.Select(async p =>
        {
            var windowsTask = windows.ListAsync(p.Id, ctx.Aborted);
            var headersTask = store.ListStateHeadersAsync(p.Id, state, ctx.Aborted);
            var (planWindows, headers) = (await windowsTask, (await headersTask).ToDictionary(h => h.Year));
            return WorkPlan.YearsSoFar(p.FirstYear, p.LastYear, now.Year).Where(member.MayReportFor).OrderDescending().Select(y =>
            {
                var w = planWindows.GetValueOrDefault(y) ?? ReportingWindow.Unset;
                var sub = headers.GetValueOrDefault(y);
                var submitted = sub?.Status is SubmissionStatus.Submitted or SubmissionStatus.Accepted;
                return new StateSubmission
                {
                    PlanId = p.Id,
                    PlanTitle = p.Title,
                    PlanVersion = p.Version,
                    Framework = p.Framework,
                    Year = y,
                    Expected = member.ExpectedFor(y),
                    Status = sub is null ? "notStarted" : Json.Serialize(sub.Status).Trim('"'),
                    Revision = sub?.Revision,
                    Late = sub?.Late == true || (!submitted && w.IsLate(now)),
                    Opens = w.Opens,
                    Due = w.Due,
                    Locks = w.Locks,
                    IsOpen = w.IsOpen(now),
                    IsLocked = w.IsLocked(now),
                    DaysLeft = w.Due is { } d ? (int)Math.Ceiling((d - now).TotalDays) : null,
                    Overdue = !submitted && w.IsLate(now),
                    DaysUntilLock = w.Locks is { } l ? (int)Math.Ceiling((l - now).TotalDays) : null,
                    UpdatedAt = sub?.UpdatedAt,
                    SubmittedAt = sub?.SubmittedAt,
                    ReviewedAt = sub?.ReviewedAt,
                    ReviewComment = sub?.Status is SubmissionStatus.Returned or SubmissionStatus.Accepted ? sub.ReviewComment : null,
                };
            }).ToList();
        }));
        return new StateSubmissions { State = member.Code, Name = member.Name, AsOf = now, Reports = perPlan.SelectMany(r => r).ToList() };
    }

    /// <summary>The plan's secretariat sees every state that may report that year; a focal point only its own row; observers none.</summary>
    public Task<IResult> ListSubmissions(HttpRequest request, string planId, string year) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var (plan, y) = await service.ResolvePlanYearAsync(ctx.Caller, planId, year, ctx.Aborted);
            if (!ctx.Caller.MayReadSubmissions(plan)) throw SubmissionService.NotForYou(ctx.Caller);
            var window = await windows.GetAsync(plan.Id, y, ctx.Aborted);
            var now = clock.GetUtcNow();
            var headers = (await store.ListHeadersAsync(plan.Id, y, ctx.Aborted)).ToDictionary(s => s.State, StringComparer.Ordinal);
            var rows = memberStates.All
                .Where(s => s.MayReportFor(y) && ctx.Caller.MayActForState(plan, s.Code))
                .Select(s =>
                {
                    headers.TryGetValue(s.Code, out var sub);
                    var submitted = sub?.Status is SubmissionStatus.Submitted or SubmissionStatus.Accepted;
                    return new SubmissionListRow
                    {
                        State = s.Code,
                        Name = s.Name,
                        Expected = s.ExpectedFor(y),
                        Status = sub is null ? "notStarted" : Json.Serialize(sub.Status).Trim('"'),
                        Revision = sub?.Revision,
                        Late = sub?.Late == true || (!submitted && window.IsLate(now)),
                        SubmittedAt = sub?.SubmittedAt,
                        UpdatedAt = sub?.UpdatedAt,
                    };
                })
                .ToList();
            return ApiResults.Ok(new SubmissionList { PlanId = plan.Id, Year = y, Due = window.Due, Locks = window.Locks, Submissions = rows });
        });

    public Task<IResult> GetSubmission(HttpRequest request, string planId, string year, string state) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            var submission = await service.GetAsync(target, ctx.Aborted);
            return ApiResults.Ok(submission, submission.ETag);
        });

    public Task<IResult> PutSubmission(HttpRequest request, string planId, string year, string state) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            // Prefer: handling=lenient stores the valid parts and names the rest (LenientDraft); without it, all or nothing.
            var lenient = ctx.Preference("handling") == "lenient";
            var token = Json.ParseStrict(ctx.Body);
            var (input, draft) = lenient ? LenientDraft.Split(target.Plan, frameworks, token) : (Json.Bind<SubmissionInput>(token), null);
            var (saved, created) = await service.SaveAsync(ctx.Caller, target, input, ctx.IfMatch, ctx.Aborted, lenient: draft);
            var result = created
                ? ApiResults.Created(saved, $"/api/plans/{target.Plan.Id}/years/{target.Year}/submissions/{target.State}", saved.ETag)
                : ApiResults.Ok(saved, saved.ETag);
            return draft is null ? result : result.With(preferenceApplied: LenientDraft.Preference);
        }, readsBody: true);

    public Task<IResult> SubmitSubmission(HttpRequest request, string planId, string year, string state) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            var submitted = await service.SubmitAsync(ctx.Caller, target, ctx.IfMatch, ctx.Aborted);
            return ApiResults.Ok(submitted, submitted.ETag);
        });

    public Task<IResult> ReviewSubmission(HttpRequest request, string planId, string year, string state) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            RequireDesk(ctx.Caller, target);
            var input = Json.ParseAndBind<ReviewInput>(ctx.Body);
            var errors = new List<ProblemError>();
            SubmissionService.Decision? decision = input.Decision switch
            {
                "accept" => SubmissionService.Decision.Accept,
                "return" => SubmissionService.Decision.Return,
                _ => null,
            };
            if (decision is null) errors.Add(new("/decision", "must be \"accept\" or \"return\""));
            if (decision == SubmissionService.Decision.Return && string.IsNullOrWhiteSpace(input.Comment))
                errors.Add(new("/comment", "say what the focal point should change"));
            if (input.Comment is { Length: > SubmissionValidator.MaxNarrative }) errors.Add(new("/comment", $"the limit is {SubmissionValidator.MaxNarrative} characters"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The review is not valid"));
            var reviewed = await service.ReviewAsync(ctx.Caller, target, decision!.Value, input.Comment, ctx.IfMatch, ctx.Aborted);
            return ApiResults.Ok(reviewed, reviewed.ETag);
        }, readsBody: true);

    public Task<IResult> GetSubmissionHistory(HttpRequest request, string planId, string year, string state) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            var history = await store.HistoryAsync(target.Plan.Id, target.Year, target.State, ctx.Aborted);
            if (history.Count == 0) throw new ProblemException(Problems.NotFound($"{target.State} has no submission for {target.Plan.Id} {target.Year} yet."));
            return ApiResults.Ok(new SubmissionHistory { PlanId = target.Plan.Id, Year = target.Year, State = target.State, Entries = history });
        });

    public Task<IResult> GrantLockException(HttpRequest request, string planId, string year, string state) =>
        pipeline.RunAsync(request, Requirement.Secretariat, async ctx =>
        {
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            RequireDesk(ctx.Caller, target);
            var input = Json.ParseAndBind<LockExceptionInput>(ctx.Body);
            var errors = new List<ProblemError>();
            if (input.Until is null) errors.Add(new("/until", "is required: until when the state may still write"));
            if (string.IsNullOrWhiteSpace(input.Reason)) errors.Add(new("/reason", "is required: it goes on the record"));
            else if (input.Reason.Length > MaxLockReason) errors.Add(new("/reason", $"the limit is {MaxLockReason} characters"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The lock exception is not valid"));
            var granted = await service.GrantLockExceptionAsync(ctx.Caller, target, input.Until!.Value, input.Reason!, ctx.Aborted);
            return ApiResults.Json(new LockExceptionGranted
            {
                PlanId = target.Plan.Id, Year = target.Year, State = target.State,
                Until = granted.Until, GrantedBy = granted.GrantedBy, GrantedAt = granted.GrantedAt, Reason = granted.Reason,
            }, 201);
        }, readsBody: true);

    /// <summary>Reviews and lock exceptions are the plan's secretariat desk's (a focal point acting for its own state is not).</summary>
    private static void RequireDesk(Caller caller, SubmissionTarget target)
    {
        if (!caller.MayReview(target.Plan))
            throw new ProblemException(Problems.Forbidden($"Only the ASEAN Secretariat desk for {target.Plan.SectoralBody} may do this."));
    }
}
