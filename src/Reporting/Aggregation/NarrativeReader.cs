using Reporting.Access;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Aggregation;

public sealed record IndicatorNarrative(string Code, string Title, string Text);

/// <summary>
/// What a state wrote for a year, in the official's own language and script, from a report that is counted: accepted,
/// or submitted and awaiting review (<see cref="Provisional"/>), exactly as its figures are counted.
/// </summary>
public sealed record StateNarratives(string State, string Name, int Year, string Status, bool Provisional, string? Overall, List<IndicatorNarrative> Indicators);

/// <summary>
/// Reads the narratives of counted reports, live from the submissions (narratives are not part of the stored aggregates:
/// they can be long). One plan-year partition at a time, keeping only the text.
/// </summary>
public sealed class NarrativeReader(SubmissionStore submissions, MemberStateDirectory memberStates, TimeProvider clock)
{
    public async Task<List<StateNarratives>> ReadAsync(WorkPlan plan, int? year, Caller caller, CancellationToken ct)
    {
        var result = new List<StateNarratives>();
        // The plan's secretariat reads every counted report's text; a focal point its own state's; an observer only accepted ones.
        var level = caller.LevelIn(plan);
        bool Readable(Submission s) => level switch
        {
            AccessLevel.Secretariat => s.Status is SubmissionStatus.Accepted or SubmissionStatus.Submitted,
            AccessLevel.FocalPoint => s.Status is SubmissionStatus.Accepted or SubmissionStatus.Submitted && s.State == caller.State,
            AccessLevel.Observer => s.Status is SubmissionStatus.Accepted,
            _ => false,
        };
        foreach (var y in year is { } one ? [one] : plan.YearsSoFar(clock.GetUtcNow().Year))
        {
            var counted = (await submissions.LoadPlanYearAsync(plan.Id, y, null, ct))
                .Where(Readable)
                .OrderBy(s => s.State, StringComparer.Ordinal);
            foreach (var s in counted)
            {
                var indicators = plan.Indicators
                    .Where(i => s.Values.TryGetValue(i.Code, out var v) && !string.IsNullOrWhiteSpace(v.Narrative))
                    .Select(i => new IndicatorNarrative(i.Code, i.Title, s.Values[i.Code].Narrative!)).ToList();
                if (string.IsNullOrWhiteSpace(s.Narrative) && indicators.Count == 0) continue;
                result.Add(new StateNarratives(s.State, memberStates.Find(s.State)?.Name ?? s.State, y, StatusNames.Of(s.Status),
                    s.Status == SubmissionStatus.Submitted, string.IsNullOrWhiteSpace(s.Narrative) ? null : s.Narrative, indicators));
            }
        }
        return result;
    }
}
