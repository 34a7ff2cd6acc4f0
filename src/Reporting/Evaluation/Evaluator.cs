using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Frameworks;
using Reporting.Plans;
using Reporting.Reports;

namespace Reporting.Evaluation;

/// <summary>One plan's part in an evaluation, with the caller's level in it (which view of its figures applies).</summary>
public sealed record PlanPart(EvaluationContribution Contribution, AccessLevel Level, string? State, bool Stale);

/// <summary>
/// Pure: the contributions of the plans in the caller's scope and the framework in, the evaluation out. Each plan's
/// figures are taken in the view the caller has of that plan, as the plan's summary gives it: the secretariat's (every
/// counted report, provisional ones marked), or official figures only for observers and focal points (a focal point's with
/// no other state's code).
/// </summary>
public static class Evaluator
{
    public static FrameworkEvaluation Evaluate(Framework framework, int? year, int currentYear, IReadOnlyList<PlanPart> parts)
    {
        var views = parts.OrderBy(p => p.Contribution.PlanId, StringComparer.Ordinal).Select(View).ToList();
        var kras = framework.KeyResultAreas.Select(k => Kra(k, views)).ToList();
        var characteristics = framework.Characteristics.Select(c =>
        {
            var under = kras.Where(k => k.Characteristic == c.Code).ToList();
            var distinct = under.SelectMany(k => k.Indicators).DistinctBy(i => (i.PlanId, i.Code)).ToList();
            var plans = under.SelectMany(k => k.Plans).Distinct().Order(StringComparer.Ordinal).ToList();
            var counts = Count(distinct);
            return new CharacteristicEvaluation
            {
                Code = c.Code, Title = c.Title, Confirmed = c.Confirmed, Plans = plans, Status = counts,
                Headline = Headline(plans.Count, null, counts, distinct), KeyResultAreas = under,
            };
        }).ToList();

        return new FrameworkEvaluation
        {
            FrameworkId = framework.Id,
            FrameworkTitle = framework.Title,
            ShortTitle = framework.ShortTitle,
            FrameworkRevision = framework.Revision,
            Year = year,
            Period = year is { } y ? y.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"{framework.FirstYear}-{framework.LastYear} (the framework's whole period{(currentYear <= framework.LastYear ? ", to date" : "")})",
            DataAsOf = views.Select(v => v.Part.Contribution.DataAsOf).Where(d => d is not null).DefaultIfEmpty(null).Max(),
            Stale = views.Any(v => v.Part.Stale),
            Counting = Summary.CountingRule,
            Serving = FrameworkEvaluation.ServesRule,
            ActivityCounting = FrameworkEvaluation.ActivityRule,
            PlanSelection = FrameworkEvaluation.PlansRule,
            KeyResultAreasDeclared = framework.DeclaredKeyResultAreas,
            KeyResultAreasListed = framework.KeyResultAreas.Count,
            Plans = views.Select(Plan).ToList(),
            Characteristics = characteristics,
            Gaps = Gaps(framework, kras),
        };
    }

    /// <summary>A plan's contribution in the caller's view of it.</summary>
    private sealed record PlanView(PlanPart Part, List<(ContributedIndicator Indicator, IndicatorView View)> Indicators)
    {
        public bool Secretariat => Part.Level == AccessLevel.Secretariat;
    }

    private static PlanView View(PlanPart part)
    {
        var indicators = part.Contribution.Indicators.Select(i => (i, part.Level switch
        {
            AccessLevel.Secretariat => i.Secretariat,
            AccessLevel.FocalPoint when part.State is { } state => i.Official with
            {
                Progress = i.Official.Progress is { } p ? p with { Coverage = SummaryBuilder.ScopeToState(p.Coverage, state) } : null,
            },
            _ => i.Official,
        })).ToList();
        return new PlanView(part, indicators);
    }

    private static EvaluatedPlan Plan(PlanView v)
    {
        var c = v.Part.Contribution;
        var years = c.Years.Count == 0 ? "" : c.Years.Count == 1 ? $" ({c.Years[0]})" : $" ({c.Years[0]}-{c.Years[^1]})";
        return new EvaluatedPlan
        {
            PlanId = c.PlanId, Title = c.PlanTitle, SectoralBody = c.SectoralBody, Version = c.PlanVersion, FirstYear = c.FirstYear, LastYear = c.LastYear,
            Years = c.Years,
            SummaryYear = c.AggregateYear,
            Figures = c.Year is { } y ? $"{y} (judged through {y})"
                : c.AggregateYear is { } last ? $"through {last}, the framework's last year (the plan's summary of {last})"
                : "to date" + years,
            View = v.Part.Level switch { AccessLevel.Secretariat => "secretariat", AccessLevel.FocalPoint => "focalPoint", _ => "observer" },
            OfficialOnly = !v.Secretariat,
            ActivitiesShown = v.Secretariat,
            ServingIndicators = c.Indicators.Count,
            DataAsOf = c.DataAsOf,
            Stale = v.Part.Stale,
        };
    }

