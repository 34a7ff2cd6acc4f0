using NCrontab;
using Reporting.Jobs;

namespace Reporting.Server;

public sealed class SchedulerOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the timer jobs in this server (false when another instance or the Functions app runs them, and in most tests).</summary>
    public bool RunOnSchedule { get; set; } = true;
}

/// <summary>
/// The server's stand-in for Functions timer triggers: each job of <see cref="ScheduledJobs.All"/> runs on the
/// 6-field NCrontab expression in its app setting (same name and default as the Functions app).
/// </summary>
public sealed class JobScheduler(IServiceProvider services, IConfiguration configuration, Microsoft.Extensions.Options.IOptions<SchedulerOptions> options,
    TimeProvider clock, ILogger<JobScheduler> logger) : BackgroundService
{
    public static CrontabSchedule Parse(string expression) => CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public static string ScheduleOf(IConfiguration configuration, ScheduledJob job) => configuration[job.ScheduleSetting] is { Length: > 0 } s ? s : job.DefaultSchedule;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunOnSchedule) return Task.CompletedTask;
        return Task.WhenAll(ScheduledJobs.All.Select(job => LoopAsync(job, Parse(ScheduleOf(configuration, job)), stoppingToken)));
    }

    private async Task LoopAsync(ScheduledJob job, CrontabSchedule schedule, CancellationToken ct)
    {
        logger.LogInformation("Scheduled {Job} on {Schedule} ({Setting})", job.Name, ScheduleOf(configuration, job), job.ScheduleSetting);
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, clock, ct);
                logger.LogInformation("Timer fired for {Job}", job.Name);
                var result = await job.Run(services, ct);
                logger.LogInformation("{Job} finished: {Result}", job.Name, Reporting.Http.Json.Serialize(result));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed run leaves its dirty markers; the next tick repairs.
                logger.LogError(ex, "{Job} failed; it will run again at the next tick", job.Name);
            }
        }
    }
}
