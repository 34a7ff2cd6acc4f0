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
            // Annual: show each indicator's regional values for the years up to the report's year.
            foreach (var i in indicators)
                i.ByYear = toDate.Indicators.FirstOrDefault(t => t.Code == i.Code)?.ByYear?.Where(b => b.Year <= year).ToList();
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
            Method = Method(),
        };
    }

    private static List<GoalSection> Goals(WorkPlan plan, List<IndicatorAggregate> indicators)
    {
        StatusCounts Count(IEnumerable<IndicatorAggregate> list)
        {
            var statuses = list.Where(i => i.Kind != IndicatorKind.Narrative).Select(i => i.Progress?.Status ?? "noData").ToList();
            return new StatusCounts(statuses.Count(s => s == "achieved"), statuses.Count(s => s == "onTrack"), statuses.Count(s => s == "atRisk"),
                statuses.Count(s => s == "offTrack"), statuses.Count(s => s is "noData" or "noTarget"));
        }
        return plan.Goals.Select(g =>
        {
            var outcomes = plan.Outcomes.Where(o => o.Goals.Contains(g.Code)).Select(o =>
            {
                var ofOutcome = indicators.Where(i => i.Outcome == o.Code).ToList();
                return new OutcomeSection(o.Code, o.Text, ofOutcome.Select(i => i.Code).ToList(), Count(ofOutcome));
            }).ToList();
            var codes = outcomes.SelectMany(o => o.Indicators).ToHashSet();
            return new GoalSection(g.Code, g.Text, outcomes, Count(indicators.Where(i => codes.Contains(i.Code))));
        }).ToList();
    }

    private static List<string> Method() =>
    [
        Summary.CountingRule,
        "Provisional means a member state has submitted its report but the ASEAN Secretariat has not yet accepted it; such figures may still change.",
        "Member states are combined by each indicator's rule: a sum, a mean, a weighted mean (the sum of numerators divided by the sum of denominators, never a mean of percentages), or a count of \"yes\" answers.",
        "Years are combined by each indicator's rule: a sum over the years, or the latest year with data.",
        $"Progress is the share of the way from baseline to target, compared with a straight line from the baseline year to the target year: achieved (100% or more), on track (at least {Aggregator.OnTrackRatio:P0} of where the line is), at risk (at least {Aggregator.AtRiskRatio:P0}), off track (below that), no data (nothing reported).",
        "A member state is expected to report for a year when it was a member on 1 January of that year; a state that joined during the year may report voluntarily.",
        "Activities are scored 1 to 3 for importance by the reporting state; scores are summed across states and ranked per outcome.",
        "Narratives are reproduced as written by the focal points, in their own language and script.",
    ];
}
