using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Aggregation;

/// <summary>
/// Pure computation: submissions of one plan-year in, a <see cref="PlanAggregate"/> out; year aggregates in,
/// the plan to date out. Accepted reports are official; submitted ones count as provisional; drafts and
/// returned reports are not counted; a state that did not report is missing, never zero.
/// </summary>
public static class Aggregator
{
    public const decimal OnTrackRatio = 0.9m;
    public const decimal AtRiskRatio = 0.6m;

    public static PlanAggregate AggregateYear(WorkPlan plan, int year, IReadOnlyList<Submission> submissions, MemberStateDirectory memberStates)
    {
        var counted = submissions.Where(IsCounted).OrderBy(s => s.State, StringComparer.Ordinal).ToList();
        var expected = memberStates.ExpectedFor(year).Select(s => s.Code).ToList();
        var result = new PlanAggregate
        {
            PlanId = plan.Id,
            PlanVersion = plan.Version ?? 1,
            Shape = PlanAggregate.CurrentShape,
            Year = year,
            Years = [year],
            DataAsOf = counted.Count == 0 ? null : counted.Max(s => s.UpdatedAt),
        };

        result.States.AddRange(StateReports(year, submissions, memberStates));

        foreach (var indicator in plan.Indicators)
        {
            var agg = NewIndicator(indicator);
            var figures = new List<(StateFigure Figure, bool Official)>();
            var narrators = new List<(string State, bool Official)>();
            foreach (var s in counted)
            {
                if (!s.Values.TryGetValue(indicator.Code, out var v)) continue;
                var status = StatusNames.Of(s.Status);
                var official = s.Status == SubmissionStatus.Accepted;
                var f = indicator.Kind switch
                {
                    IndicatorKind.Count => v.Value is null ? null : new StateFigure(s.State, year, status, v.Value),
                    IndicatorKind.Percentage or IndicatorKind.Ratio => v.Numerator is null || v.Denominator is null ? null
                        : new StateFigure(s.State, year, status, Rate(indicator.Kind, v.Numerator.Value, v.Denominator.Value), v.Numerator, v.Denominator),
                    IndicatorKind.Milestone => v.Achieved is null ? null : new StateFigure(s.State, year, status, v.Achieved.Value ? 1 : 0, Achieved: v.Achieved),
                    _ => null,
                };
                if (indicator.Kind == IndicatorKind.Narrative && !string.IsNullOrWhiteSpace(v.Narrative)) narrators.Add((s.State, official));
                if (f is null) continue;
                figures.Add((f, official));
                AddDisaggregation(agg, indicator, v);
            }
            agg.ByState = figures.Select(f => f.Figure).ToList();
            agg.Regional = Combine(indicator, figures.Select(f => f.Figure).ToList());
            agg.Official = Combine(indicator, figures.Where(f => f.Official).Select(f => f.Figure).ToList());
            // A narrative indicator has no figure; its coverage is who wrote it.
            var reporters = indicator.Kind == IndicatorKind.Narrative ? narrators : figures.Select(f => (f.Figure.State, f.Official)).ToList();
            agg.Coverage = CoverageOf(year, expected, reporters);
            agg.OfficialCoverage = CoverageOf(year, expected, reporters.Where(r => r.Official).ToList());
            agg.ProvisionalStates = figures.Where(f => !f.Official).Select(f => f.Figure.State).ToList();
            agg.Provisional = agg.ProvisionalStates.Count > 0;
            result.Indicators.Add(agg);
        }

        result.Activities.AddRange(RankActivities(counted.SelectMany(s => s.Activities.Select(a => (s.State, a)))));
        return result;
    }

    private static Coverage CoverageOf(int year, List<string> expected, IReadOnlyCollection<(string State, bool Official)> reporters)
    {
        var by = reporters.Select(r => r.State).ToHashSet(StringComparer.Ordinal);
        return new Coverage
        {
            Counted = expected.Count(by.Contains),
            Expected = expected.Count,
            Provisional = reporters.Count(r => !r.Official && expected.Contains(r.State)),
            Missing = expected.Where(e => !by.Contains(e)).ToList(),
            Voluntary = reporters.Select(r => r.State).Where(s => !expected.Contains(s)).Order(StringComparer.Ordinal).ToList(),
            VoluntaryProvisional = reporters.Count(r => !r.Official && !expected.Contains(r.State)),
            Years = [year],
        };
    }

