using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reporting;

var builder = FunctionsApplication.CreateBuilder(args);

// The worker's log filters (appsettings.json beside the binary: Azure SDK categories at Warning, Azure.Core at Error,
// so every storage call is not an Application Insights entry and expected 404/409 answers are not warnings), the
// same as the standalone server's (LoggingFilterTests). Read from the app's own folder whatever the working
// directory, and inserted first so app settings (Logging__LogLevel__...) still override it.
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
{
    Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
    Optional = false,
    ReloadOnChange = false,
});

// ASP.NET Core integration: triggers get the real HttpRequest, and the IResult each core handler returns is
// executed by the integration exactly as minimal APIs execute it in the standalone server.
builder.ConfigureFunctionsWebApplication();

// No serializer configuration, on purpose: every handler returns ApiResult, an IResult that writes bytes the
// core has already serialized with its own Newtonsoft settings (src/Reporting/Http/Json.cs). Neither the
// worker's serializer nor ASP.NET Core's formatters ever touch an HTTP body.
builder.Services.AddReporting();

// The core's structured logs go from the worker straight to Application Insights.
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// Application Insights has local (key) auth disabled, so the worker signs its telemetry with the app's
// user-assigned identity: the one APPLICATIONINSIGHTS_AUTHENTICATION_STRING already names for the host.
if (TelemetryIdentity(builder.Configuration) is { } clientId)
    builder.Services.Configure<TelemetryConfiguration>(telemetry =>
        telemetry.SetAzureTokenCredential(new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))));

// The Application Insights logger provider adds a Warning-only rule by default; without removing it the
// Information logs (aggregation summaries, key creation) would never reach the workspace.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var warningOnly = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (warningOnly is not null) options.Rules.Remove(warningOnly);
});

builder.Build().Run();

// "ClientId=<guid>;Authorization=AAD" in Azure; absent locally, where telemetry is not sent anywhere.
static string? TelemetryIdentity(IConfiguration configuration) =>
    (configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] ?? "")
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(part => part.StartsWith("ClientId=", StringComparison.OrdinalIgnoreCase))
        .Select(part => part["ClientId=".Length..])
        .FirstOrDefault(id => id.Length > 0);
