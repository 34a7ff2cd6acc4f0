using Reporting.Http;
using Reporting.Plans;

namespace Reporting.Access;

/// <summary>
/// The plans a caller may see. Every endpoint about a plan starts here, so a plan outside the caller's scope answers
/// exactly as a plan that does not exist: the same 404, before anything else about it is read or checked.
/// </summary>
public sealed class ScopedPlans(PlanStore plans)
{
    /// <summary>The plan's current version if the caller may read it; otherwise the 404 a missing plan gets.</summary>
    public async Task<WorkPlan> ReadableAsync(Caller caller, string planId, CancellationToken ct)
    {
        var plan = await plans.GetCurrentAsync(planId, ct);
        if (plan is null || !caller.MayReadPlan(plan)) throw NoSuchPlan(planId);
        return plan;
    }

    /// <summary>The current versions of the plans the caller may read (one query; the table's pointer rows carry the body).</summary>
    public async Task<IReadOnlyList<PlanStore.PlanSummary>> ListReadableAsync(Caller caller, CancellationToken ct) =>
        (await plans.ListAsync(ct)).Where(p => caller.MayReadPlan(p)).ToList();

    /// <summary>A readable plan where the caller must be its secretariat desk; 403 when the plan is in scope but the caller only reads it.</summary>
    public async Task<WorkPlan> ReviewableAsync(Caller caller, string planId, CancellationToken ct)
    {
        var plan = await ReadableAsync(caller, planId, ct);
        if (!caller.MayReview(plan))
            throw new ProblemException(Problems.Forbidden($"Only the ASEAN Secretariat desk for {plan.SectoralBody} may do this."));
        return plan;
    }

    public static ProblemException NoSuchPlan(string planId, string? version = null) =>
        new(Problems.NotFound($"There is no plan '{planId}'" + (version is null ? "." : $" version {version}.")));
}
