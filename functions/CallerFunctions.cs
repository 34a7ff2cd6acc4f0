using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Access;
using Reporting.Http;

namespace Reporting.Functions;

public sealed class CallerFunctions(CallerEndpoints endpoints)
{
    [Function(nameof(GetCaller))]
    public Task<IResult> GetCaller(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Caller)] HttpRequest request) =>
        endpoints.GetCaller(request);
}
