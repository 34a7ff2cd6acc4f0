using System.Security.Cryptography;
using Reporting.Aggregation;
using Reporting.Http;
using Reporting.Jobs;

namespace Reporting.Reports;

/// <summary>
/// What every stored report (a plan's, a framework evaluation's) does before it is built: one generation of a report at a
/// time, fresh figures for the plans it covers; and how its content and files are hashed.
/// </summary>
public sealed class ReportGeneration(JobLease leases, AggregateProgressJob aggregation, DirtyMarkers dirty, TimeProvider clock)
{
    /// <summary>
    /// The report's lease (two secretariat clicks, or a click during the timer: the second waits, then finds the first one's
    /// version and writes nothing); 503 when another generation still holds it after two minutes.
    /// </summary>
    public async Task<JobLease.Held> LeaseAsync(string name, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromMinutes(2);
        while (true)
        {
            if (await leases.TryAcquireAsync(name, ct) is { } held) return held;
            if (clock.GetUtcNow() > deadline)
                throw new ProblemException(Problems.Create(503, "busy", "The report is being generated", "Another generation of this report is still running; try again in a minute.") with { RetryAfterSeconds = 30 });
            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }

    /// <summary>Runs aggregation until none of the plans is dirty; if another host is aggregating now, waits for it rather than report stale numbers.</summary>
    public async Task CatchUpAsync(IReadOnlyList<string> planIds, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 120 && await AnyDirtyAsync(planIds, ct); attempt++)
            if ((await aggregation.RunAsync(fullRebuild: false, ct)).Outcome != "ran")
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, ct);
    }

    private async Task<bool> AnyDirtyAsync(IReadOnlyList<string> planIds, CancellationToken ct)
    {
        foreach (var id in planIds)
            if (await dirty.IsDirtyAsync(id, null, ct)) return true;
        return false;
    }

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
