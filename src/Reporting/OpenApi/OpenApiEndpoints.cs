using System.Text;
using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;

namespace Reporting.OpenApi;

/// <summary>GET /api/openapi.json: the document integrators generate clients from, built once from the endpoint table.</summary>
public sealed class OpenApiEndpoints(RequestPipeline pipeline)
{
    private static readonly Lazy<byte[]> Document = new(() => Encoding.UTF8.GetBytes(OpenApiDocumentBuilder.Json(ApiEndpoints.All)));

    public Task<IResult> GetOpenApiDocument(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Anonymous, _ =>
            Task.FromResult(new ApiResult { Status = 200, ContentType = ApiResults.JsonType, Body = Document.Value }));
}
