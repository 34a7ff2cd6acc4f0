using Reporting.Http;
using Reporting.OpenApi;
using Reporting.Server;

// `--openapi FILE` writes the OpenAPI document (the web build generates its API types from it) and exits.
if (args is ["--openapi", var file])
{
    File.WriteAllText(file, OpenApiDocumentBuilder.Json(ApiEndpoints.All));
    return;
}

var app = ServerApp.Build(args);
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Reporting API listening on {Address}/api (GET /api/health needs no key); web pages at {Pages}", ServerApp.BaseAddress(app), ServerApp.BaseAddress(app) + "/api/web/"));
await app.RunAsync();
