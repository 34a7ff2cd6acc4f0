using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reporting;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Evaluation;
using Reporting.Frameworks;
using Reporting.Plans;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;

// Evaluation benchmark (issue 16): plans of as many sectoral bodies serving the ASCC Blueprint 2025, side by side in one run
// against one Azurite. The evaluation reads the plan list, one partition of stored contributions and the dirty markers,
// then combines; it is timed against reading the same plans' stored aggregates alone. Then one submission of one plan
// changes, and the incremental run's evaluation work is counted: which contribution rows it computed and rewrote.
internal static class EvaluationBench
{
    private const string FrameworkId = "ascc-blueprint-2025";

    public static async Task RunAsync(BenchOptions options)
    {
        var count = options.EvaluationPlans;
        Console.WriteLine($"Evaluation benchmark: {count} plans (one per body) x {options.States} states x {options.Years} years x {options.Indicators} indicators, framework {FrameworkId}");

        await using var azurite = await Azurite.StartAsync();
        await using var provider = await BenchServices.StartAsync(azurite);

        var framework = provider.GetRequiredService<FrameworkDirectory>().Find(FrameworkId)
            ?? throw new InvalidOperationException($"The framework {FrameworkId} is not in the reference data.");
        var areas = framework.KeyResultAreas.Select(k => k.Code).ToList();
        // Each plan's four outcomes serve two areas each, spread so that together the plans serve most of the listed areas.
        var loader = new SyntheticData(provider, options, (plan, p) =>
        {
            plan.Framework = FrameworkId;
            plan.SectoralBody = $"BODY{p:D2}";
            for (var o = 0; o < plan.Outcomes.Count; o++)
            {
                plan.Outcomes[o].Serves = [areas[(p + o) % areas.Count], areas[(p + o + 5) % areas.Count]];
                plan.Outcomes[o].MappingSource = MappingSource.Project;
            }
        });
        await loader.LoadAsync(0, count);

        var job = provider.GetRequiredService<AggregateProgressJob>();
        var full = await job.RunAsync(fullRebuild: true, default);
        var aggregates = provider.GetRequiredService<AggregateStore>();
        var reader = provider.GetRequiredService<EvaluationReader>();
        var secretariat = Caller.With("bench", "bench secretariat", Role.Secretariat);
        var ids = Enumerable.Range(0, count).Select(SyntheticData.PlanId).ToList();

        // Alternated rounds, best of 7 each: the same machine state for both.
        var lastYear = SyntheticData.FirstYear + options.Years - 1;
        TimeSpan alone = TimeSpan.MaxValue, period = TimeSpan.MaxValue, oneYear = TimeSpan.MaxValue;
        EvaluationReader.Outcome read = null!;
        for (var round = 0; round < 7; round++)
        {
            alone = Min(alone, await Timing.BestOfAsync(1, async () => (await Task.WhenAll(ids.Select(id => aggregates.GetAsync(id, null, default)))).Count(a => a is not null)));
            var p = await Timing.BestOfAsync(1, () => reader.ReadWithOutcomeAsync(framework, null, secretariat, default));
            period = Min(period, p);
            read = p.Result;
            oneYear = Min(oneYear, await Timing.BestOfAsync(1, () => reader.ReadWithOutcomeAsync(framework, lastYear, secretariat, default)));
        }

        // One submission of plan 0 changes: the incremental run recomputes that plan and rewrites only its contribution rows.
        var before = await RowsAsync(provider);
        await loader.ChangeOneAsync();
        var incremental = await job.RunAsync(fullRebuild: false, default);
        var after = await RowsAsync(provider);
        var rewritten = after.Where(r => !before.TryGetValue(r.Key, out var at) || at != r.Value).Select(r => r.Key).ToList();
        var rewrittenPlans = rewritten.Select(k => k.Split('|')[0]).Distinct().ToList();
        var afterChange = await reader.ReadWithOutcomeAsync(framework, null, secretariat, default);

        Console.WriteLine();
        Console.WriteLine($"full aggregation: {full.PartitionsRecomputed} plan-years, {full.ContributionsComputed} contribution rows computed, {full.ContributionsWritten} written");
        Console.WriteLine($"reading the {count} plans' stored aggregates alone : {alone.TotalMilliseconds,8:N1} ms (best of 7)");
        Console.WriteLine($"evaluation, whole period {framework.FirstYear}-{framework.LastYear}          : {period.TotalMilliseconds,8:N1} ms (best of 7; {read.Stored} plans from stored contributions, {read.ComputedOnRead} computed on read)");
        Console.WriteLine($"evaluation, year {lastYear}                      : {oneYear.TotalMilliseconds,8:N1} ms (best of 7)");
        Console.WriteLine($"ratio evaluation / aggregates alone        : {period / alone,8:N2}   (goal <= 1.20)");
        Console.WriteLine($"ratio one year / aggregates alone          : {oneYear / alone,8:N2}");
        Console.WriteLine($"after one change in {SyntheticData.PlanId(0)}: {incremental.PartitionsRecomputed} plan-year recomputed, {incremental.ContributionsComputed} of {after.Count} contribution rows computed ({(double)incremental.ContributionsComputed / after.Count:P1}; that plan's share: {1.0 / count:P1}), {incremental.ContributionsWritten} rewritten");
        Console.WriteLine($"rows rewritten belong to                   : {(rewrittenPlans.Count == 0 ? "no plan" : string.Join(", ", rewrittenPlans))} ({rewritten.Count} rows: {string.Join(", ", rewritten)})");
        Console.WriteLine($"evaluation after the change                : {afterChange.Stored} plans from stored contributions, {afterChange.ComputedOnRead} computed on read");
    }

    private static TimeSpan Min<T>(TimeSpan best, (TimeSpan Best, T Result) run) => run.Best < best ? run.Best : best;

    /// <summary>Every stored contribution row of the framework and when it was written.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> RowsAsync(IServiceProvider provider)
    {
        var rows = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {FrameworkId}");
        await foreach (var e in provider.GetRequiredService<ReportingTables>().Evaluations.QueryAsync<TableEntity>(filter, select: ["RowKey", "ComputedAt"]))
            rows[e.RowKey] = e.GetDateTimeOffset("ComputedAt") ?? default;
        return rows;
    }
}
