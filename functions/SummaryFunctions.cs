using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Aggregation;
using Reporting.Http;

namespace Reporting.Functions;

public sealed class SummaryFunctions(SummaryEndpoints endpoints)
{
    [Function(nameof(GetSummary))]
    public Task<IResult> GetSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Summary)] HttpRequest request,
        string planId) =>
        endpoints.GetSummary(request, planId);

    [Function(nameof(GetCompleteness))]
    public Task<IResult> GetCompleteness(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Completeness)] HttpRequest request,
        string planId) =>
        endpoints.GetCompleteness(request, planId);

    [Function(nameof(GetPending))]
    public Task<IResult> GetPending(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Pending)] HttpRequest request,
        string planId) =>
        endpoints.GetPending(request, planId);

    [Function(nameof(RunAggregation))]
    public Task<IResult> RunAggregation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RunAggregation)] HttpRequest request) =>
        endpoints.RunAggregation(request);
}
