using Reporting.Aggregation;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Workflow;

namespace Reporting.Reports;

/// <summary>Pure: turns the secretariat's summary, the plan and accepted narratives into <see cref="ReportData"/>.</summary>
public static class ReportBuilder
{
    public static ReportData Build(WorkPlan plan, string kind, int? year, Summary summary, PlanAggregate? toDate, IReadOnlyList<PlanAggregate> years,
        ReportingWindow window, IReadOnlyList<StateNarratives> narratives, MemberStateDirectory memberStates, DateTimeOffset now)
    {
        var indicators = summary.Indicators;
        if (kind == ReportKinds.Annual && toDate is not null)
        {
            // Annual: show each indicator's regional values for the years up to the report's year (on copies: the summary's
            // downloads beside the report stay as the summary is).
            indicators = indicators.Select(i =>
            {
                var copy = i.Copy();
                copy.ByYear = toDate.Indicators.FirstOrDefault(t => t.Code == i.Code)?.ByYear?.Where(b => b.Year <= year).ToList();
                return copy;
            }).ToList();
        }

        var reasons = new List<string>();
        var lockYear = year ?? plan.LastYear;
        if (!window.IsLocked(now))
            reasons.Add(window.Locks is null
                ? $"The {lockYear} reporting window has no lock date yet, so member states may still report and figures may change."
                : $"The {lockYear} reporting window locks on {window.Locks:d MMMM yyyy}; figures may change until then.");
        var provisional = indicators.Where(i => i.Provisional).Select(i => i.Code).ToList();
        if (provisional.Count > 0)
            reasons.Add($"Figures for {string.Join(", ", provisional)} include reports not yet accepted by the ASEAN Secretariat (provisional).");

        var period = kind == ReportKinds.Annual ? year!.ToString()! : $"{plan.FirstYear}-{plan.LastYear}";
        var notStarted = kind == ReportKinds.Annual ? [] : Enumerable.Range(plan.FirstYear, plan.LastYear - plan.FirstYear + 1).Where(y => y > now.Year).ToList();
        var title = kind == ReportKinds.Annual
            ? $"Annual progress report {year}: {plan.Title}"
            : $"End-of-plan report {period}: {plan.Title}";
        return new ReportData
        {
            PlanId = plan.Id,
            PlanVersion = plan.Version ?? 1,
            PlanTitle = plan.Title,
            SectoralBody = plan.SectoralBody,
            FirstYear = plan.FirstYear,
            LastYear = plan.LastYear,
            Kind = kind,
            Year = year,
            Title = title,
            Interim = reasons.Count > 0,
            InterimReasons = reasons,
            DataAsOf = summary.DataAsOf,
            CompletenessText = string.Join(" ", summary.Completeness.Select(c => c.Text.EndsWith('.') ? c.Text : c.Text + ".")),
            Completeness = summary.Completeness,
            YearsNotStarted = notStarted,
            CoverageCaveat = Caveat(plan, indicators, summary.Completeness, notStarted),
            Goals = Goals(plan, indicators),
            Indicators = indicators,
            Details = plan.Indicators.Select(i => new IndicatorDetail(i.Code, i.Baseline, i.Target, i.Direction.ToString().ToLowerInvariant(),
                years.Where(y => y.Year is { } v && (year is null || v <= year))
                     .SelectMany(y => y.Indicators.Where(a => a.Code == i.Code).SelectMany(a => a.ByState))
                     .OrderBy(f => f.State, StringComparer.Ordinal).ThenBy(f => f.Year).ToList())).ToList(),
            Activities = summary.Activities ?? [],
            Narratives = narratives.ToList(),
            Gaps = summary.Gaps,
            CompletenessMatrix = (kind == ReportKinds.Annual ? summary.Completeness.Select(c => c.Year).ToHashSet() : null) is { } covered
                ? (toDate?.States ?? []).Where(s => covered.Contains(s.Year)).ToList()
                : toDate?.States ?? [],
            Method = Method(plan),
            DisaggregationLabels = plan.DisaggregationLabels,
        };
    }

    private static readonly string[] Judged = ["achieved", "onTrack", "atRisk", "offTrack"];

