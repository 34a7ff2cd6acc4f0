using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Reporting.Access;
using Reporting.Http;

namespace Reporting.Functions;

public sealed class KeyFunctions(KeyEndpoints endpoints)
{
    [Function(nameof(ListApiKeys))]
    public Task<IResult> ListApiKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApiKeys)] HttpRequest request) =>
        endpoints.ListApiKeys(request);

    [Function(nameof(CreateApiKey))]
    public Task<IResult> CreateApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ApiKeys)] HttpRequest request) =>
        endpoints.CreateApiKey(request);

    [Function(nameof(RevokeApiKey))]
    public Task<IResult> RevokeApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.ApiKey)] HttpRequest request,
        string keyId) =>
        endpoints.RevokeApiKey(request, keyId);
}
