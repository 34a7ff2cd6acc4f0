using Microsoft.AspNetCore.Http;
using Reporting.Http;

namespace Reporting.Access;

/// <summary>Who the API takes the caller to be and what they may do: what the web pages ask after sign-in to choose what to show.</summary>
public sealed class CallerEndpoints(RequestPipeline pipeline, ScopedPlans scoped)
{
    public sealed record CallerView
    {
        /// <summary>The strongest role held (admin, secretariat, focalPoint, observer).</summary>
        public required Role Role { get; init; }
        public string? State { get; init; }
        public required string Name { get; init; }
        /// <summary>apiKey or appServiceAuthentication.</summary>
        public required string Authentication { get; init; }
        /// <summary>Every assignment the caller holds: an API key's one, or a person's from the assignments table (and older app roles).</summary>
        public required List<Assignment> Assignments { get; init; }
        /// <summary>The plans in the caller's scope and what the caller may do in each.</summary>
        public required List<PlanAccessView> Plans { get; init; }
    }

    public sealed record PlanAccessView
    {
        public required string Id { get; init; }
        public required string Title { get; init; }
        public required string SectoralBody { get; init; }
        /// <summary>observer, focalPoint or secretariat (admins are secretariat everywhere).</summary>
        public required AccessLevel Access { get; init; }
    }

    public Task<IResult> GetCaller(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var caller = ctx.Caller;
            var plans = await scoped.ListReadableAsync(caller, ctx.Aborted);
            return ApiResults.Ok(new CallerView
            {
                Role = caller.Role,
                State = caller.State,
                Name = caller.Label,
                Authentication = caller.Id.StartsWith(CallerResolver.PrincipalPrefix, StringComparison.Ordinal) ? "appServiceAuthentication" : "apiKey",
                Assignments = [.. caller.Assignments],
                Plans = plans.Select(p => new PlanAccessView { Id = p.Id, Title = p.Title, SectoralBody = p.SectoralBody, Access = caller.LevelIn(p) }).ToList(),
            });
        });
}
