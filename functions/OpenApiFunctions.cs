using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.OpenApi;

namespace Reporting.Functions;

public sealed class OpenApiFunctions(OpenApiEndpoints endpoints)
{
    [Function(nameof(GetOpenApiDocument))]
    public Task<IResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApi)] HttpRequest request) =>
        endpoints.GetOpenApiDocument(request);
}
