using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Reporting.Jobs;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Aggregation;

/// <summary>What a run did, for the caller and the logs.</summary>
public sealed record AggregationRun(
    string Outcome,
    bool FullRebuild,
    int PartitionsDirty,
    int PartitionsRecomputed,
    int PartitionsStillDirty,
    int SubmissionsRead,
    int RowsRead,
    int AggregatesWritten,
    int Indicators,
    /// <summary>Framework evaluation contributions computed (one per plan row: each year of the framework's period and the period) and written (those that changed).</summary>
    int ContributionsComputed,
    int ContributionsWritten,
    long ElapsedMs,
    IReadOnlyList<string> PlanYears);

/// <summary>
/// Recomputes the aggregates of dirty plan-years, incrementally. Safe to run from several hosts at once
/// (a blob lease lets one work), idempotent (same inputs, same bytes, nothing rewritten), and a crash
/// leaves the markers in place for the next run, which repairs everything by itself.
/// </summary>
public sealed class AggregateProgressJob(
    JobLease leases,
    DirtyMarkers dirty,
    PlanStore plans,
    SubmissionStore submissions,
    AggregateStore aggregates,
    MemberStateDirectory memberStates,
    Frameworks.FrameworkDirectory frameworks,
    Evaluation.ContributionStore contributions,
    TimeProvider clock,
    ILogger<AggregateProgressJob> logger)
{
    public const string LeaseName = "aggregate-progress";

    /// <summary>The timer's entry point (both hosts): an incremental run.</summary>
    public async Task<object> AggregateProgress(CancellationToken ct) => await RunAsync(fullRebuild: false, ct);

    /// <param name="inScope">When given, only plans it admits are aggregated (a secretariat desk's run); others wait for the timer.</param>
    public async Task<AggregationRun> RunAsync(bool fullRebuild, CancellationToken ct, Func<Access.PlanRef, bool>? inScope = null)
    {
        var watch = Stopwatch.StartNew();
        await using var lease = await leases.TryAcquireAsync(LeaseName, ct);
        if (lease is null)
        {
            logger.LogInformation("Aggregation skipped: another run holds the lease");
            return new AggregationRun("skipped: another run is in progress", fullRebuild, 0, 0, 0, 0, 0, 0, 0, 0, 0, watch.ElapsedMilliseconds, []);
        }

        HashSet<string>? admitted = null;
        if (inScope is not null)
            admitted = (await plans.ListAsync(ct)).Where(p => inScope(p)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        if (fullRebuild) await MarkEverythingAsync(ct, admitted);
        var markers = (await dirty.ListAsync(ct)).Where(m => admitted is null || admitted.Contains(m.PlanId)).ToList();
        logger.LogInformation("Aggregation started: {Partitions} dirty plan-years, full rebuild {FullRebuild}", markers.Count, fullRebuild);

        int recomputed = 0, stillDirty = 0, submissionsRead = 0, rowsRead = 0, written = 0, indicators = 0, contributed = 0, contributionsWritten = 0;
        var done = new List<string>();
        var gate = new object();
        // Plans are independent: a few at once keep the store busy while results are computed.
        await Parallel.ForEachAsync(markers.GroupBy(m => m.PlanId), new ParallelOptions { MaxDegreeOfParallelism = PlanParallelism, CancellationToken = ct }, async (planGroup, token) =>
        {
            var result = await AggregatePlanAsync(planGroup.Key, planGroup.ToList(), token);
            lock (gate)
            {
                recomputed += result.Recomputed;
                submissionsRead += result.Submissions;
                rowsRead += result.Rows;
                written += result.Written;
                indicators += result.Indicators;
                stillDirty += result.StillDirty;
                contributed += result.Contributions;
                contributionsWritten += result.ContributionsWritten;
                done.AddRange(result.Done);
            }
            await lease.RenewAsync(token);
        });
        done.Sort(StringComparer.Ordinal);

        var run = new AggregationRun("ran", fullRebuild, markers.Count, recomputed, stillDirty, submissionsRead, rowsRead, written, indicators, contributed, contributionsWritten, watch.ElapsedMilliseconds, done);
        logger.LogInformation(
            "Aggregation finished: {Partitions} plan-years recomputed, {Submissions} submissions and {Rows} rows read, {Written} aggregates written, {StillDirty} changed during the run, {Elapsed} ms",
            recomputed, submissionsRead, rowsRead, written, stillDirty, run.ElapsedMs);
        return run;
    }

    private const int PlanParallelism = 4;

    private sealed record PlanResult(int Recomputed, int Submissions, int Rows, int Written, int Indicators, int StillDirty, List<string> Done, int Contributions = 0, int ContributionsWritten = 0);

    private async Task<PlanResult> AggregatePlanAsync(string planId, List<DirtyMarkers.Marker> markers, CancellationToken ct)
    {
        var plan = await plans.GetCurrentAsync(planId, ct);
        if (plan is null)
        {
            foreach (var m in markers) await dirty.ClearAsync(m, ct);
            return new PlanResult(0, 0, 0, 0, 0, 0, []);
        }
        var version = plan.Version ?? 1;
        var stored = await aggregates.ListAsync(plan.Id, ct);
        var hashes = stored.ToDictionary(s => AggregateStore.RowOf(s.Aggregate.Year), s => s.Hash);
        var current = stored.Select(s => s.Aggregate)
            .Where(a => a.Year is { } y && a.PlanVersion == version && a.Shape == PlanAggregate.CurrentShape && plan.CoversYear(y))
            .ToDictionary(a => a.Year!.Value);
        // The dirty years, and every year so far with no current row: a year nobody reported (or one stored for an
        // older plan version) must still appear, as all missing, in the plan to date, its completeness and its sums.
        var toRead = markers.Select(m => m.Year).Where(plan.CoversYear)
            .Concat(plan.YearsSoFar(clock.GetUtcNow().Year).Where(y => !current.ContainsKey(y)))
            .Distinct().Order().ToList();
        int submissionsRead = 0, rowsRead = 0, written = 0, stillDirty = 0;
        var fresh = new Dictionary<int, PlanAggregate>();
        foreach (var year in toRead)
        {
            var rows = 0;
            var subs = await submissions.LoadPlanYearAsync(plan.Id, year, n => rows = n, ct);
            fresh[year] = Aggregator.AggregateYear(plan, year, subs, memberStates);
            submissionsRead += subs.Count;
            rowsRead += rows;
            logger.LogInformation("Aggregated {Plan}/{Year}: {Submissions} submissions, {Rows} rows read", plan.Id, year, subs.Count, rows);
        }

        // Progress in a year depends on the years before it, so every year row and the plan to date are refreshed; unchanged ones are not rewritten.
        var years = current.Values
            .Where(a => !fresh.ContainsKey(a.Year!.Value))
            .Concat(fresh.Values)
            .OrderBy(a => a.Year)
            .ToList();
        foreach (var year in years)
        {
            var toDate = Aggregator.AggregateToDate(plan, years, throughYear: year.Year);
            foreach (var indicator in year.Indicators)
                indicator.Progress = toDate.Indicators.First(i => i.Code == indicator.Code).Progress;
            if (await aggregates.SaveAsync(year, hashes.GetValueOrDefault(AggregateStore.RowOf(year.Year)), ct)) written++;
        }
        var planToDate = Aggregator.AggregateToDate(plan, years);
        if (await aggregates.SaveAsync(planToDate, hashes.GetValueOrDefault(AggregateStore.ToDateRow), ct)) written++;
        // Before the markers are cleared: a run that stops here leaves them, and the next one writes what is missing.
        var (contributed, contributionsWritten) = await ContributeAsync(plan, years, planToDate, ct);

        var done = new List<string>();
        foreach (var marker in markers)
        {
            if (await dirty.ClearAsync(marker, ct)) done.Add($"{plan.Id}/{marker.Year}");
            else stillDirty++;
        }
        return new PlanResult(fresh.Count, submissionsRead, rowsRead, written, plan.Indicators.Count * fresh.Count, stillDirty, done, contributed, contributionsWritten);
    }

    /// <summary>
    /// The plan's contributions to its framework's evaluation, from the aggregates just computed: one per year of the
    /// framework's period and one for the period; only those whose content changed are written. Other plans are untouched.
    /// </summary>
    private async Task<(int Computed, int Written)> ContributeAsync(WorkPlan plan, List<PlanAggregate> years, PlanAggregate toDate, CancellationToken ct)
    {
        if (plan.Framework is not { } id || frameworks.Find(id) is not { } framework) return (0, 0);
        var currentYear = clock.GetUtcNow().Year;
        var byYear = years.ToDictionary(y => y.Year!.Value);
        var rows = new List<Evaluation.EvaluationContribution>();
        foreach (var year in Evaluation.EvaluationRows.YearsOf(framework, plan, currentYear))
            if (byYear.TryGetValue(year, out var aggregate)) rows.Add(Evaluation.ContributionBuilder.Build(framework, plan, aggregate, year));
        var period = Evaluation.EvaluationRows.SourceFor(framework, plan.FirstYear, plan.LastYear, null, currentYear);
        if (period.Part && (period.AggregateYear is null ? toDate : byYear.GetValueOrDefault(period.AggregateYear.Value)) is { } source)
            rows.Add(Evaluation.ContributionBuilder.Build(framework, plan, source, null,
                period.AggregateYear is { } last ? Aggregator.ActivitiesThrough(years, last) : null));
        var stored = await contributions.HashesAsync(framework.Id, plan.Id, ct);
        var written = 0;
        foreach (var row in rows)
            if (await contributions.SaveAsync(row, stored.GetValueOrDefault(Evaluation.EvaluationRows.RowOf(row.Year)), ct)) written++;
        return (rows.Count, written);
    }

    /// <summary>Repair: every plan-year up to the current year is marked, so the run recomputes it all.</summary>
    private async Task MarkEverythingAsync(CancellationToken ct, HashSet<string>? admitted)
    {
        var thisYear = clock.GetUtcNow().Year;
        var all = (await plans.ListAsync(ct))
            .Where(p => admitted is null || admitted.Contains(p.Id))
            .SelectMany(p => WorkPlan.YearsSoFar(p.FirstYear, p.LastYear, thisYear).Select(y => (p.Id, Year: y)));
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (py, token) => await dirty.MarkAsync(py.Id, py.Year, token));
    }
}