    /// <summary>Coverage of a figure summed over years: every expected state-year, named "KHM 2021" when missing.</summary>
    private static Coverage CoverageOverYears(IReadOnlyList<(int Year, Coverage? Coverage)> years) => new()
    {
        Counted = years.Sum(y => y.Coverage?.Counted ?? 0),
        Expected = years.Sum(y => y.Coverage?.Expected ?? 0),
        Provisional = years.Sum(y => y.Coverage?.Provisional ?? 0),
        VoluntaryProvisional = years.Sum(y => y.Coverage?.VoluntaryProvisional ?? 0),
        Missing = years.SelectMany(y => (y.Coverage?.Missing ?? []).Select(m => $"{m} {y.Year}")).ToList(),
        Voluntary = years.SelectMany(y => (y.Coverage?.Voluntary ?? []).Select(m => $"{m} {y.Year}")).ToList(),
        Years = years.Select(y => y.Year).ToList(),
    };

    /// <summary>
    /// Who was expected and what each state has reported for a year. A draft reads as not submitted (drafts are
    /// private), and a state that may report voluntarily appears only once it has submitted. Lateness of the
    /// unsubmitted depends on the clock, so it is judged when read.
    /// </summary>
    public static List<StateReport> StateReports(int year, IReadOnlyList<Submission> submissions, MemberStateDirectory memberStates)
    {
        var byState = submissions.ToDictionary(s => s.State, StringComparer.Ordinal);
        return memberStates.All
            .Where(s => s.MayReportFor(year) && (s.ExpectedFor(year) || (byState.TryGetValue(s.Code, out var h) && h.Status != SubmissionStatus.Draft)))
            .Select(s =>
            {
                byState.TryGetValue(s.Code, out var sub);
                var status = sub is null ? StatusNames.NotSubmitted : StatusNames.Of(sub.Status);
                return new StateReport
                {
                    State = s.Code,
                    Year = year,
                    Status = status,
                    Expected = s.ExpectedFor(year),
                    Late = status != StatusNames.NotSubmitted && sub!.Late,
                    SubmittedAt = status == StatusNames.NotSubmitted ? null : sub!.SubmittedAt,
                };
            }).ToList();
    }

