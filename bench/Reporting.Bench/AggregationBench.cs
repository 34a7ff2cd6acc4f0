using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reporting;
using Reporting.Aggregation;
using Reporting.Plans;
using Reporting.Storage;
using Reporting.Submissions;
using Reporting.Tests.Infrastructure;

// Aggregation benchmark (issue: timer aggregation). Everything is measured side by side in one run against
// one Azurite, and reported as ratios: absolute times on a shared 2-core machine are noise.
internal static class AggregationBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine($"Aggregation benchmark: {options.Plans} plans x {options.States} states x {options.Years} years x {options.Indicators} indicators");

        await using var azurite = await Azurite.StartAsync();
        await using var provider = await BenchServices.StartAsync(azurite);

        var loader = new SyntheticData(provider, options);
        var half = options.Plans / 2;

        // 1. Half the data set, full aggregation, peak memory (on a rerun, as for the whole set below: a rerun also reads the stored aggregates).
        await loader.LoadAsync(0, half);
        await provider.GetRequiredService<AggregateProgressJob>().RunAsync(fullRebuild: true, default);
        var (_, peakHalf) = await Timing.PeakManagedAsync(() => provider.GetRequiredService<AggregateProgressJob>().RunAsync(fullRebuild: true, default));

        // 2. The whole data set.
        await loader.LoadAsync(half, options.Plans);
        var tables = provider.GetRequiredService<ReportingTables>();
        var scan = await Timing.BestOfAsync(3, async () =>
        {
            var rows = 0;
            var filter = TableClient.CreateQueryFilter($"RowKey lt {"history|"} or RowKey gt {"history|~"}");
            await foreach (var _ in tables.Submissions.QueryAsync<TableEntity>(filter)) rows++;
            return rows;
        });
        var job = provider.GetRequiredService<AggregateProgressJob>();
        await job.RunAsync(fullRebuild: true, default);
        AggregationRun full = null!;
        long peakFull = 0;
        var aggregate = await Timing.BestOfAsync(3, async () =>
        {
            (full, var peak) = await Timing.PeakManagedAsync(() => job.RunAsync(fullRebuild: true, default));
            peakFull = Math.Max(peakFull, peak);
            return full.RowsRead;
        });

        // 3. One submission changes: the incremental run reads that plan-year only.
        await loader.ChangeOneAsync();
        var incremental = await job.RunAsync(fullRebuild: false, default);

        Console.WriteLine();
        Console.WriteLine($"submission rows (no history)        : {scan.Result:N0}");
        Console.WriteLine($"raw SDK scan of those rows          : {scan.Best.TotalMilliseconds,8:N0} ms (best of 3)");
        Console.WriteLine($"full aggregation (read + compute + write, {full.PartitionsRecomputed} plan-years): {aggregate.Best.TotalMilliseconds,8:N0} ms (best of 3)");
        Console.WriteLine($"ratio aggregation / scan            : {aggregate.Best / scan.Best,8:N2}   (goal <= 1.20)");
        Console.WriteLine($"incremental run after one change    : {incremental.PartitionsRecomputed} plan-year, {incremental.RowsRead:N0} rows read of {scan.Result:N0} ({(double)incremental.RowsRead / scan.Result:P2}), {incremental.ElapsedMs} ms");
        Console.WriteLine($"peak managed memory, {half} plans      : {peakHalf / 1048576.0,8:N1} MiB");
        Console.WriteLine($"peak managed memory, {options.Plans} plans     : {peakFull / 1048576.0,8:N1} MiB");
        Console.WriteLine($"ratio memory {options.Plans} / {half} plans          : {(double)peakFull / peakHalf,8:N2}   (goal: does not grow with submissions, ~1.0)");
    }
}

