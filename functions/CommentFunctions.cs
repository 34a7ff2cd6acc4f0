using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.Reports;

namespace Reporting.Functions;

public sealed class CommentFunctions(CommentEndpoints endpoints)
{
    [Function(nameof(ListReportComments))]
    public Task<IResult> ListReportComments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReportComments)] HttpRequest request,
        string planId, string reportId) =>
        endpoints.ListReportComments(request, planId, reportId);

    [Function(nameof(PostReportComment))]
    public Task<IResult> PostReportComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ReportComments)] HttpRequest request,
        string planId, string reportId) =>
        endpoints.PostReportComment(request, planId, reportId);
}
