using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.Submissions;

namespace Reporting.Functions;

public sealed class SubmissionFunctions(SubmissionEndpoints endpoints)
{
    [Function(nameof(ListSubmissions))]
    public Task<IResult> ListSubmissions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Submissions)] HttpRequest request,
        string planId, string year) =>
        endpoints.ListSubmissions(request, planId, year);

    [Function(nameof(ListStateSubmissions))]
    public Task<IResult> ListStateSubmissions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.StateSubmissions)] HttpRequest request,
        string state) =>
        endpoints.ListStateSubmissions(request, state);

    [Function(nameof(ListMySubmissions))]
    public Task<IResult> ListMySubmissions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.MySubmissions)] HttpRequest request) =>
        endpoints.ListMySubmissions(request);

    [Function(nameof(GetSubmission))]
    public Task<IResult> GetSubmission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Submission)] HttpRequest request,
        string planId, string year, string state) =>
        endpoints.GetSubmission(request, planId, year, state);

    [Function(nameof(PutSubmission))]
    public Task<IResult> PutSubmission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Submission)] HttpRequest request,
        string planId, string year, string state) =>
        endpoints.PutSubmission(request, planId, year, state);

    [Function(nameof(SubmitSubmission))]
    public Task<IResult> SubmitSubmission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Submit)] HttpRequest request,
        string planId, string year, string state) =>
        endpoints.SubmitSubmission(request, planId, year, state);

    [Function(nameof(ReviewSubmission))]
    public Task<IResult> ReviewSubmission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Review)] HttpRequest request,
        string planId, string year, string state) =>
        endpoints.ReviewSubmission(request, planId, year, state);

    [Function(nameof(GetSubmissionHistory))]
    public Task<IResult> GetSubmissionHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.History)] HttpRequest request,
        string planId, string year, string state) =>
        endpoints.GetSubmissionHistory(request, planId, year, state);

    [Function(nameof(GrantLockException))]
    public Task<IResult> GrantLockException(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.LockException)] HttpRequest request,
        string planId, string year, string state) =>
        endpoints.GrantLockException(request, planId, year, state);
}
