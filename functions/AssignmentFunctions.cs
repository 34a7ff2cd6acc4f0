using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Access;
using Reporting.Http;

namespace Reporting.Functions;

public sealed class AssignmentFunctions(AssignmentEndpoints endpoints)
{
    [Function(nameof(ListAssignments))]
    public Task<IResult> ListAssignments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Assignments)] HttpRequest request) =>
        endpoints.ListAssignments(request);

    [Function(nameof(CreateAssignment))]
    public Task<IResult> CreateAssignment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Assignments)] HttpRequest request) =>
        endpoints.CreateAssignment(request);

    [Function(nameof(RevokeAssignment))]
    public Task<IResult> RevokeAssignment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Assignment)] HttpRequest request,
        string principalId, string assignmentId) =>
        endpoints.RevokeAssignment(request, principalId, assignmentId);
}