    private static StatusCounts Count(IEnumerable<IndicatorAggregate> list)
    {
        var statuses = list.Where(i => i.Kind != IndicatorKind.Narrative).Select(i => i.Progress?.Status ?? "noData").ToList();
        int N(string s) => statuses.Count(x => x == s);
        return new StatusCounts(N("achieved"), N("onTrack"), N("atRisk"), N("offTrack"), N("notEnoughReports"), N("noData"), N("noTarget"));
    }

    private static List<GoalSection> Goals(WorkPlan plan, List<IndicatorAggregate> indicators) =>
        plan.Goals.Select(g =>
        {
            var outcomes = plan.Outcomes.Where(o => o.Goals.Contains(g.Code)).Select(o =>
            {
                var ofOutcome = indicators.Where(i => i.Outcome == o.Code).ToList();
                var grid = ofOutcome.Where(i => i.Kind != IndicatorKind.Narrative).Select(i => new StatusCell(i.Code, i.Title, i.Progress?.Status ?? "noData",
                    i.Progress is { } p ? Words.Progress(p.Status) : Words.Progress("noData"), i.Progress?.Coverage?.Text ?? i.Coverage?.Text, i.Provisional)).ToList();
                return new OutcomeSection(o.Code, o.Text, ofOutcome.Select(i => i.Code).ToList(), Count(ofOutcome), grid);
            }).ToList();
            var codes = outcomes.SelectMany(o => o.Indicators).ToHashSet();
            var ofGoal = indicators.Where(i => codes.Contains(i.Code)).ToList();
            var counts = Count(ofGoal);
            return new GoalSection(g.Code, g.Text, outcomes, counts, Headline(counts, ofGoal));
        }).ToList();

    /// <summary>"Of 6 indicators, 1 achieved, 2 on track, 0 at risk, 1 off track; 2 not judged (2 with not enough reports). …"</summary>
    private static string Headline(StatusCounts c, List<IndicatorAggregate> indicators)
    {
        if (c.Total == 0) return "No measured indicator.";
        var why = new List<string>();
        if (c.NotEnoughReports > 0) why.Add($"{c.NotEnoughReports} with not enough reports");
        if (c.NoData > 0) why.Add($"{c.NoData} with no data");
        if (c.NoTarget > 0) why.Add($"{c.NoTarget} with no target");
        var judgedCount = c.Total - c.NotJudged;
        string text;
        if (judgedCount == 0)
            text = $"None of its {c.Total} indicator{(c.Total == 1 ? "" : "s")} can be judged yet: {string.Join(", ", why)}.";
        else
        {
            text = $"Of {c.Total} indicator{(c.Total == 1 ? "" : "s")}, {c.Achieved} achieved, {c.OnTrack} on track, {c.AtRisk} at risk, {c.OffTrack} off track";
            text += c.NotJudged > 0 ? $"; {c.NotJudged} not judged ({string.Join(", ", why)})." : ".";
            var judged = indicators.Where(i => i.Progress is { Coverage: not null } p && Judged.Contains(p.Status)).ToList();
            var weakest = judged.MinBy(i => (decimal)i.Progress!.Coverage!.Counted / Math.Max(1, i.Progress.Coverage.Expected))!;
            text += judged.All(i => i.Progress!.Coverage!.Counted == i.Progress.Coverage.Expected)
                ? " Every judgement rests on all expected states."
                : $" The thinnest judgement, {weakest.Code}, rests on {weakest.Progress!.Coverage!.Text["from ".Length..]}.";
        }
        var provisional = indicators.Count(i => i.Provisional && i.Kind != IndicatorKind.Narrative);
        if (provisional > 0) text += $" {provisional} include{(provisional == 1 ? "s" : "")} provisional figures.";
        return text;
    }

