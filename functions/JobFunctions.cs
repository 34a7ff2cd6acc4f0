using Microsoft.Azure.Functions.Worker;
using Reporting.Aggregation;
using Reporting.Reports;

namespace Reporting.Functions;

/// <summary>
/// Timer triggers for the core's jobs (src/Reporting/Jobs/ScheduledJobs.cs). Each schedule is an app setting
/// with the same name and default as the standalone server's scheduler, so one value drives both hosts.
/// The jobs log their own outcome and hold a blob lease, so overlapping runs on several instances are harmless.
/// </summary>
public sealed class JobFunctions(AggregateProgressJob aggregateProgress, GenerateReportsJob generateReports)
{
    [Function(nameof(AggregateProgress))]
    public Task AggregateProgress(
        [TimerTrigger("%AggregationSchedule%")] TimerInfo timer,
        CancellationToken ct) =>
        aggregateProgress.AggregateProgress(ct);

    [Function(nameof(GenerateReports))]
    public Task GenerateReports(
        [TimerTrigger("%ReportSchedule%")] TimerInfo timer,
        CancellationToken ct) =>
        generateReports.GenerateReports(ct);
}
