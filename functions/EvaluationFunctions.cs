using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Evaluation;
using Reporting.Http;

namespace Reporting.Functions;

public sealed class EvaluationFunctions(EvaluationEndpoints endpoints)
{
    [Function(nameof(GetEvaluation))]
    public Task<IResult> GetEvaluation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Evaluation)] HttpRequest request,
        string frameworkId) =>
        endpoints.GetEvaluation(request, frameworkId);

    [Function(nameof(CreateEvaluationReport))]
    public Task<IResult> CreateEvaluationReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EvaluationReports)] HttpRequest request,
        string frameworkId) =>
        endpoints.CreateEvaluationReport(request, frameworkId);

    [Function(nameof(ListEvaluationReports))]
    public Task<IResult> ListEvaluationReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EvaluationReports)] HttpRequest request,
        string frameworkId) =>
        endpoints.ListEvaluationReports(request, frameworkId);

    [Function(nameof(GetEvaluationReportFile))]
    public Task<IResult> GetEvaluationReportFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EvaluationReportFile)] HttpRequest request,
        string frameworkId, string evaluationId, string evaluationFile) =>
        endpoints.GetEvaluationReportFile(request, frameworkId, evaluationId, evaluationFile);
}
