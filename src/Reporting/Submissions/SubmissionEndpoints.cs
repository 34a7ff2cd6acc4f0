using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;
using Reporting.MemberStates;
using Reporting.OpenApi;
using Reporting.Workflow;

namespace Reporting.Submissions;

public sealed class SubmissionEndpoints(
    RequestPipeline pipeline,
    SubmissionService service,
    SubmissionStore store,
    WindowStore windows,
    MemberStateDirectory memberStates,
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
            var input = Json.ParseAndBind<SubmissionInput>(ctx.Body);
            var (saved, created) = await service.SaveAsync(ctx.Caller, target, input, ctx.IfMatch, ctx.Aborted);
            return created
                ? ApiResults.Created(saved, $"/api/plans/{target.Plan.Id}/years/{target.Year}/submissions/{target.State}", saved.ETag)
                : ApiResults.Ok(saved, saved.ETag);
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
