using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.Plans;

namespace Reporting.Functions;

public sealed class PlanFunctions(PlanEndpoints endpoints)
{
    [Function(nameof(ListPlans))]
    public Task<IResult> ListPlans(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Plans)] HttpRequest request) =>
        endpoints.ListPlans(request);

    [Function(nameof(GetPlan))]
    public Task<IResult> GetPlan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Plan)] HttpRequest request,
        string planId) =>
        endpoints.GetPlan(request, planId);

    [Function(nameof(PutPlan))]
    public Task<IResult> PutPlan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Plan)] HttpRequest request,
        string planId) =>
        endpoints.PutPlan(request, planId);
}
