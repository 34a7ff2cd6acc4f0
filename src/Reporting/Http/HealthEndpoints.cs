using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Storage;

namespace Reporting.Http;

public sealed class HealthEndpoints(RequestPipeline pipeline, ReportingTables tables)
{
    public sealed record HealthStatus
    {
        public required string Status { get; init; }
        public required string Storage { get; init; }
    }

    /// <summary>Anonymous liveness plus a storage round trip, so a probe sees a storage outage as 503.</summary>
    public Task<IResult> GetHealth(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Anonymous, async ctx =>
        {
            await foreach (var _ in tables.Plans.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ctx.Aborted).AsPages())
                break;
            return ApiResults.Ok(new HealthStatus { Status = "ok", Storage = "ok" });
        });
}