/// <summary>The core's services on a bench's own Azurite, seeded, without the sample plans.</summary>
internal static class BenchServices
{
    public static async Task<ServiceProvider> StartAsync(Azurite azurite, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ReportingStorage:ConnectionString"] = azurite.ConnectionString,
                ["ReferenceData:PlansFolder"] = "",
            }).Build());
        services.AddReporting();
        more?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Seeder>().SeedAsync(default);
        return provider;
    }
}

internal static class Timing
{
    public static async Task<(TimeSpan Best, T Result)> BestOfAsync<T>(int runs, Func<Task<T>> work)
    {
        var best = TimeSpan.MaxValue;
        T result = default!;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            result = await work();
            if (watch.Elapsed < best) best = watch.Elapsed;
        }
        return (best, result);
    }

    /// <summary>
    /// Runs the work while sampling the live managed heap (after a full collection) every 20 ms; returns the peak
    /// above the starting point. Live memory, not garbage awaiting collection, is what would grow with the data.
    /// </summary>
    public static async Task<(T Result, long Peak)> PeakManagedAsync<T>(Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var result = await work();
        stop.Cancel();
        await sampler;
        return (result, peak);
    }
}

/// <summary>Realistic shapes: counts with a sex breakdown, percentages, milestones; narratives in Thai; 3 activities each.</summary>
/// <param name="adapt">Shapes each plan further (the evaluation benchmark links them to a framework and gives them bodies).</param>
internal sealed class SyntheticData(IServiceProvider services, BenchOptions options, Action<WorkPlan, int>? adapt = null)
{
    public static readonly string[] StateCodes = ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM", "TLS"];
    public const int FirstYear = 2021;
    private readonly Random random = new(20261123);

    public static string PlanId(int p) => $"bench-plan-{p:D2}";

