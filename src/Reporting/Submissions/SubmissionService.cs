using Azure;
using Microsoft.Extensions.Logging;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Storage;
using Reporting.Workflow;

namespace Reporting.Submissions;

/// <summary>The plan, year and state a request is about, after checking that they exist and the caller may touch them.</summary>
public sealed record SubmissionTarget(WorkPlan Plan, int Year, string State);

/// <summary>Saving, submitting and reviewing one submission: validation, workflow, window, concurrency and history together.</summary>
public sealed class SubmissionService(
    ScopedPlans scoped,
    SubmissionStore store,
    WindowStore windows,
    MemberStateDirectory memberStates,
    DirtyMarkers dirty,
    FrameworkDirectory frameworks,
    TimeProvider clock,
    ShortCache<string, SubmissionStore.Loaded> recent,
    ILogger<SubmissionService> logger)
{
    public enum Decision { Accept, Return }

    /// <summary>
    /// Resolves the address and checks the caller may act for that state in that plan. A focal point asking about another
    /// state is refused before anything is read, and a plan outside the caller's scope answers as one that does not exist,
    /// so the answer is the same whether the other state has a draft, or the other body a plan, or not.
    /// </summary>
    public async Task<SubmissionTarget> ResolveAsync(Caller caller, string planId, string yearText, string state, CancellationToken ct)
    {
        if (!caller.MightActForState(state)) throw NotForYou(caller);
        var (plan, year) = await ResolvePlanYearAsync(caller, planId, yearText, ct);
        if (!caller.MayActForState(plan, state)) throw NotForYou(caller);
        var member = memberStates.Find(state)
            ?? throw new ProblemException(Problems.BadRequest("Unknown member state.", "state", $"'{state}' is not an ASEAN member state code (e.g. THA, VNM)"));
        if (!member.MayReportFor(year))
            throw new ProblemException(Problems.BadRequest("Not a member state in that year.", "state", $"{member.Name} was not an ASEAN member state in {year}"));
        return new SubmissionTarget(plan, year, state);
    }

    /// <summary>The refusal for a submission the caller may not touch; it names nothing about the submission asked for.</summary>
    public static ProblemException NotForYou(Caller caller) => new(Problems.Forbidden(caller.State is { } own
        ? $"A focal point can only see and change its own state's submissions ({own})."
        : "Observers read final figures, completeness and final reports; submissions and drafts are not open to them."));

    /// <summary>A plan in the caller's scope (404 otherwise, as for a plan that does not exist) and a year inside it.</summary>
    public async Task<(WorkPlan Plan, int Year)> ResolvePlanYearAsync(Caller caller, string planId, string yearText, CancellationToken ct)
    {
        var plan = await scoped.ReadableAsync(caller, planId, ct);
        var year = plan.ParseYear(yearText, clock.GetUtcNow().Year);
        return (plan, year);
    }

    public async Task<Submission> GetAsync(SubmissionTarget t, CancellationToken ct)
    {
        var ticket = recent.Ticket;
        var loaded = await store.LoadAsync(t.Plan.Id, t.Year, t.State, ct);
        if (loaded.Submission is not null) recent.Set(Key(t), loaded, ticket);
        return loaded.Submission ?? throw new ProblemException(Problems.NotFound($"{t.State} has no submission for {t.Plan.Id} {t.Year} yet."));
    }

    /// <summary>
    /// Saves a draft. With <paramref name="lenient"/> (<see cref="LenientDraft"/>), <paramref name="input"/> holds only the valid
    /// parts; the left-out indicators and narrative keep what was stored, and the history records what was left out.
    /// </summary>
    public async Task<(Submission Submission, bool Created)> SaveAsync(Caller caller, SubmissionTarget t, SubmissionInput input, string? ifMatch, CancellationToken ct,
        string? action = null, string? comment = null, LenientDraft? lenient = null)
    {
        var errors = SubmissionValidator.Validate(t.Plan, input, frameworks);
        if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The submission is not valid"));
        // One reading of the clock and the window for the whole change, so every check sees the same moment.
        var now = clock.GetUtcNow();
        var window = await windows.GetAsync(t.Plan.Id, t.Year, ct);

        // Without If-Match the client means to create: try that straight away. The header is added, not replaced, so if
        // the submission exists the whole transaction fails and nothing is written; then read and answer as usual (428).
        // Not after the window locks, where a lock exception (read with the submission) decides.
        if (ifMatch is null && !recent.TryGet(Key(t), out _) && !window.IsLocked(now))
        {
            try
            {
                return await SaveAsync(caller, t, input, null, new SubmissionStore.Loaded(null, null, null), recent.Ticket, window, now, action, comment, lenient, ct);
            }
            catch (ProblemException e) when (e.Problem.Status == 412) { }
        }
        var ticket = recent.Ticket;
        var loaded = await LoadForChangeAsync(t, ifMatch, window, now, ct);
        return await SaveAsync(caller, t, input, ifMatch, loaded, ticket, window, now, action, comment, lenient, ct);
    }

    private async Task<(Submission Submission, bool Created)> SaveAsync(Caller caller, SubmissionTarget t, SubmissionInput input, string? ifMatch,
        SubmissionStore.Loaded loaded, long ticket, ReportingWindow window, DateTimeOffset now, string? action, string? comment, LenientDraft? lenient, CancellationToken ct)
    {
        var current = loaded.Submission;
        CheckPrecondition(current, ifMatch);
        if (current is not null && SubmissionWorkflow.CheckEditable(current.Status) is { } refused) throw new ProblemException(refused);
        CheckCalendar(t, window, loaded.LockException, now);

        var next = new Submission
        {
            PlanId = t.Plan.Id,
            PlanVersion = t.Plan.Version ?? 1,
            Year = t.Year,
            State = t.State,
            Status = current?.Status ?? SubmissionStatus.Draft,
            Revision = (current?.Revision ?? 0) + 1,
            Late = current?.Late ?? false,
            Values = input.Values.ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal),
            Narrative = lenient?.KeepsNarrative == true ? current?.Narrative : input.Narrative,
            Activities = input.Activities.Select(a => a!).ToList(),
            CreatedAt = current?.CreatedAt ?? now,
            CreatedBy = current?.CreatedBy ?? caller.Id,
            UpdatedAt = now,
            UpdatedBy = caller.Id,
            SubmittedAt = current?.SubmittedAt,
            ReviewedAt = current?.ReviewedAt,
            ReviewedBy = current?.ReviewedBy,
            ReviewComment = current?.ReviewComment,
            LockException = loaded.LockException,
        };
        // A lenient save leaves a part with a problem as it was stored: the figures saved before stay until valid ones replace them.
        foreach (var code in lenient?.KeptValues ?? new HashSet<string>())
            if (current?.Values.TryGetValue(code, out var kept) == true) next.Values[code] = kept;
        // Each new value serialized once; the old ones are the JSON storage holds. One comparison gives both the history's
        // list of changes and the rows to write.
        var nextJson = SubmissionStore.RowChanges.JsonOf(next.Values);
        var (rows, changes) = SubmissionStore.RowChanges.Compare(current, loaded.ValueJson, next, nextJson);
        var history = new HistoryEntry(next.Revision, now, caller.Id, caller.Role.ToString(), action ?? (current is null ? "created" : "updated"),
            current?.Status, next.Status, comment, changes, caller.Label, lenient?.ForHistory());
        // An edit leaves a draft a draft and a returned report returned, and aggregation counts neither (nor their
        // dates or flags), so no plan-year becomes stale: no dirty marker, one round trip fewer on every save.
        await WriteAsync(next, loaded, history, rows, nextJson, ticket, marksAggregates: false, ct);
        logger.LogInformation("Saved {Plan}/{Year}/{State} revision {Revision} by {Caller}, {LeftOut} entries left out", t.Plan.Id, t.Year, t.State, next.Revision, caller.Id,
            lenient?.LeftOut.Count ?? 0);
        return (lenient is null ? next : next.WithLeftOut(lenient.LeftOut), current is null);
    }

    public async Task<Submission> SubmitAsync(Caller caller, SubmissionTarget t, string? ifMatch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var window = await windows.GetAsync(t.Plan.Id, t.Year, ct);
        var ticket = recent.Ticket;
        var loaded = await LoadForChangeAsync(t, ifMatch, window, now, ct);
        var current = loaded.Submission ?? throw new ProblemException(Problems.NotFound($"{t.State} has no draft for {t.Plan.Id} {t.Year} to submit."));
        CheckPrecondition(current, ifMatch);
        if (SubmissionWorkflow.CheckSubmittable(current.Status) is { } refused) throw new ProblemException(refused);
        CheckCalendar(t, window, loaded.LockException, now);
        if (current.Values.Count == 0)
            throw new ProblemException(Problems.Validation([new ProblemError("/values", "add at least one indicator's figures before submitting")], "The submission is empty"));
        var stale = current.Values.Keys.Where(code => t.Plan.FindIndicator(code) is null).ToList();
        if (stale.Count > 0)
            throw new ProblemException(Problems.Validation(stale.Select(c => new ProblemError("/values/" + SubmissionValidator.Escape(c), $"indicator {c} is no longer in plan version {t.Plan.Version}")).ToList()));

        var next = Copy(current, caller, now);
        next.Status = SubmissionStatus.Submitted;
        next.SubmittedAt = now;
        next.Late = window.IsLate(now);
        var history = new HistoryEntry(next.Revision, now, caller.Id, caller.Role.ToString(), "submitted", current.Status, next.Status,
            next.Late ? "Submitted after the due date." : null, [], caller.Label);
        await WriteAsync(next, loaded, history, SubmissionStore.RowChanges.None, loaded.ValueJson, ticket, marksAggregates: true, ct);
        logger.LogInformation("Submitted {Plan}/{Year}/{State} by {Caller}, late {Late}", t.Plan.Id, t.Year, t.State, caller.Id, next.Late);
        return next;
    }

    public async Task<Submission> ReviewAsync(Caller caller, SubmissionTarget t, Decision decision, string? comment, string? ifMatch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var window = await windows.GetAsync(t.Plan.Id, t.Year, ct);
        var ticket = recent.Ticket;
        var loaded = await LoadForChangeAsync(t, ifMatch, window, now, ct);
        var current = loaded.Submission ?? throw new ProblemException(Problems.NotFound($"{t.State} has no submission for {t.Plan.Id} {t.Year}."));
        CheckPrecondition(current, ifMatch);
        if (SubmissionWorkflow.CheckReviewable(current.Status) is { } refused) throw new ProblemException(refused);

        var next = Copy(current, caller, now);
        next.Status = decision == Decision.Accept ? SubmissionStatus.Accepted : SubmissionStatus.Returned;
        next.ReviewedAt = now;
        next.ReviewedBy = caller.Id;
        next.ReviewComment = comment;
        var history = new HistoryEntry(next.Revision, now, caller.Id, caller.Role.ToString(), decision == Decision.Accept ? "accepted" : "returned",
            current.Status, next.Status, comment, [], caller.Label);
        await WriteAsync(next, loaded, history, SubmissionStore.RowChanges.None, loaded.ValueJson, ticket, marksAggregates: true, ct);
        logger.LogInformation("Reviewed {Plan}/{Year}/{State}: {Decision} by {Caller}", t.Plan.Id, t.Year, t.State, decision, caller.Id);
        return next;
    }

    public async Task<LockException> GrantLockExceptionAsync(Caller caller, SubmissionTarget t, DateTimeOffset until, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (until <= now)
            throw new ProblemException(Problems.Validation([new ProblemError("/until", "must be in the future")]));
        var exception = new LockException(until, caller.Id, now, reason);
        var loaded = await store.LoadAsync(t.Plan.Id, t.Year, t.State, ct);
        var history = new HistoryEntry(loaded.Submission?.Revision ?? 0, now, caller.Id, caller.Role.ToString(), "lock-exception-granted",
            loaded.Submission?.Status, loaded.Submission?.Status, $"Writes allowed until {until:yyyy-MM-dd HH:mm} UTC: {reason}", [], caller.Label);
        // The exception lives beside the header, outside its ETag: forget this instance's copy of the submission, before
        // (so no change starts from it) and after (so no read that began before the write leaves the old exception behind).
        recent.Remove(Key(t));
        bool saved;
        try
        {
            saved = await store.SaveLockExceptionAsync(t.Plan.Id, t.Year, t.State, exception, history, ct);
        }
        finally
        {
            recent.Remove(Key(t));
        }
        if (!saved)
            throw new ProblemException(Problems.Conflict("concurrent-change", "Try again", "Another change was recorded at the same moment."));
        logger.LogInformation("Lock exception for {Plan}/{Year}/{State} until {Until} by {Caller}", t.Plan.Id, t.Year, t.State, until, caller.Id);
        return exception;
    }

    /// <summary>
    /// Writes the change. When it can change what aggregation counts, the plan-year is marked dirty first, so a crash
    /// between the two leaves at worst a needless recount, never a missed change. Then this instance remembers what it
    /// wrote with the header's new storage ETag; when the outcome is not that (refused, unknown, no ETag), it forgets.
    /// </summary>
    private async Task WriteAsync(Submission next, SubmissionStore.Loaded loaded, HistoryEntry history, SubmissionStore.RowChanges rows,
        IReadOnlyDictionary<string, string>? valueJson, long ticket, bool marksAggregates, CancellationToken ct)
    {
        var key = SubmissionStore.PartitionOf(next.PlanId, next.Year, next.State);
        if (marksAggregates) await dirty.MarkAsync(next.PlanId, next.Year, ct);
        bool saved;
        ETag? headerETag;
        try
        {
            (saved, headerETag) = await store.SaveAsync(next, loaded.HeaderETag, history, rows, ct);
        }
        catch
        {
            // Storage failed or timed out: the transaction may or may not have been applied.
            recent.Remove(key);
            throw;
        }
        if (!saved || headerETag is null) recent.Remove(key);
        if (!saved)
            throw new ProblemException(Problems.PreconditionFailed("Someone else saved this submission while you were working. Reload it, check the changes, and save again."));
        if (headerETag is { } etag)
        {
            valueJson ??= SubmissionStore.RowChanges.JsonOf(next.Values);
            recent.Set(key, new SubmissionStore.Loaded(next, etag, loaded.LockException, valueJson), ticket);
        }
    }

    private static string Key(SubmissionTarget t) => SubmissionStore.PartitionOf(t.Plan.Id, t.Year, t.State);

    /// <summary>
    /// What a change starts from. When the client's If-Match names the revision this instance last read or saved,
    /// that copy stands in for a read: the transaction replaces the header only if its storage ETag is still the one
    /// remembered, so a change made elsewhere meanwhile (another instance) still ends in 412, never in a lost update.
    /// Not once the window is locked: then the lock exception decides, and it is written outside the header's ETag
    /// (possibly through another instance), so it is read from storage. In any doubt, storage is read.
    /// </summary>
    private async Task<SubmissionStore.Loaded> LoadForChangeAsync(SubmissionTarget t, string? ifMatch, ReportingWindow window, DateTimeOffset now, CancellationToken ct)
    {
        if (ifMatch is not null && !window.IsLocked(now) && recent.TryGet(Key(t), out var known)
            && known.Submission is { } s && known.HeaderETag is not null && ifMatch.Trim() == s.ETag)
            return known;
        return await store.LoadAsync(t.Plan.Id, t.Year, t.State, ct);
    }

    private static void CheckCalendar(SubmissionTarget t, ReportingWindow window, LockException? exception, DateTimeOffset now)
    {
        if (SubmissionWorkflow.CheckCalendar(t.Plan, window, exception, now) is { } refused) throw new ProblemException(refused);
    }

    private static void CheckPrecondition(Submission? current, string? ifMatch)
    {
        if (current is null)
        {
            if (ifMatch is not null && ifMatch != "*")
                throw new ProblemException(Problems.PreconditionFailed("If-Match was sent but no submission exists yet; leave If-Match out to create it."));
            return;
        }
        if (ifMatch is null)
            throw new ProblemException(Problems.PreconditionRequired($"This submission exists. Send If-Match: {current.ETag} (from your last read) so no one's changes are overwritten."));
        if (ifMatch != "*" && !ifMatch.Split(',').Select(s => s.Trim()).Contains(current.ETag))
            throw new ProblemException(Problems.PreconditionFailed($"The submission has changed since you read it (now {current.ETag}). Reload it, check the changes, and save again."));
    }

    private static Submission Copy(Submission s, Caller caller, DateTimeOffset now) => new()
    {
        PlanId = s.PlanId,
        PlanVersion = s.PlanVersion,
        Year = s.Year,
        State = s.State,
        Status = s.Status,
        Revision = s.Revision + 1,
        Late = s.Late,
        Values = s.Values,
        Narrative = s.Narrative,
        Activities = s.Activities,
        CreatedAt = s.CreatedAt,
        CreatedBy = s.CreatedBy,
        UpdatedAt = now,
        UpdatedBy = caller.Id,
        SubmittedAt = s.SubmittedAt,
        ReviewedAt = s.ReviewedAt,
        ReviewedBy = s.ReviewedBy,
        ReviewComment = s.ReviewComment,
        LockException = s.LockException,
    };
}
