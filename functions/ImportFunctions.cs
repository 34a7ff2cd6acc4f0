using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.Import;

namespace Reporting.Functions;

public sealed class ImportFunctions(SpreadsheetEndpoints endpoints)
{
    [Function(nameof(GetTemplate))]
    public Task<IResult> GetTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Template)] HttpRequest request,
        string planId, string year) =>
        endpoints.GetTemplate(request, planId, year);

    [Function(nameof(ImportSubmission))]
    public Task<IResult> ImportSubmission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Import)] HttpRequest request,
        string planId, string year, string state) =>
        endpoints.ImportSubmission(request, planId, year, state);
}