    public async Task LoadAsync(int fromPlan, int toPlan)
    {
        var plans = services.GetRequiredService<PlanStore>();
        var store = services.GetRequiredService<SubmissionStore>();
        var watch = Stopwatch.StartNew();
        var work = new List<Func<Task>>();
        for (var p = fromPlan; p < toPlan; p++)
        {
            var plan = Plan(p);
            await plans.SaveVersionAsync(plan, 1, null, "bench", default);
            for (var y = 0; y < options.Years; y++)
                foreach (var state in StateCodes.Take(options.States))
                {
                    var submission = Submission(plan, FirstYear + y, state);
                    work.Add(() => store.SaveAsync(submission, null, new HistoryEntry(1, submission.UpdatedAt, "bench", "FocalPoint", "created", null, submission.Status, null, []),
                        SubmissionStore.RowChanges.Compare(null, null, submission, null).Rows, default));
                }
        }
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, _) => await w());
        Console.WriteLine($"loaded plans {fromPlan}-{toPlan - 1}: {work.Count:N0} submissions in {watch.Elapsed.TotalSeconds:N1} s");
    }

    public async Task ChangeOneAsync()
    {
        var store = services.GetRequiredService<SubmissionStore>();
        var plan = Plan(0);
        var loaded = await store.LoadAsync(plan.Id, FirstYear + 1, "THA", default);
        var next = Submission(plan, FirstYear + 1, "THA");
        next.Revision = loaded.Submission!.Revision + 1;
        await services.GetRequiredService<DirtyMarkers>().MarkAsync(plan.Id, FirstYear + 1, default);
        await store.SaveAsync(next, loaded.HeaderETag, new HistoryEntry(next.Revision, DateTimeOffset.UtcNow, "bench", "FocalPoint", "updated", next.Status, next.Status, null, []),
            SubmissionStore.RowChanges.Compare(loaded.Submission, loaded.ValueJson, next, null).Rows, default);
    }

    private WorkPlan Plan(int p)
    {
        var plan = BuildPlan(PlanId(p), $"Benchmark plan {p}", options.Years, options.Indicators);
        adapt?.Invoke(plan, p);
        return plan;
    }

    /// <summary>A plan of 4 outcomes: counts (half of them split by sex), percentages and milestones in turn.</summary>
    public static WorkPlan BuildPlan(string id, string title, int years, int indicators)
    {
        var plan = new WorkPlan
        {
            Id = id, Version = 1, Title = title, SectoralBody = "BENCH", FirstYear = FirstYear, LastYear = FirstYear + years - 1,
            Goals = [new Goal { Code = "1", Text = "Goal" }],
            Outcomes = Enumerable.Range(1, 4).Select(o => new Outcome { Code = $"1.{o}", Text = $"Outcome {o}", Goals = ["1"] }).ToList(),
            Disaggregations = new() { ["sex"] = ["female", "male"] },
        };
        for (var i = 0; i < indicators; i++)
        {
            var kind = (i % 4) switch { 0 or 1 => IndicatorKind.Count, 2 => IndicatorKind.Percentage, _ => IndicatorKind.Milestone };
            plan.Indicators.Add(new Indicator
            {
                Code = $"I{i:D2}", Title = $"Indicator {i}", Outcome = $"1.{i % 4 + 1}", Kind = kind,
                StateAggregation = kind switch { IndicatorKind.Count => StateAggregation.Sum, IndicatorKind.Percentage => StateAggregation.WeightedMean, _ => StateAggregation.CountYes },
                YearAggregation = kind == IndicatorKind.Count ? YearAggregation.Sum : YearAggregation.Latest,
                Disaggregations = i % 4 == 0 ? ["sex"] : [],
                Baseline = new Reporting.Plans.Measure { Value = 0, Year = FirstYear - 1 }, Target = new Reporting.Plans.Measure { Value = kind == IndicatorKind.Percentage ? 80 : 1000, Year = FirstYear + years - 1 },
            });
        }
        return plan;
    }

    internal Submission Submission(WorkPlan plan, int year, string state)
    {
        var values = new Dictionary<string, IndicatorValue>();
        foreach (var i in plan.Indicators)
        {
            values[i.Code] = i.Kind switch
            {
                IndicatorKind.Count when i.Disaggregations.Count > 0 => Split(random.Next(0, 500)),
                IndicatorKind.Count => new IndicatorValue { Value = random.Next(0, 500) },
                IndicatorKind.Percentage => Rate(),
                _ => new IndicatorValue { Achieved = random.Next(2) == 1, EvidenceUrl = "https://example.gov/evidence.pdf" },
            };
        }
        values[plan.Indicators[0].Code].Narrative = "ความคืบหน้าของการดำเนินงานตามแผนงานในปีนี้เป็นไปตามเป้าหมาย";
        var status = random.Next(3) == 0 ? SubmissionStatus.Submitted : SubmissionStatus.Accepted;
        var at = new DateTimeOffset(year + 1, 3, 1, 0, 0, 0, TimeSpan.Zero);
        return new Submission
        {
            PlanId = plan.Id, PlanVersion = 1, Year = year, State = state, Status = status, Revision = 1, Values = values,
            Narrative = "Overall progress", CreatedAt = at, CreatedBy = "bench", UpdatedAt = at, UpdatedBy = "bench", SubmittedAt = at,
            Activities = Enumerable.Range(0, 3).Select(a => new Reporting.Submissions.Activity
            {
                Title = $"Activity {random.Next(10)}", Outcome = $"1.{a + 1}", Importance = random.Next(1, 4),
                // A plan that serves a framework: its first activity names a key result area, the others count through their outcome.
                Kra = a == 0 && plan.Outcomes[0].Serves.Count > 0 ? plan.Outcomes[0].Serves[0] : null,
            }).ToList(),
        };
    }

    private static IndicatorValue Split(int total) => new()
    {
        Value = total,
        Disaggregation = new() { ["sex"] = new() { ["female"] = total / 2, ["male"] = total - total / 2 } },
    };

    private IndicatorValue Rate()
    {
        var den = random.Next(100, 10_000);
        return new IndicatorValue { Numerator = random.Next(0, den), Denominator = den };
    }
}
