using System.Globalization;
using Newtonsoft.Json.Linq;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.Plans;

namespace Reporting.Submissions;

/// <summary>
/// Checks a submission against its plan. Every error names the indicator and field by JSON Pointer and carries a code
/// (<see cref="ProblemError.Code"/>) the web pages show in the reader's language: unknown-indicator, not-an-object, not-used,
/// required, negative, whole-number, too-large, not-positive, exceeds-denominator, not-disaggregated, no-categories,
/// unknown-category, not-a-number, not-a-fraction, parts-sum, too-long, control-character, broken-character, not-a-link,
/// too-many-activities, unknown-outcome, importance-range.
/// </summary>
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
        void Add(string pointer, string code, string message) => errors.Add(new ProblemError(pointer, message, code));

        foreach (var (code, value) in input.Values)
        {
            var at = "/values/" + Escape(code);
            var indicator = plan.FindIndicator(code);
            if (indicator is null) { Add(at, "unknown-indicator", $"no indicator '{code}' in plan {plan.Id} (version {plan.Version})"); continue; }
            if (value is null) { Add(at, "not-an-object", "give an object with the indicator's figures, or leave the indicator out"); continue; }
            CheckValue(plan, indicator, value, at, Add);
        }

        CheckText(input.Narrative, "/narrative", MaxOverallNarrative, Add);

        if (input.Activities.Count > MaxActivities) Add("/activities", "too-many-activities", $"at most {MaxActivities} activities per submission");
        var outcomes = plan.Outcomes.Select(o => o.Code).ToHashSet();
        var framework = plan.Framework is { } id ? frameworks.Find(id) : null;
        for (var i = 0; i < input.Activities.Count; i++)
        {
            var at = $"/activities/{i}";
            var activity = input.Activities[i];
            if (activity is null) { Add(at, "not-an-object", "must be an object"); continue; }
            if (string.IsNullOrWhiteSpace(activity.Title)) Add($"{at}/title", "required", "is required");
            CheckText(activity.Title, $"{at}/title", MaxTitle, Add, singleLine: true);
            CheckText(activity.Description, $"{at}/description", MaxDescription, Add);
            if (activity.Outcome is null) Add($"{at}/outcome", "required", "is required: the outcome code the activity served");
            else if (!outcomes.Contains(activity.Outcome)) Add($"{at}/outcome", "unknown-outcome", $"no outcome '{activity.Outcome}' in plan {plan.Id}");
            if (activity.Kra is { } kra)
            {
                if (plan.Framework is null) Add($"{at}/kra", "unknown-kra", $"plan {plan.Id} names no framework, so an activity cannot name a key result area; leave kra out");
                else if (framework is null) Add($"{at}/kra", "unknown-kra", $"the plan's framework '{plan.Framework}' is not available on this service; leave kra out");
                else if (framework.FindKeyResultArea(kra) is null) Add($"{at}/kra", "unknown-kra", framework.NotAKeyResultArea(kra));
            }
            if (activity.Importance is null) Add($"{at}/importance", "required", "is required: 1 (low), 2 or 3 (high)");
            else if (activity.Importance is < 1 or > 3) Add($"{at}/importance", "importance-range", "must be 1, 2 or 3");
        }
        return errors;
    }

    private static void CheckValue(WorkPlan plan, Indicator indicator, IndicatorValue v, string at, Action<string, string, string> add)
    {
        var kind = indicator.Kind;
        void NotUsed(string field, bool present, string instead)
        {
            if (present) add($"{at}/{field}", "not-used", $"is not used by a {kind.ToString().ToLowerInvariant()} indicator; {instead}");
        }

        switch (kind)
        {
            case IndicatorKind.Count:
                NotUsed("numerator", v.Numerator is not null, "give value");
                NotUsed("denominator", v.Denominator is not null, "give value");
                NotUsed("achieved", v.Achieved is not null, "give value");
                NotUsed("evidenceUrl", v.EvidenceUrl is not null, "give value");
                if (v.Value is null) add($"{at}/value", "required", "is required for a count indicator");
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
                if (v.Achieved is null) add($"{at}/achieved", "required", "is required for a milestone: true or false");
                if (v.EvidenceUrl is not null && !IsHttpUrl(v.EvidenceUrl)) add($"{at}/evidenceUrl", "not-a-link", "must be a full http(s) link, e.g. https://example.gov/report.pdf");
                break;
            case IndicatorKind.Narrative:
                NotUsed("value", v.Value is not null, "write the narrative");
                NotUsed("numerator", v.Numerator is not null, "write the narrative");
                NotUsed("denominator", v.Denominator is not null, "write the narrative");
                NotUsed("achieved", v.Achieved is not null, "write the narrative");
                NotUsed("evidenceUrl", v.EvidenceUrl is not null, "write the narrative");
                if (string.IsNullOrWhiteSpace(v.Narrative)) add($"{at}/narrative", "required", "is required for a narrative indicator");
                break;
        }
        CheckText(v.Narrative, $"{at}/narrative", MaxNarrative, add);
        if (v.Disaggregation is { Count: > 0 }) CheckDisaggregation(plan, indicator, v, at, add);
    }

    private static void CheckCount(decimal value, string at, Action<string, string, string> add)
    {
        if (value < 0) add(at, "negative", "must not be negative");
        else if (value != decimal.Truncate(value)) add(at, "whole-number", "must be a whole number");
        else if (value > MaxNumber) add(at, "too-large", $"must not exceed {MaxNumber.ToString("N0", CultureInfo.InvariantCulture)}");
    }

    private static void CheckRate(IndicatorKind kind, decimal? numerator, decimal? denominator, string at, Action<string, string, string> add)
    {
        if (numerator is null) add($"{at}/numerator", "required", "is required");
        else if (numerator < 0) add($"{at}/numerator", "negative", "must not be negative");
        else if (numerator > MaxNumber) add($"{at}/numerator", "too-large", "is too large");
        if (denominator is null) add($"{at}/denominator", "required", "is required");
        else if (denominator <= 0) add($"{at}/denominator", "not-positive", "must be greater than zero");
        else if (denominator > MaxNumber) add($"{at}/denominator", "too-large", "is too large");
        if (kind == IndicatorKind.Percentage && numerator is { } n && denominator is { } d && d > 0 && n > d)
            add($"{at}/numerator", "exceeds-denominator", $"must not exceed the denominator ({d.ToString(CultureInfo.InvariantCulture)})");
    }

    private static void CheckDisaggregation(WorkPlan plan, Indicator indicator, IndicatorValue v, string at, Action<string, string, string> add)
    {
        foreach (var (dimension, parts) in v.Disaggregation!)
        {
            var dimAt = $"{at}/disaggregation/{Escape(dimension)}";
            if (!indicator.Disaggregations.Contains(dimension))
            {
                add(dimAt, "not-disaggregated", indicator.Disaggregations.Count == 0
                    ? $"indicator {indicator.Code} is not disaggregated"
                    : $"indicator {indicator.Code} is disaggregated by {string.Join(", ", indicator.Disaggregations)} only");
                continue;
            }
            if (parts is null || parts.Count == 0) { add(dimAt, "no-categories", "give at least one category"); continue; }
            var categories = plan.Disaggregations[dimension];
            decimal sumValue = 0, sumNum = 0, sumDen = 0;
            var ok = true;
            foreach (var (category, token) in parts)
            {
                var partAt = $"{dimAt}/{Escape(category)}";
                if (!categories.Contains(category)) { add(partAt, "unknown-category", $"'{category}' is not a category of {dimension} ({string.Join(", ", categories)})"); ok = false; continue; }
                if (indicator.Kind == IndicatorKind.Count)
                {
                    if (token is not JValue { Type: JTokenType.Integer or JTokenType.Float } number) { add(partAt, "not-a-number", "must be a number"); ok = false; continue; }
                    var part = number.Value<decimal>();
                    var before = ok;
                    CheckCount(part, partAt, (p, c, m) => { add(p, c, m); ok = false; });
                    if (ok && before) sumValue += part;
                }
                else
                {
                    if (token is not JObject obj || obj.Properties().Any(p => p.Name is not ("numerator" or "denominator"))
                        || obj["numerator"] is not JValue { Type: JTokenType.Integer or JTokenType.Float } pn
                        || obj["denominator"] is not JValue { Type: JTokenType.Integer or JTokenType.Float } pd)
                    {
                        add(partAt, "not-a-fraction", "must be {\"numerator\": n, \"denominator\": d}");
                        ok = false;
                        continue;
                    }
                    var (n, d) = (pn.Value<decimal>(), pd.Value<decimal>());
                    var count = 0;
                    CheckRate(indicator.Kind, n, d, partAt, (p, c, m) => { add(p, c, m); count++; });
                    if (count > 0) { ok = false; continue; }
                    sumNum += n;
                    sumDen += d;
                }
            }
            if (!ok) continue;
            if (indicator.Kind == IndicatorKind.Count && v.Value is { } total && sumValue != total)
                add(dimAt, "parts-sum", $"parts add up to {Fmt(sumValue)} but the total (value) is {Fmt(total)}");
            if (indicator.Kind != IndicatorKind.Count && v.Numerator is { } num && v.Denominator is { } den && (sumNum != num || sumDen != den))
                add(dimAt, "parts-sum", $"parts add up to {Fmt(sumNum)}/{Fmt(sumDen)} but the total is {Fmt(num)}/{Fmt(den)}");
        }
    }

    internal static void CheckText(string? text, string at, int max, Action<string, string, string> add, bool singleLine = false)
    {
        if (text is null) return;
        if (text.Length > max) add(at, "too-long", $"is {text.Length} characters; the limit is {max}");
        foreach (var c in text)
        {
            if (char.IsControl(c) && (singleLine || c is not ('\n' or '\r' or '\t')))
            {
                add(at, "control-character", $"contains a control character (U+{(int)c:X4}); remove it");
                return;
            }
        }
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) { add(at, "broken-character", "contains an unpaired surrogate (broken character)"); return; }
        }
    }

    private static bool IsHttpUrl(string url) =>
        url.Length <= MaxUrl && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string Fmt(decimal d) => d.ToString("0.############", CultureInfo.InvariantCulture);

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");
}
