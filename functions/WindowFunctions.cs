using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.Workflow;

namespace Reporting.Functions;

public sealed class WindowFunctions(WindowEndpoints endpoints)
{
    [Function(nameof(GetWindow))]
    public Task<IResult> GetWindow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Window)] HttpRequest request,
        string planId, string year) =>
        endpoints.GetWindow(request, planId, year);

    [Function(nameof(PutWindow))]
    public Task<IResult> PutWindow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Window)] HttpRequest request,
        string planId, string year) =>
        endpoints.PutWindow(request, planId, year);
}
