using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing.Template;
using Reporting;
using Reporting.Http;

namespace Reporting.Server;

/// <summary>
/// The standalone host: ASP.NET Core (Kestrel) serving the core's endpoint table under /api, as the
/// Functions app does. Used to run locally, in tests and in a container.
/// </summary>
public static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        // The pipeline answers 413 itself (1 MiB JSON, 5 MiB files); Kestrel's cap only stops abuse beyond that.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 2L * RequestPipeline.MaxFileBytes);
        builder.Services.AddReporting();
        builder.Services.AddOptions<DevKeysOptions>().BindConfiguration(DevKeysOptions.Section);
        builder.Services.AddHostedService<DevKeys>();
        builder.Services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section);
        builder.Services.AddHostedService<JobScheduler>();
        configure?.Invoke(builder);

        // A bad schedule fails the start, not the first tick.
        foreach (var job in Reporting.Jobs.ScheduledJobs.All) JobScheduler.Parse(JobScheduler.ScheduleOf(builder.Configuration, job));

        var app = builder.Build();
        foreach (var endpoint in ApiEndpoints.All)
        {
            var e = endpoint;
            app.MapMethods($"/{Routes.Prefix}/{e.Route}", [e.Verb], async context =>
            {
                var result = await e.Invoke(context.RequestServices, context.Request);
                await result.ExecuteAsync(context);
            }).WithName(e.Name);
        }
        // The pages live under the API prefix (as in the Functions app, which owns only /api); the site root leads there.
        app.MapGet("/", () => Results.Redirect($"/{Routes.Prefix}/web/", permanent: false, preserveMethod: true));
        // A known path asked with a method it lacks is 405 with Allow (HTTP's answer); an unknown path is 404.
        // The Functions host answers both with its own bare 404 before the app sees them (docs/architecture.md).
        var templates = ApiEndpoints.All.GroupBy(e => e.Route)
            .Select(g => (Matcher: new TemplateMatcher(TemplateParser.Parse($"{Routes.Prefix}/{g.Key}"), new RouteValueDictionary()), Verbs: g.Select(e => e.Verb).ToList()))
            .ToList();
        app.MapFallback($"/{Routes.Prefix}/{{**rest}}", context =>
        {
            var path = context.Request.Path.Value ?? "";
            var allowed = templates.Where(t => t.Matcher.TryMatch(path, new RouteValueDictionary())).SelectMany(t => t.Verbs).Distinct().ToList();
            var problem = allowed.Count > 0
                ? Problems.MethodNotAllowed(context.Request.Method, path, allowed)
                : Problems.NotFound($"No endpoint {context.Request.Method} {context.Request.Path}. See README.md for the API.");
            return ApiResults.Problem(problem).ExecuteAsync(context);
        });
        return app;
    }

    /// <summary>Where the server listens once started (the real port when configured with port 0).</summary>
    public static string BaseAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
