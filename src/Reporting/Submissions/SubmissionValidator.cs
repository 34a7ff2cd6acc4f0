using System.Globalization;
using Newtonsoft.Json.Linq;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.Plans;

namespace Reporting.Submissions;

/// <summary>Checks a submission against its plan. Every error names the indicator and field by JSON Pointer.</summary>
public static class SubmissionValidator
{
    public const int MaxNarrative = 8_000;
    public const int MaxOverallNarrative = 20_000;
    public const int MaxActivities = 15;
    public const int MaxTitle = 300;
    public const int MaxDescription = 4_000;
    public const int MaxUrl = 2_000;
    public const decimal MaxNumber = 1_000_000_000_000m;

    public static IReadOnlyList<ProblemError> Validate(WorkPlan plan, SubmissionInput input, FrameworkDirectory frameworks)
    {
        var errors = new List<ProblemError>();
        void Add(string pointer, string message) => errors.Add(new ProblemError(pointer, message));

        foreach (var (code, value) in input.Values)
        {
            var at = "/values/" + Escape(code);
            var indicator = plan.FindIndicator(code);
            if (indicator is null) { Add(at, $"no indicator '{code}' in plan {plan.Id} (version {plan.Version})"); continue; }
            if (value is null) { Add(at, "give an object with the indicator's figures, or leave the indicator out"); continue; }
            CheckValue(plan, indicator, value, at, Add);
        }

        CheckText(input.Narrative, "/narrative", MaxOverallNarrative, Add);

        if (input.Activities.Count > MaxActivities) Add("/activities", $"at most {MaxActivities} activities per submission");
        var outcomes = plan.Outcomes.Select(o => o.Code).ToHashSet();
        var framework = plan.Framework is { } id ? frameworks.Find(id) : null;
        for (var i = 0; i < input.Activities.Count; i++)
        {
            var at = $"/activities/{i}";
            var activity = input.Activities[i];
            if (activity is null) { Add(at, "must be an object"); continue; }
            if (string.IsNullOrWhiteSpace(activity.Title)) Add($"{at}/title", "is required");
            CheckText(activity.Title, $"{at}/title", MaxTitle, Add, singleLine: true);
            CheckText(activity.Description, $"{at}/description", MaxDescription, Add);
            if (activity.Outcome is null) Add($"{at}/outcome", "is required: the outcome code the activity served");
            else if (!outcomes.Contains(activity.Outcome)) Add($"{at}/outcome", $"no outcome '{activity.Outcome}' in plan {plan.Id}");
            if (activity.Kra is { } kra)
            {
                if (plan.Framework is null) Add($"{at}/kra", $"plan {plan.Id} names no framework, so an activity cannot name a key result area; leave kra out");
                else if (framework is null) Add($"{at}/kra", $"the plan's framework '{plan.Framework}' is not available on this service; leave kra out");
                else if (framework.FindKeyResultArea(kra) is null) Add($"{at}/kra", framework.NotAKeyResultArea(kra));
            }
            if (activity.Importance is null) Add($"{at}/importance", "is required: 1 (low), 2 or 3 (high)");
            else if (activity.Importance is < 1 or > 3) Add($"{at}/importance", "must be 1, 2 or 3");
        }
        return errors;
    }

    private static void CheckValue(WorkPlan plan, Indicator indicator, IndicatorValue v, string at, Action<string, string> add)
    {
        var kind = indicator.Kind;
        void NotUsed(string field, bool present, string instead)
        {
            if (present) add($"{at}/{field}", $"is not used by a {kind.ToString().ToLowerInvariant()} indicator; {instead}");
        }

        switch (kind)
        {
            case IndicatorKind.Count:
                NotUsed("numerator", v.Numerator is not null, "give value");
                NotUsed("denominator", v.Denominator is not null, "give value");
                NotUsed("achieved", v.Achieved is not null, "give value");
                NotUsed("evidenceUrl", v.EvidenceUrl is not null, "give value");
                if (v.Value is null) add($"{at}/value", "is required for a count indicator");
                else CheckCount(v.Value.Value, $"{at}/value", add);
                break;
            case IndicatorKind.Percentage or IndicatorKind.Ratio:
                NotUsed("value", v.Value is not null, "give numerator and denominator (the percentage is computed)");
                NotUsed("achieved", v.Achieved is not null, "give numerator and denominator");
                NotUsed("evidenceUrl", v.EvidenceUrl is not null, "give numerator and denominator");
                CheckRate(kind, v.Numerator, v.Denominator, at, add);
                break;
            case IndicatorKind.Milestone:
                NotUsed("value", v.Value is not null, "give achieved (true or false)");
                NotUsed("numerator", v.Numerator is not null, "give achieved (true or false)");
                NotUsed("denominator", v.Denominator is not null, "give achieved (true or false)");
                if (v.Achieved is null) add($"{at}/achieved", "is required for a milestone: true or false");
                if (v.EvidenceUrl is not null && !IsHttpUrl(v.EvidenceUrl)) add($"{at}/evidenceUrl", "must be a full http(s) link, e.g. https://example.gov/report.pdf");
                break;
            case IndicatorKind.Narrative:
                NotUsed("value", v.Value is not null, "write the narrative");
                NotUsed("numerator", v.Numerator is not null, "write the narrative");
                NotUsed("denominator", v.Denominator is not null, "write the narrative");
                NotUsed("achieved", v.Achieved is not null, "write the narrative");
                NotUsed("evidenceUrl", v.EvidenceUrl is not null, "write the narrative");
                if (string.IsNullOrWhiteSpace(v.Narrative)) add($"{at}/narrative", "is required for a narrative indicator");
                break;
        }
        CheckText(v.Narrative, $"{at}/narrative", MaxNarrative, add);
        if (v.Disaggregation is { Count: > 0 }) CheckDisaggregation(plan, indicator, v, at, add);
    }

