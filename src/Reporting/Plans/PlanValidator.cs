using System.Text.RegularExpressions;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.SectoralBodies;

namespace Reporting.Plans;

/// <summary>Checks a plan's internal consistency; every error points into the uploaded document.</summary>
public static partial class PlanValidator
{
    /// <summary>One submission is written in one entity-group transaction (100 operations), which bounds a plan's size.</summary>
    public const int MaxIndicators = 80;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}$")]
    public static partial Regex PlanIdPattern();

    /// <summary>Codes of goals, outputs, outcomes, indicators and disaggregation names and categories.</summary>
    public const string CodePatternText = "^[A-Za-z0-9][A-Za-z0-9.\\-]{0,31}$";

    [GeneratedRegex(CodePatternText)]
    private static partial Regex CodePattern();

    /// <summary>With <paramref name="bodies"/>, the plan's sectoral body must be one of its codes (access is granted per body).</summary>
    public static IReadOnlyList<ProblemError> Validate(WorkPlan plan, FrameworkDirectory frameworks, string? expectedId = null, SectoralBodyDirectory? bodies = null)
    {
        var errors = new List<ProblemError>();
        void Add(string pointer, string message) => errors.Add(new ProblemError(pointer, message));

        if (!PlanIdPattern().IsMatch(plan.Id)) Add("/id", "must be 3-63 lowercase letters, digits or hyphens");
        else if (expectedId is not null && plan.Id != expectedId) Add("/id", $"must match the plan id in the address ({expectedId})");
        if (string.IsNullOrWhiteSpace(plan.Title)) Add("/title", "is required");
        if (string.IsNullOrWhiteSpace(plan.SectoralBody)) Add("/sectoralBody", "is required: the code of the sectoral body that runs the plan, e.g. SOMSWD");
        else if (bodies is not null && !bodies.IsKnown(plan.SectoralBody))
            Add("/sectoralBody", $"'{Truncate(plan.SectoralBody)}' is not a sectoral body code; use one of {string.Join(", ", bodies.All.Select(b => b.Code))}");
        if (plan.FirstYear is < 1967 or > 2100) Add("/firstYear", "must be a year between 1967 and 2100");
        if (plan.LastYear < plan.FirstYear || plan.LastYear - plan.FirstYear > 20) Add("/lastYear", "must be on or after firstYear and within 20 years of it");
        if (plan.Version is < 1) Add("/version", "must be 1 or more");
        CheckCoverage(plan.MinimumCoverage, "/minimumCoverage", Add);

        CheckCodes(plan.Goals.Select(g => g.Code).ToList(), "/goals", Add);
        CheckCodes(plan.Outputs.Select(o => o.Code).ToList(), "/outputs", Add);
        CheckCodes(plan.Outcomes.Select(o => o.Code).ToList(), "/outcomes", Add);
        CheckCodes(plan.Indicators.Select(i => i.Code).ToList(), "/indicators", Add);
        for (var i = 0; i < plan.Goals.Count; i++)
            if (string.IsNullOrWhiteSpace(plan.Goals[i].Text)) Add($"/goals/{i}/text", "is required");

        var goals = plan.Goals.Select(g => g.Code).ToHashSet();
        var outputs = plan.Outputs.Select(o => o.Code).ToHashSet();
        var outcomes = plan.Outcomes.Select(o => o.Code).ToHashSet();
        for (var i = 0; i < plan.Outputs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(plan.Outputs[i].Text)) Add($"/outputs/{i}/text", "is required");
            LinksExist(plan.Outputs[i].Goals, goals, $"/outputs/{i}/goals", "goal", Add);
        }
        for (var i = 0; i < plan.Outcomes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(plan.Outcomes[i].Text)) Add($"/outcomes/{i}/text", "is required");
            LinksExist(plan.Outcomes[i].Goals, goals, $"/outcomes/{i}/goals", "goal", Add);
            LinksExist(plan.Outcomes[i].Outputs, outputs, $"/outcomes/{i}/outputs", "output", Add);
        }

        foreach (var (dimension, categories) in plan.Disaggregations)
        {
            if (!CodePattern().IsMatch(dimension)) Add($"/disaggregations/{dimension}", "dimension names are letters, digits, dots or hyphens");
            if (categories.Count is < 2 or > 12) Add($"/disaggregations/{dimension}", "must list 2 to 12 categories");
            if (categories.Distinct().Count() != categories.Count) Add($"/disaggregations/{dimension}", "categories must be unique");
            if (categories.Any(c => !CodePattern().IsMatch(c))) Add($"/disaggregations/{dimension}", "categories are letters, digits, dots or hyphens");
        }

        foreach (var (dimension, label) in plan.DisaggregationLabels ?? [])
        {
            var at = $"/disaggregationLabels/{dimension}";
            if (!plan.Disaggregations.TryGetValue(dimension, out var categories)) { Add(at, $"no disaggregation dimension '{dimension}' in this plan"); continue; }
            if (label is null || string.IsNullOrWhiteSpace(label.Label) || label.Label.Length > 100) Add($"{at}/label", "is required (up to 100 characters)");
            foreach (var (category, words) in label?.Categories ?? [])
            {
                if (!categories.Contains(category)) Add($"{at}/categories/{category}", $"'{category}' is not a category of {dimension}");
                else if (string.IsNullOrWhiteSpace(words) || words.Length > 100) Add($"{at}/categories/{category}", "is required (up to 100 characters)");
            }
        }

        if (plan.Indicators.Count == 0) Add("/indicators", "a plan needs at least one indicator");
        if (plan.Indicators.Count > MaxIndicators) Add("/indicators", $"at most {MaxIndicators} indicators per plan");
        for (var i = 0; i < plan.Indicators.Count; i++)
            CheckIndicator(plan, plan.Indicators[i], $"/indicators/{i}", outcomes, outputs, Add);
        CheckFrameworkLinks(plan, frameworks, Add);
        return errors;
    }

    /// <summary>
    /// The framework the plan names exists, and every code in a <c>serves</c> list is one of its key result areas
    /// (the error points at the array element). Links are not submission data: a new version may change them freely.
    /// </summary>
    private static void CheckFrameworkLinks(WorkPlan plan, FrameworkDirectory frameworks, Action<string, string> add)
    {
        Framework? framework = null;
        if (plan.Framework is { } id)
        {
            framework = frameworks.Find(id);
            if (framework is null)
                add("/framework", frameworks.All.Count == 0
                    ? $"no framework '{id}': this service has no framework reference data"
                    : $"no framework '{id}'; known: {string.Join(", ", frameworks.All.Select(f => f.Id))}");
        }
        void Links(List<string> serves, MappingSource? source, string at)
        {
            if (serves.Count == 0)
            {
                if (source is not null) add($"{at}/mappingSource", "describes serves; name the key result areas in serves, or leave mappingSource out");
                return;
            }
            if (plan.Framework is null) { add($"{at}/serves", "name the plan's framework first (framework, e.g. ascc-blueprint-2025)"); return; }
            if (source is null) add($"{at}/mappingSource", "say who states these links: plan, framework or project (the project's own reading)");
            if (framework is null) return;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < serves.Count; i++)
            {
                var code = serves[i];
                if (string.IsNullOrWhiteSpace(code)) add($"{at}/serves/{i}", "must be a key result area code, e.g. B.1");
                else if (framework.FindKeyResultArea(code) is null) add($"{at}/serves/{i}", framework.NotAKeyResultArea(code));
                else if (!seen.Add(code)) add($"{at}/serves/{i}", $"'{code}' is listed twice");
            }
        }
        for (var i = 0; i < plan.Outputs.Count; i++) Links(plan.Outputs[i].Serves, plan.Outputs[i].MappingSource, $"/outputs/{i}");
        for (var i = 0; i < plan.Outcomes.Count; i++) Links(plan.Outcomes[i].Serves, plan.Outcomes[i].MappingSource, $"/outcomes/{i}");
        for (var i = 0; i < plan.Indicators.Count; i++) Links(plan.Indicators[i].Serves, plan.Indicators[i].MappingSource, $"/indicators/{i}");
    }

    private static void CheckIndicator(WorkPlan plan, Indicator ind, string at, HashSet<string> outcomes, HashSet<string> outputs, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(ind.Title)) add($"{at}/title", "is required");
        CheckCoverage(ind.MinimumCoverage, $"{at}/minimumCoverage", add);
        if (ind.Outcome is null && ind.Output is null) add($"{at}/outcome", "link the indicator to an outcome or an output");
        if (ind.Outcome is not null && !outcomes.Contains(ind.Outcome)) add($"{at}/outcome", $"no outcome '{ind.Outcome}' in this plan");
        if (ind.Output is not null && !outputs.Contains(ind.Output)) add($"{at}/output", $"no output '{ind.Output}' in this plan");

        var allowed = ind.Kind switch
        {
            IndicatorKind.Count => [StateAggregation.Sum, StateAggregation.Mean],
            IndicatorKind.Percentage or IndicatorKind.Ratio => [StateAggregation.WeightedMean],
            IndicatorKind.Milestone => [StateAggregation.CountYes],
            _ => new[] { StateAggregation.None },
        };
        if (!allowed.Contains(ind.StateAggregation))
            add($"{at}/stateAggregation", $"a {Name(ind.Kind)} indicator combines states by {string.Join(" or ", allowed.Select(Name))}");
        if (ind.Kind == IndicatorKind.Narrative ? ind.YearAggregation != YearAggregation.None : ind.YearAggregation == YearAggregation.None)
            add($"{at}/yearAggregation", ind.Kind == IndicatorKind.Narrative ? "a narrative indicator has no year aggregation (none)" : "must be sum or latest");
        if (ind.Kind is IndicatorKind.Percentage or IndicatorKind.Ratio && ind.YearAggregation == YearAggregation.Sum)
            add($"{at}/yearAggregation", "rates cannot be summed over years; use latest");

        if (ind.Kind is IndicatorKind.Narrative or IndicatorKind.Milestone)
        {
            if (ind.Disaggregations.Count > 0) add($"{at}/disaggregations", $"a {Name(ind.Kind)} indicator cannot be disaggregated");
        }
        foreach (var d in ind.Disaggregations)
            if (!plan.Disaggregations.ContainsKey(d)) add($"{at}/disaggregations", $"no disaggregation dimension '{d}' in this plan");
        if (ind.Disaggregations.Distinct().Count() != ind.Disaggregations.Count) add($"{at}/disaggregations", "dimensions must be unique");

        if (ind.Kind == IndicatorKind.Narrative && (ind.Baseline is not null || ind.Target is not null))
            add($"{at}/target", "a narrative indicator has no baseline or target");
        if (ind.Kind == IndicatorKind.Percentage)
        {
            if (ind.Baseline is { Value: < 0 or > 100 }) add($"{at}/baseline/value", "a percentage is between 0 and 100");
            if (ind.Target is { Value: < 0 or > 100 }) add($"{at}/target/value", "a percentage is between 0 and 100");
        }
        if (ind.Baseline is { } b && (b.Year < plan.FirstYear - 10 || b.Year > plan.LastYear)) add($"{at}/baseline/year", "must be near the plan period");
        if (ind.Target is { } t && (t.Year < plan.FirstYear || t.Year > plan.LastYear + 5)) add($"{at}/target/year", "must fall in or just after the plan period");
        if (ind.Baseline is { } bv && ind.Target is { } tv && bv.Value != tv.Value)
        {
            var rising = tv.Value > bv.Value;
            if (rising != (ind.Direction == Direction.Increase))
                add($"{at}/direction", $"the target is {(rising ? "above" : "below")} the baseline, so direction must be {(rising ? "increase" : "decrease")}");
        }
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static void CheckCoverage(decimal? share, string at, Action<string, string> add)
    {
        if (share is { } s && (s <= 0m || s > 1m))
            add(at, "must be a share of the expected states above 0 and at most 1 (e.g. 0.67 for two thirds)");
    }

    private static void CheckCodes(List<string> codes, string at, Action<string, string> add)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < codes.Count; i++)
        {
            if (!CodePattern().IsMatch(codes[i])) add($"{at}/{i}/code", "codes are 1-32 letters, digits, dots or hyphens");
            else if (!seen.Add(codes[i])) add($"{at}/{i}/code", $"'{codes[i]}' appears twice");
        }
    }

    private static void LinksExist(List<string> links, HashSet<string> known, string at, string what, Action<string, string> add)
    {
        for (var i = 0; i < links.Count; i++)
            if (!known.Contains(links[i])) add($"{at}/{i}", $"no {what} '{links[i]}' in this plan");
    }

    private static string Name<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }
}
