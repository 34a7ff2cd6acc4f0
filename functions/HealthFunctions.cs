using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;

namespace Reporting.Functions;

/// <summary>
/// Routing and binding only: each function hands its request to the core handler of the same name
/// (src/Reporting/Http/ApiEndpoints.cs). Anonymous at the Functions level because the core authenticates
/// (API key or App Service Authentication principal). FunctionsMetadataTests hold the SDK's generated functions.metadata
/// to the core's tables; FunctionsParityTests hold every body to one hand-off.
/// </summary>
public sealed class HealthFunctions(HealthEndpoints endpoints)
{
    [Function(nameof(GetHealth))]
    public Task<IResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request) =>
        endpoints.GetHealth(request);
}
