using Microsoft.AspNetCore.Http;
using Reporting.Http;

namespace Reporting.Access;

/// <summary>Who the API takes the caller to be: what the web pages ask after sign-in to choose what to show.</summary>
public sealed class CallerEndpoints(RequestPipeline pipeline)
{
    public sealed record CallerView
    {
        public required Role Role { get; init; }
        public string? State { get; init; }
        public required string Name { get; init; }
        /// <summary>apiKey or appServiceAuthentication.</summary>
        public required string Authentication { get; init; }
    }

    public Task<IResult> GetCaller(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, ctx => Task.FromResult(ApiResults.Ok(new CallerView
        {
            Role = ctx.Caller.Role,
            State = ctx.Caller.State,
            Name = ctx.Caller.Label,
            Authentication = ctx.Caller.Id.StartsWith("aad:", StringComparison.Ordinal) ? "appServiceAuthentication" : "apiKey",
        })));
}
