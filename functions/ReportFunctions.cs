using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.Reports;

namespace Reporting.Functions;

public sealed class ReportFunctions(ReportEndpoints endpoints)
{
    [Function(nameof(CreateReport))]
    public Task<IResult> CreateReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Reports)] HttpRequest request,
        string planId) =>
        endpoints.CreateReport(request, planId);

    [Function(nameof(ListReports))]
    public Task<IResult> ListReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Reports)] HttpRequest request,
        string planId) =>
        endpoints.ListReports(request, planId);

    [Function(nameof(GetReportFile))]
    public Task<IResult> GetReportFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReportFile)] HttpRequest request,
        string planId, string reportId, string file) =>
        endpoints.GetReportFile(request, planId, reportId, file);
}
