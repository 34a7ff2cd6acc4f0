using Reporting.Http;
using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Workflow;

/// <summary>
/// The rules of Draft → Submitted → Accepted, or Submitted → Returned → edited → Submitted.
/// Pure functions of status, window, plan and clock; each refusal carries a typed reason (the problem's <c>code</c>).
/// </summary>
public static class SubmissionWorkflow
{
    public static class Reasons
    {
        public const string Accepted = "accepted";
        public const string UnderReview = "under-review";
        public const string WindowLocked = "window-locked";
        public const string WindowNotOpen = "window-not-open";
        public const string PlanClosed = "plan-closed";
        public const string NotSubmitted = "not-submitted";
    }

    /// <summary>Refuses a focal-point write (save or submit) when the calendar forbids it.</summary>
    public static Problem? CheckCalendar(WorkPlan plan, ReportingWindow window, LockException? exception, DateTimeOffset now)
    {
        if (plan.ClosedOn is { } closed && DateOnly.FromDateTime(now.UtcDateTime) > closed)
            return Problems.Conflict(Reasons.PlanClosed, "The plan is closed",
                $"Plan {plan.Id} closed on {closed:yyyy-MM-dd}; its submissions can no longer change.");
        if (!window.IsOpen(now))
            return Problems.Conflict(Reasons.WindowNotOpen, "Reporting has not opened yet",
                $"Reporting opens on {window.Opens:yyyy-MM-dd HH:mm} UTC.");
        if (window.IsLocked(now) && !(exception is { } e && e.Until > now))
            return Problems.Conflict(Reasons.WindowLocked, "The reporting window is locked",
                $"Reporting locked on {window.Locks:yyyy-MM-dd HH:mm} UTC. The ASEAN Secretariat can grant your state a lock exception.");
        return null;
    }

    /// <summary>Only drafts and returned submissions can be edited.</summary>
    public static Problem? CheckEditable(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Accepted => Problems.Conflict(Reasons.Accepted, "The submission is accepted",
            "An accepted submission is the official record and cannot change."),
        SubmissionStatus.Submitted => Problems.Conflict(Reasons.UnderReview, "The submission is under review",
            "The secretariat is reviewing this submission. Ask them to return it if it needs changes."),
        _ => null,
    };

    public static Problem? CheckSubmittable(SubmissionStatus status) => CheckEditable(status);

    public static Problem? CheckReviewable(SubmissionStatus status) => status == SubmissionStatus.Submitted
        ? null
        : Problems.Conflict(Reasons.NotSubmitted, "Only a submitted report can be reviewed",
            $"This submission is {status.ToString().ToLowerInvariant()}; it can be reviewed once the focal point submits it.");
}
