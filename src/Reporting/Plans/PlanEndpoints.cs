using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.SectoralBodies;
using Reporting.Submissions;

namespace Reporting.Plans;

public sealed class PlanEndpoints(
    RequestPipeline pipeline,
    PlanStore plans,
    ScopedPlans scoped,
    SectoralBodyDirectory bodies,
    SubmissionStore submissions,
    DirtyMarkers dirty,
    FrameworkDirectory frameworks,
    TimeProvider clock,
    ILogger<PlanEndpoints> logger)
{
    /// <summary>The plans in the caller's scope only.</summary>
    public Task<IResult> ListPlans(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx => ApiResults.Revalidated(await scoped.ListReadableAsync(ctx.Caller, ctx.Aborted)));

    public Task<IResult> GetPlan(HttpRequest request, string planId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var asked = ctx.Query("version");
            // Scope follows the current version's body (a plan's body never changes between versions once it is a known one).
            var current = await plans.GetCurrentAsync(planId, ctx.Aborted);
            if (current is null || !ctx.Caller.MayReadPlan(current)) throw ScopedPlans.NoSuchPlan(planId, asked);
            var plan = current;
            if (asked is not null)
            {
                if (!int.TryParse(asked, out var version) || version < 1)
                    throw new ProblemException(Problems.BadRequest("The version is not valid.", "version", "must be a whole number, 1 or more"));
                plan = await plans.GetVersionAsync(planId, version, ctx.Aborted) ?? throw ScopedPlans.NoSuchPlan(planId, asked);
            }
            // A version never changes, so the browser keeps it; the current one is checked again each time (304 if unchanged).
            return ApiResults.Ok(plan, $"\"v{plan.Version}\"").With(cacheControl: asked is null ? ApiResults.Revalidate : ApiResults.Immutable);
        });

    /// <summary>Creates a plan, or its next version. A version may not drop or re-kind an indicator that already has data.</summary>
    public Task<IResult> PutPlan(HttpRequest request, string planId) =>
        pipeline.RunAsync(request, Requirement.Admin, async ctx =>
        {
            var plan = Json.ParseAndBind<WorkPlan>(ctx.Body);
            var errors = PlanValidator.Validate(plan, frameworks, planId, bodies);
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The plan is not valid"));
            if (!PlanStore.FitsInStorage(Json.Serialize(plan)))
                throw new ProblemException(Problems.TooLarge(RequestPipeline.MaxBodyBytes / 2));

            var pointer = await plans.GetPointerAsync(planId, ctx.Aborted);
            var next = (pointer?.Version ?? 0) + 1;
            if (plan.Version is { } asked && asked != next)
                throw new ProblemException(Problems.Conflict("version-conflict", "Wrong plan version",
                    $"The next version of {planId} is {next}; the document says {asked}. Leave version out to take the next one."));
            if (ctx.IfMatch is { } ifMatch && pointer is { } p && ifMatch != "*" && ifMatch != $"\"v{p.Version}\"")
                throw new ProblemException(Problems.PreconditionFailed($"The plan is now at version {p.Version}."));

            if (pointer is not null)
            {
                var current = (await plans.GetVersionAsync(planId, pointer.Value.Version, ctx.Aborted))!;
                // Access is granted per body: moving a plan to another body would silently hand it to other people. A plan
                // stored before bodies were codes (an unknown body) may be given its code once.
                if (bodies.IsKnown(current.SectoralBody) && plan.SectoralBody != current.SectoralBody)
                    throw new ProblemException(Problems.Conflict(ProblemCodes.SectoralBodyFixed, "A plan's sectoral body cannot change",
                        $"{planId} belongs to {current.SectoralBody}; a plan of another body is a new plan with its own id.",
                        [new ProblemError("/sectoralBody", $"must stay {current.SectoralBody}")]));
                var used = await submissions.IndicatorsWithValuesAsync(planId, ctx.Aborted);
                var orphaned = current.Indicators
                    .Where(i => used.Contains(i.Code))
                    .Select(i => (Old: i, New: plan.FindIndicator(i.Code)))
                    .Where(x => x.New is null || x.New.Kind != x.Old.Kind)
                    .Select(x => new ProblemError($"/indicators/{x.Old.Code}",
                        x.New is null ? $"indicator {x.Old.Code} has submissions and cannot be removed" : $"indicator {x.Old.Code} has submissions and cannot change kind from {x.Old.Kind} to {x.New.Kind}"))
                    .ToList();
                if (orphaned.Count > 0)
                    throw new ProblemException(Problems.Conflict("indicators-in-use", "The new version would orphan reported data",
                        $"{orphaned.Count} indicator(s) with submissions would be removed or changed: {string.Join(", ", orphaned.Select(o => o.Pointer.Split('/')[^1]))}.", orphaned));
            }

            if (!await plans.SaveVersionAsync(plan, next, pointer?.ETag, ctx.Caller.Id, ctx.Aborted))
                throw new ProblemException(Problems.PreconditionFailed("Another version of this plan was saved at the same moment. Reload and try again."));
            logger.LogInformation("Saved plan {Plan} version {Version} by {Caller}", planId, next, ctx.Caller.Id);
            // Aggregates follow the plan's indicators: every year so far is recomputed by the next run.
            foreach (var year in plan.YearsSoFar(clock.GetUtcNow().Year))
                await dirty.MarkAsync(planId, year, ctx.Aborted);
            var etag = $"\"v{next}\"";
            return next == 1 ? ApiResults.Created(plan, $"/api/plans/{planId}", etag) : ApiResults.Ok(plan, etag);
        }, readsBody: true);
}