    /// <summary>Combines year aggregates (all years so far, or up to <paramref name="throughYear"/>) into the plan to date, with progress.</summary>
    public static PlanAggregate AggregateToDate(WorkPlan plan, IReadOnlyList<PlanAggregate> years, int? throughYear = null)
    {
        var used = years.Where(y => y.Year is { } v && (throughYear is null || v <= throughYear)).OrderBy(y => y.Year).ToList();
        var result = new PlanAggregate
        {
            PlanId = plan.Id,
            PlanVersion = plan.Version ?? 1,
            Shape = PlanAggregate.CurrentShape,
            Year = null,
            Years = used.Select(y => y.Year!.Value).ToList(),
            DataAsOf = used.Select(y => y.DataAsOf).Where(d => d is not null).DefaultIfEmpty(null).Max(),
        };
        result.States.AddRange(used.SelectMany(y => y.States));
        foreach (var indicator in plan.Indicators)
        {
            var agg = NewIndicator(indicator);
            var perYear = used.Select(y => (Year: y.Year!.Value, Agg: y.Indicators.FirstOrDefault(i => i.Code == indicator.Code))).Where(x => x.Agg is not null).ToList();
            agg.ByYear = perYear.Select(x => new YearFigure(x.Year, x.Agg!.Regional, x.Agg.Official, x.Agg.Provisional, x.Agg.Coverage, x.Agg.OfficialCoverage)).ToList();
            agg.Regional = OverYears(indicator, perYear.Select(x => (x.Year, x.Agg!.Regional)).ToList());
            agg.Official = OverYears(indicator, perYear.Select(x => (x.Year, x.Agg!.Official)).ToList());
            agg.Coverage = CoverageToDate(indicator, perYear.Select(x => (x.Year, x.Agg!.Regional, x.Agg.Coverage)).ToList());
            agg.OfficialCoverage = CoverageToDate(indicator, perYear.Select(x => (x.Year, x.Agg!.Official, x.Agg.OfficialCoverage)).ToList());
            // Provisional if any figure that went into the to-date value was provisional.
            var contributing = indicator.YearAggregation == YearAggregation.Latest
                ? perYear.Where(x => x.Agg!.Regional?.Value is not null).TakeLast(1)
                : perYear;
            agg.ProvisionalStates = contributing.SelectMany(x => x.Agg!.ProvisionalStates.Select(s => $"{s} {x.Year}")).ToList();
            agg.Provisional = agg.ProvisionalStates.Count > 0;
            agg.ByState = StatesToDate(indicator, perYear.SelectMany(x => x.Agg!.ByState).ToList());
            foreach (var (_, y) in perYear) MergeDisaggregation(agg, indicator, y!);
            agg.Progress = ProgressOf(plan, indicator, agg.Regional, agg.Coverage, used.Count == 0 ? null : used[^1].Year);
            result.Indicators.Add(agg);
        }
        result.Activities.AddRange(RankActivitiesFrom(used.SelectMany(y => y.Activities)));
        return result;
    }

    /// <summary>
    /// What the to-date figure rests on: for the latest year with data, that year's coverage (the last year when none
    /// has data); for a sum over years, every expected state-year so far, since a year nobody reported is missing from the sum.
    /// </summary>
    private static Coverage? CoverageToDate(Indicator indicator, IReadOnlyList<(int Year, Figure? Figure, Coverage? Coverage)> years)
    {
        if (years.Count == 0) return null;
        if (indicator.YearAggregation == YearAggregation.Latest)
            return (years.LastOrDefault(y => y.Figure?.Value is not null) is { Coverage: not null } latest ? latest : years[^1]).Coverage;
        return CoverageOverYears(years.Select(y => (y.Year, y.Coverage)).ToList());
    }

    /// <summary>
    /// Progress of a to-date figure. It is judged only when the expected states counted reach the indicator's minimum
    /// coverage: below it, whatever the rule (sum, mean, weighted mean, count of yes), the figure describes the states
    /// that reported, not the region, so the status is notEnoughReports and no share is given.
    /// </summary>
    public static Progress ProgressOf(WorkPlan plan, Indicator indicator, Figure? toDate, Coverage? coverage, int? asOfYear)
    {
        var minimum = plan.MinimumCoverageFor(indicator);
        var needed = coverage?.Needed(minimum);
        if (indicator.Kind == IndicatorKind.Narrative) return new Progress("narrative", null, null, null, asOfYear, coverage);
        var value = toDate?.Value;
        if (value is null) return new Progress("noData", null, null, null, asOfYear, coverage, minimum, needed);
        if (indicator.Target is null) return new Progress("noTarget", null, null, value, asOfYear, coverage, minimum, needed);
        if (coverage is null || coverage.Expected == 0 || coverage.Counted < needed)
            return new Progress("notEnoughReports", null, null, value, asOfYear, coverage, minimum, needed);
        var target = indicator.Target.Value;
        var baseline = indicator.Baseline?.Value ?? 0m;
        var baselineYear = indicator.Baseline?.Year ?? asOfYear!.Value - 1;
        var span = indicator.Target.Year - baselineYear;
        var expected = span <= 0 ? 1m : Math.Clamp((decimal)(asOfYear!.Value - baselineYear) / span, 0m, 1m);
        decimal share;
        if (target == baseline)
            share = indicator.Direction == Direction.Increase ? (value >= target ? 1m : 0m) : (value <= target ? 1m : 0m);
        else
            share = (value.Value - baseline) / (target - baseline);
        share = Math.Round(share, 4);
        expected = Math.Round(expected, 4);
        var status = share >= 1m ? "achieved"
            : share >= OnTrackRatio * expected ? "onTrack"
            : share >= AtRiskRatio * expected ? "atRisk"
            : "offTrack";
        return new Progress(status, share, expected, value, asOfYear, coverage, minimum, needed);
    }

