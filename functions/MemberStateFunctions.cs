using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.MemberStates;

namespace Reporting.Functions;

public sealed class MemberStateFunctions(MemberStateEndpoints endpoints)
{
    [Function(nameof(ListMemberStates))]
    public Task<IResult> ListMemberStates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.MemberStates)] HttpRequest request) =>
        endpoints.ListMemberStates(request);
}