    /// <summary>The coverage caveat on the first page, in plain words.</summary>
    private static List<string> Caveat(WorkPlan plan, List<IndicatorAggregate> indicators, List<CompletenessView> completeness, List<int> notStarted)
    {
        var lines = new List<string>
        {
            "A member state that has not reported is missing from these figures, never counted as zero: its figure is unknown, so a regional total or count over the states that reported is a floor, and an average describes those states only.",
        };
        if (completeness.Count > 0)
            lines.Add("Reports received: " + string.Join("; ", completeness.Select(c =>
                $"{c.Year}: {c.Reported} of {c.Expected} expected states" + (c.VoluntaryReports.Count > 0 ? $", and {string.Join(", ", c.VoluntaryReports.Select(v => v.State))} voluntarily" : ""))) + ".");
        var measured = indicators.Where(i => i.Kind != IndicatorKind.Narrative).ToList();
        var minimum = plan.MinimumCoverage ?? WorkPlan.DefaultMinimumCoverage;
        var own = plan.Indicators.Where(i => i.MinimumCoverage is not null).Select(i => i.Code).ToList();
        var withheld = measured.Where(i => i.Progress?.Status == "notEnoughReports").ToList();
        var example = completeness.LastOrDefault() is { Expected: > 0 } last ? $" ({new Coverage { Expected = last.Expected }.Needed(minimum)} of {last.Expected} in {last.Year})" : "";
        lines.Add($"Progress is judged only when at least {Words.Share(minimum)} of the expected states are counted{example}"
            + (own.Count > 0 ? $"; {string.Join(", ", own)} set{(own.Count == 1 ? "s" : "")} its own minimum" : "")
            + (withheld.Count > 0
                ? $". {withheld.Count} of {measured.Count} indicators cannot be judged yet for that reason and say \"not enough reports to judge\" with the number of states they rest on."
                : ". Every indicator with data reaches that minimum."));
        var provisional = measured.Count(i => i.Provisional);
        if (provisional > 0)
            lines.Add($"{provisional} of {measured.Count} figures include reports submitted but not yet accepted by the ASEAN Secretariat; they are provisional, marked * and drawn light in the charts, and may change.");
        if (notStarted.Count > 0)
            lines.Add($"The plan's {(notStarted.Count == 1 ? "year" : "years")} {string.Join(", ", notStarted)} {(notStarted.Count == 1 ? "has" : "have")} not started; this report covers the years so far.");
        return lines;
    }

    private static List<string> Method(WorkPlan plan) =>
    [
        Summary.CountingRule,
        "Provisional means a member state has submitted its report but the ASEAN Secretariat has not yet accepted it; such figures may still change.",
        "Member states are combined by each indicator's rule: a sum, a mean, a weighted mean (the sum of numerators divided by the sum of denominators, never a mean of percentages), or a count of \"yes\" answers.",
        "Years are combined by each indicator's rule: a sum over the years, or the latest year with data.",
        $"Coverage: every regional figure says what it rests on, e.g. \"from 3 of 10 states\": the member states expected to report that year whose figure is counted. A state reporting voluntarily (a new member in its first year) is counted in the value and named apart, never among the expected. A figure summed over years rests on every expected state-year so far, so a year nobody reported lowers its coverage.",
        "Under partial coverage: a sum and a count of \"yes\" over the states that reported are floors (the missing states would add to them, never subtract); a mean and a weighted mean describe the states that reported, not the region (the missing states may differ). A missing state is never a zero, because a zero is a figure someone reported.",
        $"So progress is judged only when at least {Words.Share(plan.MinimumCoverage ?? WorkPlan.DefaultMinimumCoverage)} of the expected states are counted (the plan's minimum; an indicator may set its own); below it the status is \"not enough reports to judge\", whatever the rule, and no share of the way to the target is given.",
        $"Progress is the share of the way from baseline to target, compared with a straight line from the baseline year to the target year: achieved (100% or more), on track (at least {Aggregator.OnTrackRatio:P0} of where the line is), at risk (at least {Aggregator.AtRiskRatio:P0}), off track (below that), no data (nothing reported), no target set.",
        "A member state is expected to report for a year when it was a member on 1 January of that year; a state that joined during the year may report voluntarily.",
        "Activities are scored 1 to 3 for importance by the reporting state; scores are summed across states and ranked per outcome.",
        "Narratives are reproduced as written by the focal points, in their own language and script, from every report whose figures are counted; those awaiting review are marked provisional.",
    ];
}