    private static bool IsCounted(Submission s) => s.Status is SubmissionStatus.Accepted or SubmissionStatus.Submitted;

    private static IndicatorAggregate NewIndicator(Indicator i) => new()
    {
        Code = i.Code,
        Title = i.Title,
        Kind = i.Kind,
        Unit = i.Unit,
        Outcome = i.Outcome,
        Output = i.Output,
        StateRule = i.StateAggregation,
        YearRule = i.YearAggregation,
    };

    private static decimal Rate(IndicatorKind kind, decimal numerator, decimal denominator) =>
        Math.Round(numerator / denominator * (kind == IndicatorKind.Percentage ? 100m : 1m), 4);

    /// <summary>Combines the states that reported, by the indicator's rule; null when none did.</summary>
    public static Figure? Combine(Indicator indicator, IReadOnlyList<StateFigure> figures)
    {
        if (figures.Count == 0) return null;
        switch (indicator.StateAggregation)
        {
            case StateAggregation.Sum:
                return new Figure(figures.Sum(f => f.Value ?? 0), StatesCounted: figures.Count);
            case StateAggregation.Mean:
                return new Figure(Math.Round(figures.Sum(f => f.Value ?? 0) / figures.Count, 4), StatesCounted: figures.Count);
            case StateAggregation.WeightedMean:
                var num = figures.Sum(f => f.Numerator ?? 0);
                var den = figures.Sum(f => f.Denominator ?? 0);
                return new Figure(den == 0 ? null : Rate(indicator.Kind, num, den), num, den, figures.Count);
            case StateAggregation.CountYes:
                var yes = figures.Count(f => f.Achieved == true);
                return new Figure(yes, StatesCounted: figures.Count, YesCount: yes);
            default:
                return null;
        }
    }

    private static Figure? OverYears(Indicator indicator, IReadOnlyList<(int Year, Figure? Figure)> years)
    {
        var withData = years.Where(y => y.Figure?.Value is not null).ToList();
        if (withData.Count == 0) return null;
        if (indicator.YearAggregation == YearAggregation.Sum)
            return new Figure(withData.Sum(y => y.Figure!.Value!.Value), StatesCounted: withData.Max(y => y.Figure!.StatesCounted));
        return withData[^1].Figure;
    }

    private static List<StateFigure> StatesToDate(Indicator indicator, List<StateFigure> all)
    {
        var result = new List<StateFigure>();
        foreach (var group in all.GroupBy(f => f.State).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(f => f.Year).ToList();
            var status = ordered.Any(f => f.Status == "submitted") ? "submitted" : "accepted";
            if (indicator.YearAggregation == YearAggregation.Sum)
                result.Add(new StateFigure(group.Key, ordered[^1].Year, status, ordered.Sum(f => f.Value ?? 0)));
            else
                result.Add(ordered[^1]);
        }
        return result;
    }

    private static void AddDisaggregation(IndicatorAggregate agg, Indicator indicator, IndicatorValue v)
    {
        if (v.Disaggregation is null) return;
        foreach (var (dimension, parts) in v.Disaggregation)
        {
            if (parts is null || !indicator.Disaggregations.Contains(dimension)) continue;
            if (!agg.Disaggregation.TryGetValue(dimension, out var totals)) agg.Disaggregation[dimension] = totals = new(StringComparer.Ordinal);
            foreach (var (category, token) in parts)
            {
                if (token is null) continue;
                totals.TryGetValue(category, out var before);
                if (indicator.Kind == IndicatorKind.Count)
                {
                    var part = token.ToObject<decimal>();
                    totals[category] = new Figure((before?.Value ?? 0) + part, StatesCounted: (before?.StatesCounted ?? 0) + 1);
                }
                else
                {
                    var num = (before?.Numerator ?? 0) + token.Value<decimal>("numerator");
                    var den = (before?.Denominator ?? 0) + token.Value<decimal>("denominator");
                    totals[category] = new Figure(den == 0 ? null : Rate(indicator.Kind, num, den), num, den, (before?.StatesCounted ?? 0) + 1);
                }
            }
        }
    }

