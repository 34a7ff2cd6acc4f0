using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reporting.Access;
using Reporting.Http;
using Reporting.OpenApi;
using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Reports;

/// <summary>
/// The consultation on a report version (SOMSWD Work Plan 5.2.3): an observer comments on a final annual or end-of-plan
/// report, the plan's secretariat sees every comment and answers it. An observer sees their own comments and the answers
/// to them, never another organisation's. Focal points are not part of it.
/// </summary>
public sealed class CommentEndpoints(RequestPipeline pipeline, ScopedPlans scoped, ReportStore store, ReportComments comments, ILogger<CommentEndpoints> logger)
{
    public const string CommentIdPattern = "^[0-9]{19}-[0-9a-f]{8}$";

    public sealed class CommentInput
    {
        /// <summary>In any language and script; line breaks and tabs are kept, other control characters refused.</summary>
        [Required, Text(ReportComments.MaxText, NotBlank = true, Lines = TextLines.Multi)] public string? Text { get; set; }
        /// <summary>The secretariat answers an observer's comment by naming it; observers start new comments and leave this out.</summary>
        [Pattern(CommentIdPattern, "0638999999999999999-0a1b2c3d")] public string? ReplyTo { get; set; }
    }

    public sealed record CommentView
    {
        public required string Id { get; init; }
        public required string ReportId { get; init; }
        public string? ReplyTo { get; init; }
        /// <summary>As written, in any language and script; pages set it as text, never as markup.</summary>
        public required string Text { get; init; }
        public required string By { get; init; }
        /// <summary>The author's role: <c>observer</c>, <c>secretariat</c> or <c>admin</c>.</summary>
        [AllowedValues("observer", "secretariat", "admin")] public required string Role { get; init; }
        public required DateTimeOffset At { get; init; }
        /// <summary>Written by the caller.</summary>
        public required bool Mine { get; init; }
        /// <summary>For an observer's comment: whether the secretariat has answered it.</summary>
        public bool? Answered { get; init; }
    }

    public sealed record Consultation
    {
        public required string PlanId { get; init; }
        public required string ReportId { get; init; }
        public required string Title { get; init; }
        /// <summary><c>interim</c> or <c>final</c>.</summary>
        [AllowedValues("interim", "final")] public required string Status { get; init; }
        /// <summary>Oldest first: each observer's comment, and the secretariat's answers after what they answer.</summary>
        public required List<CommentView> Entries { get; init; }
    }

    public Task<IResult> ListReportComments(HttpRequest request, string planId, string reportId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var (plan, manifest) = await ReportAsync(ctx, planId, reportId);
            var seen = Visible(ctx.Caller, plan, await comments.ForReportAsync(plan.Id, manifest.ReportId, ctx.Aborted));
            return ApiResults.Ok(new Consultation
            {
                PlanId = plan.Id, ReportId = manifest.ReportId, Title = manifest.Title, Status = manifest.Interim ? "interim" : "final",
                Entries = Threaded(seen).Select(c => View(ctx.Caller, c, seen)).ToList(),
            });
        });

    public Task<IResult> PostReportComment(HttpRequest request, string planId, string reportId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var (plan, manifest) = await ReportAsync(ctx, planId, reportId);
            var input = Json.ParseAndBind<CommentInput>(ctx.Body);
            var desk = ctx.Caller.MayReview(plan);
            var errors = new List<ProblemError>();
            if (string.IsNullOrWhiteSpace(input.Text)) errors.Add(new("/text", "is required: write your comment"));
            else SubmissionValidator.CheckText(input.Text, "/text", ReportComments.MaxText, (at, code, message) => errors.Add(new(at, message, code)));

            var existing = await comments.ForReportAsync(plan.Id, manifest.ReportId, ctx.Aborted);
            if (desk && input.ReplyTo is null)
                errors.Add(new("/replyTo", "the secretariat answers a comment: give the id of the observer's comment"));
            else if (desk && !existing.Any(c => c.Id == input.ReplyTo && c.ReplyTo is null))
                errors.Add(new("/replyTo", $"there is no observer's comment '{Short(input.ReplyTo!)}' on this report"));
            else if (!desk && input.ReplyTo is not null)
                errors.Add(new("/replyTo", "leave this out: observers start a new comment, and the secretariat answers it"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The comment is not valid"));

            var role = Json.Serialize(ctx.Caller.Role).Trim('"');
            var stored = await comments.AddAsync(plan.Id, manifest.ReportId, input.ReplyTo, input.Text!, ctx.Caller.Id, ctx.Caller.Label, role, ctx.Aborted);
            logger.LogInformation("Comment {Comment} on {Plan}/{Report} by {Caller} ({Role})", stored.Id, plan.Id, manifest.ReportId, ctx.Caller.Id, role);
            return ApiResults.Created(View(ctx.Caller, stored, [.. existing, stored]), $"/api/plans/{plan.Id}/comments/{manifest.ReportId}");
        }, readsBody: true);

    /// <summary>
    /// The plan's report version, for a caller who takes part in its consultation: the plan's secretariat (any version) or
    /// an observer (final versions; an interim one answers as if it did not exist, as its files do).
    /// </summary>
    private async Task<(WorkPlan Plan, ReportManifest Manifest)> ReportAsync(RequestContext ctx, string planId, string reportId)
    {
        var plan = await scoped.ReadableAsync(ctx.Caller, planId, ctx.Aborted);
        var desk = ctx.Caller.MayReview(plan);
        if (!desk && !ctx.Caller.MayComment(plan))
            throw new ProblemException(Problems.Forbidden("Comments on reports are between civil-society observers and the ASEAN Secretariat."));
        if (!ReportStore.ReportIdPattern().IsMatch(reportId))
            throw new ProblemException(Problems.BadRequest("The report id is not valid.", "reportId", "use a reportId from GET /reports"));
        var manifest = await store.GetManifestAsync(plan.Id, reportId, ctx.Aborted);
        if (manifest is null || (manifest.Interim && !desk)) throw ReportEndpoints.NoSuchReport(plan.Id, reportId);
        return (plan, manifest);
    }

    /// <summary>What the caller may read of a consultation: the plan's secretariat all of it, an observer their own thread.</summary>
    public static IReadOnlyList<ReportComments.Stored> Visible(Caller caller, PlanRef plan, IReadOnlyList<ReportComments.Stored> all)
    {
        if (caller.MayReview(plan)) return all;
        if (!caller.MayComment(plan)) return [];
        var mine = all.Where(c => c.ReplyTo is null && c.AuthorId == caller.Id).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return all.Where(c => mine.Contains(c.Id) || (c.ReplyTo is { } to && mine.Contains(to))).ToList();
    }

    /// <summary>Each comment followed by its answers, threads in the order their comments were written.</summary>
    private static IEnumerable<ReportComments.Stored> Threaded(IReadOnlyList<ReportComments.Stored> seen)
    {
        foreach (var comment in seen.Where(c => c.ReplyTo is null))
        {
            yield return comment;
            foreach (var answer in seen.Where(a => a.ReplyTo == comment.Id)) yield return answer;
        }
    }

    private static CommentView View(Caller caller, ReportComments.Stored c, IReadOnlyList<ReportComments.Stored> all) => new()
    {
        Id = c.Id, ReportId = c.ReportId, ReplyTo = c.ReplyTo, Text = c.Text, By = c.AuthorName, Role = c.AuthorRole, At = c.At,
        Mine = c.AuthorId == caller.Id,
        Answered = c.ReplyTo is null ? all.Any(a => a.ReplyTo == c.Id) : null,
    };

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
