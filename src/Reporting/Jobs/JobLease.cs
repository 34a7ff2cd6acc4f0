using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Reporting.Storage;

namespace Reporting.Jobs;

/// <summary>
/// One run at a time across hosts and instances: a 60-second lease on <c>jobs/{job}.lock</c>, renewed as
/// the run goes. A crashed run's lease simply expires.
/// </summary>
public sealed class JobLease(ReportingBlobs blobs)
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);

    public sealed class Held(BlobLeaseClient lease) : IAsyncDisposable
    {
        public Task RenewAsync(CancellationToken ct) => lease.RenewAsync(cancellationToken: ct);

        public async ValueTask DisposeAsync()
        {
            try { await lease.ReleaseAsync(); }
            catch (RequestFailedException) { /* expired or lost: nothing to give back */ }
        }
    }

    /// <summary>The lease, or null when another run holds it.</summary>
    public async Task<Held?> TryAcquireAsync(string job, CancellationToken ct)
    {
        var blob = blobs.Jobs.GetBlobClient(job + ".lock");
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(Duration, cancellationToken: ct);
            return new Held(lease);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // First run on this storage account: make the lock blob, then try once more.
            await blobs.Jobs.CreateIfNotExistsAsync(cancellationToken: ct);
            try
            {
                await blob.UploadAsync(BinaryData.FromString(job), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
            }
            catch (RequestFailedException race) when (race.Status is 409 or 412)
            {
                // Another instance made it first: fine.
            }
            try
            {
                await lease.AcquireAsync(Duration, cancellationToken: ct);
                return new Held(lease);
            }
            catch (RequestFailedException again) when (again.Status == 409)
            {
                return null;
            }
        }
    }
}