    private static KraEvaluation Kra(KeyResultArea kra, List<PlanView> views)
    {
        var outcomes = new List<KraElement>();
        var outputs = new List<KraElement>();
        var indicators = new List<KraIndicator>();
        var lines = new List<KraActivity>();
        var activitiesShown = false;
        foreach (var v in views)
        {
            var c = v.Part.Contribution;
            outcomes.AddRange(c.Outcomes.Where(o => o.Serves.Contains(kra.Code)).Select(o => new KraElement(c.PlanId, o.Code, o.Text, o.MappingSource, o.MappingNote)));
            outputs.AddRange(c.Outputs.Where(o => o.Serves.Contains(kra.Code)).Select(o => new KraElement(c.PlanId, o.Code, o.Text, o.MappingSource, o.MappingNote)));
            foreach (var (i, view) in v.Indicators)
            {
                var links = i.Links.Where(l => l.Kra == kra.Code).ToList();
                if (links.Count == 0) continue;
                indicators.Add(new KraIndicator
                {
                    PlanId = c.PlanId, Code = i.Code, Title = i.Title, Kind = i.Kind, Unit = i.Unit, Outcome = i.Outcome, Output = i.Output,
                    Via = links.Select(l => l.Via).Distinct().ToList(),
                    MappingSource = Weakest(links.Select(l => l.MappingSource)),
                    Figure = view.Figure, Provisional = view.Provisional, ProvisionalStates = view.ProvisionalStates, Progress = view.Progress,
                });
            }
            if (!v.Secretariat) continue;
            activitiesShown = true;
            var serving = c.Outcomes.Where(o => o.Serves.Contains(kra.Code)).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
            foreach (var a in c.Activities)
            {
                if (a.Kras.FirstOrDefault(k => k.Kra == kra.Code) is { } named)
                    lines.Add(new KraActivity(c.PlanId, a.Outcome, a.Title, "named", named.Score, named.Activities, a.States));
                var unnamedCount = a.Activities - a.Kras.Sum(k => k.Activities);
                if (unnamedCount > 0 && serving.Contains(a.Outcome))
                    lines.Add(new KraActivity(c.PlanId, a.Outcome, a.Title, "outcome", a.Score - a.Kras.Sum(k => k.Score), unnamedCount, a.States));
            }
        }
        var plans = outcomes.Select(o => o.PlanId).Concat(outputs.Select(o => o.PlanId)).Concat(indicators.Select(i => i.PlanId))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var counts = Count(indicators);
        var gaps = new List<string>();
        if (plans.Count == 0) gaps.Add("notServed");
        foreach (var status in new[] { "offTrack", "notEnoughReports", "noTarget", "noData" })
            if (indicators.Any(i => i.Kind != IndicatorKind.Narrative && (i.Progress?.Status ?? "noData") == status)) gaps.Add(status);
        if (!kra.Confirmed) gaps.Add("unconfirmed");
        KraActivities? activities = null;
        if (activitiesShown)
        {
            var named = lines.Where(l => l.Basis == "named").ToList();
            var via = lines.Where(l => l.Basis == "outcome").ToList();
            activities = new KraActivities
            {
                Activities = lines.Sum(l => l.Activities),
                Score = lines.Sum(l => l.Score),
                Named = new ActivityTotal(named.Sum(l => l.Activities), named.Sum(l => l.Score)),
                ViaOutcome = new ActivityTotal(via.Sum(l => l.Activities), via.Sum(l => l.Score)),
                Lines = lines.OrderByDescending(l => l.Score).ThenBy(l => l.PlanId, StringComparer.Ordinal).ThenBy(l => l.Outcome, StringComparer.Ordinal)
                    .ThenBy(l => l.Title, StringComparer.Ordinal).ThenBy(l => l.Basis, StringComparer.Ordinal).ToList(),
            };
        }
        return new KraEvaluation
        {
            Code = kra.Code, Characteristic = kra.Characteristic, Title = kra.Title, Confirmed = kra.Confirmed, Note = kra.Confirmed ? null : kra.Note,
            Plans = plans, Outcomes = outcomes, Outputs = outputs, Indicators = indicators, Status = counts,
            Headline = Headline(plans.Count, outcomes.Count, counts, indicators), Activities = activities, Gaps = gaps,
        };
    }

    /// <summary>Project is the weakest source, then framework, then plan (the plan's own text).</summary>
    private static MappingSource? Weakest(IEnumerable<MappingSource?> sources)
    {
        var known = sources.OfType<MappingSource>().ToList();
        if (known.Count == 0) return null;
        return known.Contains(MappingSource.Project) ? MappingSource.Project : known.Contains(MappingSource.Framework) ? MappingSource.Framework : MappingSource.Plan;
    }