    private static void MergeDisaggregation(IndicatorAggregate agg, Indicator indicator, IndicatorAggregate year)
    {
        foreach (var (dimension, parts) in year.Disaggregation)
        {
            if (!agg.Disaggregation.TryGetValue(dimension, out var totals)) agg.Disaggregation[dimension] = totals = new(StringComparer.Ordinal);
            foreach (var (category, figure) in parts)
            {
                if (indicator.YearAggregation == YearAggregation.Latest || !totals.TryGetValue(category, out var before))
                    totals[category] = figure;
                else
                    totals[category] = new Figure((before.Value ?? 0) + (figure.Value ?? 0), StatesCounted: Math.Max(before.StatesCounted, figure.StatesCounted));
            }
        }
    }

    /// <summary>Seed 004's prioritisation: 1-3 importance scores summed across states, ranked per outcome.</summary>
    private static IEnumerable<ActivityRank> RankActivities(IEnumerable<(string State, Activity Activity)> activities) =>
        Rank(activities.Where(a => a.Activity.Outcome is not null && a.Activity.Title is not null)
            .Select(a => new RankItem(a.Activity.Outcome!, a.Activity.Title!.Trim(), a.Activity.Importance ?? 0, 1, [a.State],
                string.IsNullOrWhiteSpace(a.Activity.Kra) ? [] : [new KraScore(a.Activity.Kra.Trim(), a.Activity.Importance ?? 0, 1)])));

    /// <summary>The activity ranking of several years together (the plan to date, or through a year), from their year rankings.</summary>
    public static List<ActivityRank> ActivitiesThrough(IEnumerable<PlanAggregate> years, int throughYear) =>
        RankActivitiesFrom(years.Where(y => y.Year is { } v && v <= throughYear).OrderBy(y => y.Year).SelectMany(y => y.Activities)).ToList();

    private static IEnumerable<ActivityRank> RankActivitiesFrom(IEnumerable<ActivityRank> ranks) =>
        Rank(ranks.Select(r => new RankItem(r.Outcome, r.Title, r.Score, r.Activities, r.States, r.Kras)));

    private sealed record RankItem(string Outcome, string Title, int Score, int Count, List<string> States, List<KraScore> Kras);

    private static IEnumerable<ActivityRank> Rank(IEnumerable<RankItem> items)
    {
        // Same activity reported by several states (or years): titles compared without case or surrounding spaces.
        var merged = items
            .GroupBy(i => (i.Outcome, Key: i.Title.ToUpperInvariant()))
            .Select(g => (g.Key.Outcome, Title: g.Select(x => x.Title).Order(StringComparer.Ordinal).First(), Score: g.Sum(x => x.Score),
                Count: g.Sum(x => x.Count), States: g.SelectMany(x => x.States).Distinct().Order(StringComparer.Ordinal).ToList(),
                Kras: g.SelectMany(x => x.Kras).GroupBy(k => k.Kra, StringComparer.Ordinal).OrderBy(k => k.Key, StringComparer.Ordinal)
                    .Select(k => new KraScore(k.Key, k.Sum(x => x.Score), k.Sum(x => x.Activities))).ToList()));
        foreach (var outcome in merged.GroupBy(m => m.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rank = 0;
            foreach (var m in outcome.OrderByDescending(m => m.Score).ThenByDescending(m => m.States.Count).ThenBy(m => m.Title, StringComparer.Ordinal))
                yield return new ActivityRank(outcome.Key, ++rank, m.Title, m.Score, m.Count, m.States) { Kras = m.Kras };
        }
    }
}