    private static void CheckCount(decimal value, string at, Action<string, string> add)
    {
        if (value < 0) add(at, "must not be negative");
        else if (value != decimal.Truncate(value)) add(at, "must be a whole number");
        else if (value > MaxNumber) add(at, $"must not exceed {MaxNumber.ToString("N0", CultureInfo.InvariantCulture)}");
    }

    private static void CheckRate(IndicatorKind kind, decimal? numerator, decimal? denominator, string at, Action<string, string> add)
    {
        if (numerator is null) add($"{at}/numerator", "is required");
        else if (numerator < 0) add($"{at}/numerator", "must not be negative");
        else if (numerator > MaxNumber) add($"{at}/numerator", "is too large");
        if (denominator is null) add($"{at}/denominator", "is required");
        else if (denominator <= 0) add($"{at}/denominator", "must be greater than zero");
        else if (denominator > MaxNumber) add($"{at}/denominator", "is too large");
        if (kind == IndicatorKind.Percentage && numerator is { } n && denominator is { } d && d > 0 && n > d)
            add($"{at}/numerator", $"must not exceed the denominator ({d.ToString(CultureInfo.InvariantCulture)})");
    }

    private static void CheckDisaggregation(WorkPlan plan, Indicator indicator, IndicatorValue v, string at, Action<string, string> add)
    {
        foreach (var (dimension, parts) in v.Disaggregation!)
        {
            var dimAt = $"{at}/disaggregation/{Escape(dimension)}";
            if (!indicator.Disaggregations.Contains(dimension))
            {
                add(dimAt, indicator.Disaggregations.Count == 0
                    ? $"indicator {indicator.Code} is not disaggregated"
                    : $"indicator {indicator.Code} is disaggregated by {string.Join(", ", indicator.Disaggregations)} only");
                continue;
            }
            if (parts is null || parts.Count == 0) { add(dimAt, "give at least one category"); continue; }
            var categories = plan.Disaggregations[dimension];
            decimal sumValue = 0, sumNum = 0, sumDen = 0;
            var ok = true;
            foreach (var (category, token) in parts)
            {
                var partAt = $"{dimAt}/{Escape(category)}";
                if (!categories.Contains(category)) { add(partAt, $"'{category}' is not a category of {dimension} ({string.Join(", ", categories)})"); ok = false; continue; }
                if (indicator.Kind == IndicatorKind.Count)
                {
                    if (token is not JValue { Type: JTokenType.Integer or JTokenType.Float } number) { add(partAt, "must be a number"); ok = false; continue; }
                    var part = number.Value<decimal>();
                    var before = ok;
                    CheckCount(part, partAt, (p, m) => { add(p, m); ok = false; });
                    if (ok && before) sumValue += part;
                }
                else
                {
                    if (token is not JObject obj || obj.Properties().Any(p => p.Name is not ("numerator" or "denominator"))
                        || obj["numerator"] is not JValue { Type: JTokenType.Integer or JTokenType.Float } pn
                        || obj["denominator"] is not JValue { Type: JTokenType.Integer or JTokenType.Float } pd)
                    {
                        add(partAt, "must be {\"numerator\": n, \"denominator\": d}");
                        ok = false;
                        continue;
                    }
                    var (n, d) = (pn.Value<decimal>(), pd.Value<decimal>());
                    var count = 0;
                    CheckRate(indicator.Kind, n, d, partAt, (p, m) => { add(p, m); count++; });
                    if (count > 0) { ok = false; continue; }
                    sumNum += n;
                    sumDen += d;
                }
            }
            if (!ok) continue;
            if (indicator.Kind == IndicatorKind.Count && v.Value is { } total && sumValue != total)
                add(dimAt, $"parts add up to {Fmt(sumValue)} but the total (value) is {Fmt(total)}");
            if (indicator.Kind != IndicatorKind.Count && v.Numerator is { } num && v.Denominator is { } den && (sumNum != num || sumDen != den))
                add(dimAt, $"parts add up to {Fmt(sumNum)}/{Fmt(sumDen)} but the total is {Fmt(num)}/{Fmt(den)}");
        }
    }

    internal static void CheckText(string? text, string at, int max, Action<string, string> add, bool singleLine = false)
    {
        if (text is null) return;
        if (text.Length > max) add(at, $"is {text.Length} characters; the limit is {max}");
        foreach (var c in text)
        {
            if (char.IsControl(c) && (singleLine || c is not ('\n' or '\r' or '\t')))
            {
                add(at, $"contains a control character (U+{(int)c:X4}); remove it");
                return;
            }
        }
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) { add(at, "contains an unpaired surrogate (broken character)"); return; }
        }
    }

    private static bool IsHttpUrl(string url) =>
        url.Length <= MaxUrl && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string Fmt(decimal d) => d.ToString("0.############", CultureInfo.InvariantCulture);

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");
}
