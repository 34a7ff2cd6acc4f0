using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Reporting.Storage;

/// <summary>Blob containers the API uses (created by infra/app/storage.bicep in Azure, by the seeder locally). None is public.</summary>
public sealed class ReportingBlobs(BlobServiceClient service, IOptions<StorageOptions> options)
{
    /// <summary>Lease blobs that let one job run at a time across hosts and instances.</summary>
    public const string JobsName = "jobs";
    public const string ReportsName = "reports";

    public static readonly IReadOnlyList<string> AllNames = [JobsName, ReportsName];

    private readonly string prefix = options.Value.Prefix;

    public BlobContainerClient Jobs => service.GetBlobContainerClient(prefix + JobsName);
    public BlobContainerClient Reports => service.GetBlobContainerClient(prefix + ReportsName);

    public async Task CreateAllAsync(CancellationToken ct)
    {
        foreach (var name in AllNames)
            await service.GetBlobContainerClient(prefix + name).CreateIfNotExistsAsync(cancellationToken: ct);
    }
}
