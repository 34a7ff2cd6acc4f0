using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Functions;

/// <summary>
/// Both hosts filter the Azure SDK's log categories the same way: warnings and errors only, and the SDK's own
/// "error response" warnings (a 404 for a row that is not there yet, a 409 for a table that already exists: answers
/// the core expects) not at all. The standalone server reads src/Reporting.Server/appsettings.json; the Functions
/// worker the appsettings.json published with it. In Azure every log the worker lets through is an Application
/// Insights entry, and the real host showed 172 of them for 81 requests before the worker had these filters.
/// </summary>
public sealed class LoggingFilterTests
{
    private static string ServerSettings => Path.Combine(RepoPaths.Root, "src", "Reporting.Server", "appsettings.json");

    private static string WorkerSettings => FunctionsPackage.PathOf("appsettings.json");

    private static readonly string[] Probes =
    [
        "Azure", "Azure.Core", "Azure.Core.Pipeline", "Azure.Identity", "Azure.Data.Tables", "Azure.Storage.Blobs", "Azure.Messaging.EventHubs",
        "Reporting.Aggregation.AggregateProgressJob", "Reporting.Access.KeyEndpoints",
    ];

    [Fact]
    public void The_worker_filters_every_azure_sdk_category_as_the_standalone_server_does()
    {
        using var server = LoggerFactoryFrom(ServerSettings, new Recorder());
        using var worker = LoggerFactoryFrom(WorkerSettings, new Recorder());
        var categories = Probes.Concat(AzureCategories(ServerSettings)).Concat(AzureCategories(WorkerSettings)).Distinct().ToList();
        var differences = (
            from category in categories
            from level in Enum.GetValues<LogLevel>().Where(l => l != LogLevel.None)
            let onServer = server.CreateLogger(category).IsEnabled(level)
            let onWorker = worker.CreateLogger(category).IsEnabled(level)
            where onServer != onWorker
            select $"{category} at {level}: server {(onServer ? "logs" : "drops")} it, worker {(onWorker ? "logs" : "drops")} it").ToList();
        Assert.True(differences.Count == 0, "functions/appsettings.json and src/Reporting.Server/appsettings.json filter differently:\n" + string.Join("\n", differences));

        foreach (var factory in new[] { server, worker })
        {
            Assert.False(factory.CreateLogger("Azure.Core").IsEnabled(LogLevel.Warning), "Azure.Core warnings are the SDK's expected 404/409 answers");
            Assert.True(factory.CreateLogger("Azure.Core").IsEnabled(LogLevel.Error));
            Assert.False(factory.CreateLogger("Azure.Identity").IsEnabled(LogLevel.Information), "every Azure SDK call would be an Application Insights entry");
            Assert.True(factory.CreateLogger("Azure.Identity").IsEnabled(LogLevel.Warning));
            Assert.True(factory.CreateLogger("Reporting.Aggregation.AggregateProgressJob").IsEnabled(LogLevel.Information), "the app's own summaries must reach Application Insights");
        }
    }

