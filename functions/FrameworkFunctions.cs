using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Frameworks;
using Reporting.Http;

namespace Reporting.Functions;

public sealed class FrameworkFunctions(FrameworkEndpoints endpoints)
{
    [Function(nameof(ListFrameworks))]
    public Task<IResult> ListFrameworks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Frameworks)] HttpRequest request) =>
        endpoints.ListFrameworks(request);

    [Function(nameof(GetFramework))]
    public Task<IResult> GetFramework(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Framework)] HttpRequest request,
        string frameworkId) =>
        endpoints.GetFramework(request, frameworkId);
}
