using Microsoft.Extensions.DependencyInjection;
using Reporting.Aggregation;
using Reporting.Reports;

namespace Reporting.Jobs;

/// <summary>
/// A timer job: its name (= the Functions method name), the app setting holding its 6-field NCrontab
/// schedule (the form Functions timer triggers use), that setting's default, and how to run it.
/// </summary>
public sealed record ScheduledJob(string Name, string ScheduleSetting, string DefaultSchedule, Func<IServiceProvider, CancellationToken, Task<object>> Run);

/// <summary>
/// The single table of timer jobs. The standalone server schedules exactly these; functions/ has one
/// timer function per row with <c>%ScheduleSetting%</c> (checked in functions.metadata by FunctionsMetadataTests).
/// </summary>
public static class ScheduledJobs
{
    public const string AggregationScheduleSetting = "AggregationSchedule";
    public const string ReportScheduleSetting = "ReportSchedule";

    public static readonly IReadOnlyList<ScheduledJob> All =
    [
        new(nameof(AggregateProgressJob.AggregateProgress), AggregationScheduleSetting, "0 */10 * * * *",
            async (sp, ct) => await sp.GetRequiredService<AggregateProgressJob>().AggregateProgress(ct)),
        new(nameof(GenerateReportsJob.GenerateReports), ReportScheduleSetting, "0 0 2 * * *",
            async (sp, ct) => await sp.GetRequiredService<GenerateReportsJob>().GenerateReports(ct)),
    ];
}
