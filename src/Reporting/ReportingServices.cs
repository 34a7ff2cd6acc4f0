using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Http;
using Reporting.Jobs;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Reports;
using Reporting.Storage;
using Reporting.Submissions;
using Reporting.Workflow;

namespace Reporting;

/// <summary>The one registration both hosts call: the standalone server and the Functions app get the same services.</summary>
public static class ReportingServices
{
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.IsConfigured, $"Set {StorageOptions.Section}:ConnectionString, or {StorageOptions.Section}:TableServiceUri and BlobServiceUri.")
            .ValidateOnStart();
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        services.AddOptions<ReferenceDataOptions>().BindConfiguration(ReferenceDataOptions.Section);

        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, sp) =>
            {
                var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
                Tune(options.Retry, storage);
                return storage.TableServiceUri is { } uri && string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new TableServiceClient(uri, Credential(storage), options)
                    : new TableServiceClient(storage.ConnectionString, options);
            });
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, sp) =>
            {
                var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
                Tune(options.Retry, storage);
                return storage.BlobServiceUri is { } uri && string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new BlobServiceClient(uri, Credential(storage), options)
                    : new BlobServiceClient(storage.ConnectionString, options);
            });
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReportingTables>();
        services.AddSingleton(typeof(ShortCache<,>));
        // Whole submissions (every value, as objects and as its stored JSON: tens of KiB each) are the large entries: fewer of them.
        services.AddSingleton(sp => new ShortCache<string, SubmissionStore.Loaded>(sp.GetRequiredService<IOptions<StorageOptions>>(), capacity: 2_000));
        services.AddSingleton<MemberStateDirectory>();
        services.AddSingleton<SectoralBodies.SectoralBodyDirectory>();
        services.AddSingleton<Frameworks.FrameworkDirectory>();
        services.AddSingleton<PlanStore>();
        services.AddSingleton<SubmissionStore>();
        services.AddSingleton<WindowStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<AssignmentStore>();
        services.AddSingleton<AssignmentRules>();
        services.AddSingleton<ScopedPlans>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<DirtyMarkers>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<RequestPipeline>();
        services.AddSingleton<SubmissionService>();
        services.AddSingleton<ReportingBlobs>();
        services.AddSingleton<JobLease>();
        services.AddSingleton<AggregateStore>();
        services.AddSingleton<AggregateProgressJob>();
        services.AddSingleton<Evaluation.ContributionStore>();
        services.AddSingleton<Evaluation.EvaluationReader>();
        services.AddSingleton<Evaluation.EvaluationReports>();
        services.AddSingleton<Evaluation.EvaluationEndpoints>();

        services.AddSingleton<HealthEndpoints>();
        services.AddSingleton<MemberStateEndpoints>();
        services.AddSingleton<Frameworks.FrameworkEndpoints>();
        services.AddSingleton<PlanEndpoints>();
        services.AddSingleton<WindowEndpoints>();
        services.AddSingleton<SubmissionEndpoints>();
        services.AddSingleton<KeyEndpoints>();
        services.AddSingleton<AssignmentEndpoints>();
        services.AddSingleton<SectoralBodies.SectoralBodyEndpoints>();
        services.AddSingleton<CallerEndpoints>();
        services.AddSingleton<SummaryEndpoints>();
        services.AddSingleton<Import.SpreadsheetEndpoints>();
        services.AddSingleton<SummaryReader>();
        services.AddSingleton<NarrativeReader>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportGeneration>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<GenerateReportsJob>();
        services.AddSingleton<ReportEndpoints>();
        services.AddSingleton<ReportComments>();
        services.AddSingleton<CommentEndpoints>();
        services.AddSingleton<OpenApi.OpenApiEndpoints>();
        services.AddOptions<Web.WebOptions>().BindConfiguration(Web.WebOptions.Section);
        services.AddSingleton<Web.PageEndpoints>();

        services.AddSingleton<Seeder>();
        services.AddHostedService<SeedOnStart>();
        return services;
    }

    /// <summary>Few, quick retries: a focal point on a slow line should get a clear 503 in seconds, not a hang.</summary>
    private static void Tune(RetryOptions retry, StorageOptions storage)
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(storage.NetworkTimeoutSeconds);
    }

    private static TokenCredential Credential(StorageOptions storage) =>
        string.Equals(storage.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(storage.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(storage.ClientId))
            : new DefaultAzureCredential();
}