    [Fact]
    public async Task Expected_404_and_409_storage_answers_and_routine_sdk_calls_leave_no_log_entry_through_the_worker_filters()
    {
        var recorder = new Recorder();
        await StorageCallsWith(WorkerSettings, recorder);
        // The SDK's log forwarder listens process-wide, so other tests' storage calls may show here too: whatever their
        // source, nothing from Azure.Core below Error and nothing from Azure.* below Warning may get through.
        var leaked = recorder.Entries
            .Where(e => e.Category.StartsWith("Azure", StringComparison.Ordinal))
            .Where(e => e.Level < (e.Category.StartsWith("Azure.Core", StringComparison.Ordinal) ? LogLevel.Error : LogLevel.Warning))
            .ToList();
        Assert.True(leaked.Count == 0, "Azure SDK entries got through the worker's filters:\n" + string.Join("\n", leaked.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task Without_the_filters_the_same_storage_calls_log_the_404_and_409_answers_as_warnings()
    {
        // The check above can fail: the very same calls, logged with no category filter, do produce the entries.
        var unfiltered = Path.Combine(Path.GetTempPath(), $"unfiltered-{Guid.NewGuid():N}.json");
        File.WriteAllText(unfiltered, """{ "Logging": { "LogLevel": { "Default": "Information" } } }""");
        try
        {
            var recorder = new Recorder();
            await StorageCallsWith(unfiltered, recorder);
            Assert.Contains(recorder.Entries, e => e.Category == "Azure.Core" && e.Level == LogLevel.Warning && e.Message.StartsWith("Error response", StringComparison.Ordinal) && e.Message.Contains(" 404 ", StringComparison.Ordinal));
            Assert.Contains(recorder.Entries, e => e.Category == "Azure.Core" && e.Level == LogLevel.Warning && e.Message.StartsWith("Error response", StringComparison.Ordinal) && e.Message.Contains(" 409 ", StringComparison.Ordinal));
            Assert.Contains(recorder.Entries, e => e.Category == "Azure.Core" && e.Level == LogLevel.Information);
        }
        finally
        {
            File.Delete(unfiltered);
        }
    }

    [Fact]
    public void Host_json_keeps_requests_and_counts_and_leaves_the_apps_own_logs_to_the_worker()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        var levels = host.RootElement.GetProperty("logging").GetProperty("logLevel").EnumerateObject()
            .ToDictionary(p => p.Name, p => Enum.Parse<LogLevel>(p.Value.GetString()!), StringComparer.OrdinalIgnoreCase);
        // Host.Results is the requests table and Host.Aggregator its per-function counts: below Information they vanish.
        Assert.Equal(LogLevel.Information, levels["Host.Results"]);
        Assert.Equal(LogLevel.Information, levels["Host.Aggregator"]);
        // The worker sends its own logs to Application Insights (Program.cs); the host's copies and its per-invocation
        // "Executing/Executed" lines would double them, so the host keeps only its warnings and errors.
        Assert.Equal(LogLevel.Warning, levels["Function"]);
        Assert.Equal(LogLevel.Warning, levels["default"]);
        var sampling = host.RootElement.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings");
        Assert.True(sampling.GetProperty("isEnabled").GetBoolean());
        var excluded = sampling.GetProperty("excludedTypes").GetString()!.Split(';');
        Assert.Contains("Request", excluded);
        Assert.Contains("Exception", excluded);
    }

    [Fact]
    public void The_worker_reads_its_log_filters_from_beside_its_binary_before_app_settings()
    {
        var program = File.ReadAllText(Path.Combine(RepoPaths.Root, "functions", "Program.cs"));
        Assert.Contains("Sources.Insert(0, new JsonConfigurationSource", program, StringComparison.Ordinal);
        Assert.Contains("Path.Combine(AppContext.BaseDirectory, \"appsettings.json\")", program, StringComparison.Ordinal);
    }

    /// <summary>The core's own storage clients (AddReporting, as both hosts register them) against Azurite, logging through the given file's filters.</summary>
    private static async Task StorageCallsWith(string settingsFile, Recorder recorder)
    {
        var azurite = await SharedAzurite.GetAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(settingsFile, optional: false);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ReportingStorage:ConnectionString"] = azurite.ConnectionString });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddProvider(recorder);
        builder.Services.AddReporting();
        using var host = builder.Build();

        // Resolving the client starts the SDK's log forwarder (Microsoft.Extensions.Azure), as in either host.
        var tables = host.Services.GetRequiredService<TableServiceClient>();
        var table = tables.GetTableClient("logfilter" + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync(); // 409 the SDK itself expects: logged at Information
        // 404 and 409 the core expects and handles (a read before the first save, an insert-first create that
        // finds the row there): the SDK logs both as Warning "Error response".
        var notFound = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("no-such-partition", "no-such-row"));
        Assert.Equal(404, notFound.Status);
        await table.AddEntityAsync(new TableEntity("partition", "row"));
        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("partition", "row")));
        Assert.Equal(409, conflict.Status);
        await table.DeleteAsync();
    }

    private static ILoggerFactory LoggerFactoryFrom(string settingsFile, ILoggerProvider provider)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(settingsFile, optional: false).Build();
        return LoggerFactory.Create(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddProvider(provider);
        });
    }

    private static IEnumerable<string> AzureCategories(string settingsFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(settingsFile));
        return doc.RootElement.GetProperty("Logging").GetProperty("LogLevel").EnumerateObject()
            .Select(p => p.Name).Where(n => n.StartsWith("Azure", StringComparison.Ordinal)).ToList();
    }

    private sealed record Entry(string Category, LogLevel Level, string Message);

    /// <summary>Keeps every entry the filters let through.</summary>
    private sealed class Recorder : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}