    private static StatusCounts Count(IEnumerable<KraIndicator> indicators)
    {
        var statuses = indicators.Where(i => i.Kind != IndicatorKind.Narrative).Select(i => i.Progress?.Status ?? "noData").ToList();
        int N(string s) => statuses.Count(x => x == s);
        return new StatusCounts(N("achieved"), N("onTrack"), N("atRisk"), N("offTrack"), N("notEnoughReports"), N("noData"), N("noTarget"));
    }

    /// <summary>"Served by 2 plans (3 outcomes) through 5 indicators: 1 achieved, 2 on track, …; 1 not judged (1 with not enough reports)."</summary>
    public static string Headline(int plans, int? outcomes, StatusCounts c, IReadOnlyList<KraIndicator> indicators)
    {
        if (plans == 0) return "No plan in this evaluation serves it.";
        var by = $"Served by {plans} plan{(plans == 1 ? "" : "s")}" + (outcomes is { } o ? $" ({o} outcome{(o == 1 ? "" : "s")})" : "");
        if (c.Total == 0) return $"{by}; no measured indicator serves it.";
        var why = new List<string>();
        if (c.NotEnoughReports > 0) why.Add($"{c.NotEnoughReports} with not enough reports");
        if (c.NoData > 0) why.Add($"{c.NoData} with no data");
        if (c.NoTarget > 0) why.Add($"{c.NoTarget} with no target");
        var judged = c.Total - c.NotJudged;
        var text = judged == 0
            ? $"{by}; none of its {c.Total} indicator{(c.Total == 1 ? "" : "s")} can be judged yet: {string.Join(", ", why)}."
            : $"{by} through {c.Total} indicator{(c.Total == 1 ? "" : "s")}: {c.Achieved} achieved, {c.OnTrack} on track, {c.AtRisk} at risk, {c.OffTrack} off track"
              + (c.NotJudged > 0 ? $"; {c.NotJudged} not judged ({string.Join(", ", why)})." : ".");
        var provisional = indicators.Count(i => i.Provisional && i.Kind != IndicatorKind.Narrative);
        if (provisional > 0) text += $" {provisional} include{(provisional == 1 ? "s" : "")} provisional figures.";
        return text;
    }

    private static EvaluationGaps Gaps(Framework framework, List<KraEvaluation> kras)
    {
        var notServed = kras.Where(k => k.Plans.Count == 0).Select(k => k.Code).ToList();
        var weak = kras.SelectMany(k => k.Indicators
                .Where(i => i.Kind != IndicatorKind.Narrative && (i.Progress?.Status ?? "noData") is "offTrack" or "notEnoughReports" or "noTarget" or "noData")
                .Select(i => new EvaluationGap(k.Code, i.PlanId, i.Code, i.Title, i.Progress?.Status ?? "noData") { Coverage = i.Progress?.Coverage?.Text }))
            .ToList();
        var unconfirmed = kras.Where(k => !k.Confirmed).Select(k => k.Code).ToList();
        var notListed = Math.Max(0, (framework.DeclaredKeyResultAreas ?? framework.KeyResultAreas.Count) - framework.KeyResultAreas.Count);
        var calls = new List<string>();
        string List(string status, Func<EvaluationGap, string> each) =>
            string.Join("; ", weak.Where(w => w.Status == status).GroupBy(w => w.Kra).Select(g => $"{g.Key}: {string.Join(", ", g.Select(each))}"));
        if (notServed.Count > 0)
            calls.Add($"No plan in this evaluation serves {string.Join(", ", notServed)}: consider whether a sectoral body's plan should, or whether a link is missing.");
        if (weak.Any(w => w.Status == "offTrack"))
            calls.Add($"Review delivery where key result areas have off-track indicators ({List("offTrack", w => $"{w.PlanId} {w.Indicator}")}).");
        if (weak.Any(w => w.Status == "notEnoughReports"))
            calls.Add($"Collect the missing reports needed to judge ({List("notEnoughReports", w => $"{w.PlanId} {w.Indicator}, {w.Coverage?.Replace("from ", "", StringComparison.Ordinal)}")}).");
        if (weak.Any(w => w.Status == "noData"))
            calls.Add($"Agree how data will be collected for serving indicators with no data ({List("noData", w => $"{w.PlanId} {w.Indicator}")}).");
        if (weak.Any(w => w.Status == "noTarget"))
            calls.Add($"Set targets for serving indicators without one ({List("noTarget", w => $"{w.PlanId} {w.Indicator}")}).");
        if (unconfirmed.Count > 0)
            calls.Add($"Confirm {string.Join(", ", unconfirmed)} against the {framework.ShortTitle ?? framework.Title} before an official evaluation relies on links to {(unconfirmed.Count == 1 ? "it" : "them")}: the code or title is a working label no source confirmed.");
        if (notListed > 0)
            calls.Add($"{notListed} of the framework's {framework.DeclaredKeyResultAreas} key result areas are not in its reference data yet (no stored source gave their codes and titles), so this evaluation cannot show whether any plan serves them.");
        return new EvaluationGaps { NotServed = notServed, Indicators = weak, Unconfirmed = unconfirmed, NotListed = notListed, CallsFor = calls };
    }
}
