using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.SectoralBodies;

namespace Reporting.Functions;

public sealed class SectoralBodyFunctions(SectoralBodyEndpoints endpoints)
{
    [Function(nameof(ListSectoralBodies))]
    public Task<IResult> ListSectoralBodies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SectoralBodies)] HttpRequest request) =>
        endpoints.ListSectoralBodies(request);
}
