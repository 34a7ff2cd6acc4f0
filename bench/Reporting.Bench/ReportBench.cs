using System.Diagnostics;
using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reporting;
using Reporting.Aggregation;
using Reporting.Plans;
using Reporting.Reports;
using Reporting.Storage;
using Reporting.Submissions;
using Reporting.Tests.Infrastructure;

// Report benchmark (issue 12): an end-of-plan report for 11 states x 5 years x 80 indicators, generated whole (data,
// report.html with its charts, summary.xlsx, summary.csv, manifest) by the core's ReportService against a private
// Azurite. Every storage call it makes is timed by a pipeline policy, so the time beyond storage is what the core
// itself spends. Half and full size are measured side by side in one run: absolute times on a shared machine are noise.
internal static class ReportBench
{
    private const int Rounds = 3;

    public static async Task RunAsync(BenchOptions options)
    {
        var indicators = options.ReportIndicators;
        var states = options.States;
        Console.WriteLine($"Report benchmark: end-of-plan report, {states} states x {options.Years} years x {indicators} indicators (half size: every other state-year)");

        await using var azurite = await Azurite.StartAsync();
        var counter = new StorageCounter();
        await using var provider = await BenchServices.StartAsync(azurite,
            services => services.AddAzureClients(c => c.ConfigureDefaults(o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry))));

        var data = new SyntheticData(provider, options);
        var sizes = new List<(string Name, WorkPlan Plan, int Submissions)>();
        foreach (var (name, keep) in new (string, Func<int, int, bool>)[] { ("half", (s, y) => (s + y) % 2 == 0), ("full", (_, _) => true) })
        {
            var plan = SyntheticData.BuildPlan($"bench-report-{name}", $"Report benchmark, {name} size", options.Years, indicators);
            await provider.GetRequiredService<PlanStore>().SaveVersionAsync(plan, 1, null, "bench", default);
            var count = await LoadAsync(provider, data, plan, states, options.Years, keep);
            sizes.Add((name, plan, count));
        }
        await provider.GetRequiredService<AggregateProgressJob>().RunAsync(fullRebuild: true, default);

        var reports = provider.GetRequiredService<ReportService>();
        var blobs = provider.GetRequiredService<ReportingBlobs>();
        // Warm-up (JIT tiers, fonts, ScottPlot), then the sizes in turn, round after round, so both see the same machine.
        foreach (var (_, plan, _) in sizes)
            for (var i = 0; i < 3; i++) await GenerateAsync(reports, blobs, plan);
        var best = sizes.ToDictionary(s => s.Name, _ => (Total: TimeSpan.MaxValue, Storage: TimeSpan.Zero, Calls: 0L, Beyond: TimeSpan.MaxValue));
        for (var round = 0; round < Rounds; round++)
            foreach (var (name, plan, _) in sizes)
            {
                await ForgetVersionsAsync(blobs, plan.Id);
                var before = counter.Snapshot();
                var watch = Stopwatch.StartNew();
                await GenerateAsync(reports, blobs, plan);
                watch.Stop();
                var calls = StorageCounter.Delta(counter.Snapshot(), before);
                var storage = TimeSpan.FromMilliseconds(calls.Values.Sum(c => c.Ms));
                var beyond = watch.Elapsed - storage;
                if (beyond < best[name].Beyond) best[name] = (watch.Elapsed, storage, calls.Values.Sum(c => c.Count), beyond);
            }
        var results = new List<Result>();
        foreach (var (name, plan, count) in sizes)
        {
            // Memory on a round of its own: the sampler forces full collections, which would distort the times above.
            await ForgetVersionsAsync(blobs, plan.Id);
            var (outcome, peak) = await Timing.PeakManagedAsync(() => GenerateAsync(reports, blobs, plan));
            var html = outcome.Manifest.Files.Single(f => f.Name == "report.html").Size;
            // Where the time beyond storage goes: the HTML page with its charts, rendered again from the data.json just written.
            var json = (await blobs.Reports.GetBlobClient(ReportStore.FolderOf(plan.Id, outcome.Manifest.ReportId) + "data.json").DownloadContentAsync()).Value.Content.ToString();
            var reportData = Newtonsoft.Json.JsonConvert.DeserializeObject<ReportData>(json, Reporting.Http.Json.Settings)!;
            var render = (await Timing.BestOfAsync(Rounds, () => Task.FromResult(ReportHtml.Render(reportData, outcome.Manifest.ReportId).Length))).Best;
            var b = best[name];
            results.Add(new Result(name, count, b.Total, b.Calls, b.Storage, b.Beyond, render, peak, html));
        }

        Console.WriteLine();
        Console.WriteLine($"{"",-42}{results[0].Name,14}{results[1].Name,14}");
        Row("submissions counted", r => r.Submissions.ToString("N0"));
        Row($"generation, whole (best of {Rounds})", r => $"{r.Total.TotalMilliseconds:N0} ms");
        Row("storage calls made by it", r => $"{r.Calls:N0}");
        Row("time in those storage calls", r => $"{r.Storage.TotalMilliseconds:N0} ms");
        Row("time beyond storage (goal < 2,000 ms)", r => $"{r.Beyond.TotalMilliseconds:N0} ms");
        Row("of which report.html with its charts", r => $"{r.Render.TotalMilliseconds:N0} ms");
        Row("peak live managed memory", r => $"{r.Peak / 1048576.0:N1} MiB");
        Row("report.html", r => $"{r.Html / 1024.0:N0} KiB");
        Console.WriteLine($"ratio memory full / half                  : {(double)results[1].Peak / results[0].Peak,8:N2}   (goal: flat in the number of submissions, ~1.0)");
        Console.WriteLine($"ratio time beyond storage full / half     : {results[1].Beyond / results[0].Beyond,8:N2}");

        void Row(string label, Func<Result, string> value) => Console.WriteLine($"{label,-42}{value(results[0]),14}{value(results[1]),14}");
    }

    private sealed record Result(string Name, int Submissions, TimeSpan Total, long Calls, TimeSpan Storage, TimeSpan Beyond, TimeSpan Render, long Peak, long Html);

    private static Task<ReportOutcome> GenerateAsync(ReportService reports, ReportingBlobs blobs, WorkPlan plan) =>
        reports.GenerateAsync(plan, ReportKinds.EndOfPlan, null, default);

    /// <summary>Removes the plan's report versions, so the next generation renders and writes everything again.</summary>
    private static async Task ForgetVersionsAsync(ReportingBlobs blobs, string planId)
    {
        await foreach (var blob in blobs.Reports.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, planId + "/", default))
            await blobs.Reports.DeleteBlobAsync(blob.Name);
    }

    private static async Task<int> LoadAsync(IServiceProvider provider, SyntheticData data, WorkPlan plan, int states, int years, Func<int, int, bool> keep)
    {
        var store = provider.GetRequiredService<SubmissionStore>();
        var count = 0;
        for (var y = 0; y < years; y++)
            for (var s = 0; s < states; s++)
            {
                if (!keep(s, y)) continue;
                var submission = data.Submission(plan, SyntheticData.FirstYear + y, SyntheticData.StateCodes[s]);
                await store.SaveAsync(submission, null, new HistoryEntry(1, submission.UpdatedAt, "bench", "FocalPoint", "created", null, submission.Status, null, []),
                    SubmissionStore.RowChanges.Compare(null, null, submission, null).Rows, default);
                count++;
            }
        return count;
    }
}
