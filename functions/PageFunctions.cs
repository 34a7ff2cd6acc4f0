using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Http;
using Reporting.Web;

namespace Reporting.Functions;

/// <summary>The web pages, published with the app as wwwroot (see Reporting.Functions.csproj and azure.yaml).</summary>
public sealed class PageFunctions(PageEndpoints endpoints)
{
    [Function(nameof(GetPage))]
    public Task<IResult> GetPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Page)] HttpRequest request, string path) =>
        endpoints.GetPage(request, path);
}
