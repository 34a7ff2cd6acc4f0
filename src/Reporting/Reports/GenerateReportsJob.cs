using Microsoft.Extensions.Logging;
using Reporting.Jobs;
using Reporting.Plans;
using Reporting.Workflow;

namespace Reporting.Reports;

public sealed record ReportsRun(string Outcome, int Written, int Unchanged, IReadOnlyList<string> Reports);

/// <summary>
/// The timer: an annual report once a year's window has locked, and the end-of-plan report once the plan's last
/// year has locked. Unchanged data writes nothing, so a daily run is cheap and idempotent.
/// </summary>
public sealed class GenerateReportsJob(JobLease leases, PlanStore plans, WindowStore windows, ReportService reports, TimeProvider clock, ILogger<GenerateReportsJob> logger)
{
    public async Task<object> GenerateReports(CancellationToken ct) => await RunAsync(ct);

    public async Task<ReportsRun> RunAsync(CancellationToken ct)
    {
        await using var lease = await leases.TryAcquireAsync("generate-reports", ct);
        if (lease is null) return new ReportsRun("skipped: another run is in progress", 0, 0, []);
        var now = clock.GetUtcNow();
        int written = 0, unchanged = 0;
        var ids = new List<string>();
        foreach (var summary in await plans.ListAsync(ct))
        {
            var plan = await plans.GetCurrentAsync(summary.Id, ct);
            if (plan is null) continue;
            var locked = (await windows.ListAsync(plan.Id, ct)).Where(w => w.Value.IsLocked(now) && plan.CoversYear(w.Key)).Select(w => w.Key).Order().ToList();
            foreach (var year in locked)
                Count(await reports.GenerateAsync(plan, ReportKinds.Annual, year, ct));
            if (locked.Contains(plan.LastYear))
                Count(await reports.GenerateAsync(plan, ReportKinds.EndOfPlan, null, ct));
            await lease.RenewAsync(ct);
        }
        logger.LogInformation("Report generation finished: {Written} written, {Unchanged} unchanged", written, unchanged);
        return new ReportsRun("ran", written, unchanged, ids);

        void Count(ReportOutcome outcome)
        {
            if (outcome.Written) { written++; ids.Add(outcome.Manifest.ReportId); }
            else unchanged++;
        }
    }
}
