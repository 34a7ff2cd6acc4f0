using Newtonsoft.Json.Linq;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.Plans;

namespace Reporting.Submissions;

/// <summary>
/// A lenient draft save (<c>PUT .../submissions/{state}</c> with <c>Prefer: handling=lenient</c>, RFC 7240): the valid parts
/// of the body are stored and the parts with a problem are left out, each named with its pointer and why. A part is one
/// indicator's figures (<c>/values/{code}</c>), the overall narrative (<c>/narrative</c>) or one activity
/// (<c>/activities/{i}</c>). A left-out indicator or narrative keeps what was stored before (<see cref="KeptValues"/>,
/// <see cref="KeepsNarrative"/>), so a half-typed figure never wipes a saved one; a left-out activity is not stored (activities
/// have no identity but their place in the list). A body that is not a submission at all (not JSON, not an object, values not
/// an object, an unknown top-level field) is refused as a strict save would refuse it.
/// </summary>
public sealed record LenientDraft(IReadOnlyList<ProblemError> LeftOut, IReadOnlySet<string> KeptValues, bool KeepsNarrative)
{
    public const string Preference = "handling=lenient";

    /// <summary>The history keeps what was left out, within what one table property holds.</summary>
    private const int HistoryChars = 30_000;

    /// <summary>Splits a parsed body into what can be stored and what is left out.</summary>
    public static (SubmissionInput Input, LenientDraft Draft) Split(WorkPlan plan, FrameworkDirectory frameworks, JToken token)
    {
        if (token is not JObject body) return (Json.Bind<SubmissionInput>(token), None);
        var leftOut = new List<ProblemError>();
        var parts = new HashSet<string>(StringComparer.Ordinal);

        // Wrong types and unknown fields inside a part leave that part out; anywhere else the body is not a submission.
        var shape = Json.ShapeErrors<SubmissionInput>(body);
        if (shape.Any(e => PartOf(e.Pointer) is null))
            throw new ProblemException(Problems.Create(400, "bad-request", "The request body does not have the expected shape.", errors: shape));
        var clean = (JObject)body.DeepClone();
        foreach (var error in shape)
        {
            var part = PartOf(error.Pointer)!;
            leftOut.Add(error);
            if (!parts.Add(part)) continue;
            var segments = part.Split('/');
            if (segments[1] == "values") ((JObject)clean["values"]!).Remove(Unescape(segments[2]));
            else if (segments[1] == "narrative") clean.Remove("narrative");
            else clean["activities"]![int.Parse(segments[2], System.Globalization.CultureInfo.InvariantCulture)] = JValue.CreateNull();
        }
        var input = Json.Bind<SubmissionInput>(clean);

        // Every part is checked on its own; one left out for its shape already says why (its activity stands as null here).
        var shapeParts = parts.ToHashSet(StringComparer.Ordinal);
        foreach (var error in SubmissionValidator.Validate(plan, input, frameworks))
        {
            if (PartOf(error.Pointer) is not { } part || shapeParts.Contains(part)) continue; // the count of activities: below
            leftOut.Add(error);
            parts.Add(part);
        }
        // Activities beyond the limit are left out, counting only those stored.
        var stays = Enumerable.Range(0, input.Activities.Count).Where(i => !parts.Contains($"/activities/{i}")).ToList();
        foreach (var i in stays.Skip(SubmissionValidator.MaxActivities))
        {
            leftOut.Add(new ProblemError($"/activities/{i}", $"at most {SubmissionValidator.MaxActivities} activities per submission", "too-many-activities"));
            parts.Add($"/activities/{i}");
        }

        var stored = new SubmissionInput
        {
            Values = input.Values.Where(kv => !parts.Contains("/values/" + SubmissionValidator.Escape(kv.Key))).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Narrative = parts.Contains("/narrative") ? null : input.Narrative,
            Activities = input.Activities.Where((_, i) => !parts.Contains($"/activities/{i}")).ToList(),
        };
        var keptValues = parts.Where(p => p.StartsWith("/values/", StringComparison.Ordinal)).Select(p => Unescape(p["/values/".Length..])).ToHashSet(StringComparer.Ordinal);
        return (stored, new LenientDraft(leftOut, keptValues, parts.Contains("/narrative")));
    }

    private static readonly LenientDraft None = new([], new HashSet<string>(), false);

    /// <summary>What the history line keeps: every entry, or as many as fit, then how many more there were.</summary>
    public IReadOnlyList<ProblemError>? ForHistory()
    {
        if (LeftOut.Count == 0) return null;
        var kept = new List<ProblemError>();
        var chars = 0;
        foreach (var e in LeftOut)
        {
            // Measured as written (escapes included): one table property holds 32K characters.
            chars += Json.Serialize(e).Length + 1;
            if (chars > HistoryChars)
            {
                kept.Add(new ProblemError("", $"and {LeftOut.Count - kept.Count} more", "more"));
                break;
            }
            kept.Add(e);
        }
        return kept;
    }

    /// <summary>The part a pointer falls in (<c>/values/{code}</c>, <c>/narrative</c>, <c>/activities/{i}</c>), or null for the body as a whole.</summary>
    public static string? PartOf(string pointer)
    {
        var segments = pointer.Split('/');
        if (segments.Length < 2 || segments[0] != "") return null;
        return segments[1] switch
        {
            "values" when segments.Length >= 3 => $"/values/{segments[2]}",
            "narrative" => "/narrative",
            "activities" when segments.Length >= 3 && int.TryParse(segments[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
                => $"/activities/{segments[2]}",
            _ => null,
        };
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}
