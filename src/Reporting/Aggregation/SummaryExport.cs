using System.Globalization;
using Reporting.Plans;
using Reporting.Spreadsheets;

namespace Reporting.Aggregation;

/// <summary>
/// The summary as tables (regional, by state, completeness, activities, gaps, narratives), written as CSV (UTF-8 with
/// BOM, so Excel shows Thai correctly) by CsvHelper or XLSX (one sheet per table, plus About) by the Open XML SDK.
/// Statuses and kinds are words; every regional figure carries what it rests on. Text that starts like a formula is
/// written as text: escaped in CSV, a string cell in XLSX.
/// </summary>
public static class SummaryExport
{
    public static readonly IReadOnlyList<string> Views = ["regional", "states", "completeness", "activities", "gaps", "narratives"];

    private static readonly string[] AboutColumns = ["Data as of", "Counting"];

    public static byte[] Csv(Summary summary, string view, IReadOnlyList<StateNarratives>? narratives = null) =>
        ExportTables.Csv(Tables(summary, narratives ?? []).Single(t => t.Name == view),
            (AboutColumns[0], summary.DataAsOf?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no data yet"),
            (AboutColumns[1], summary.Counting));

    public static byte[] Xlsx(Summary summary, IReadOnlyList<StateNarratives> narratives)
    {
        var sheets = new List<XlsxSheet> { About(summary) };
        foreach (var table in Tables(summary, narratives))
        {
            var sheet = ExportTables.Sheet(table);
            sheet.PrintGridLines = true;
            sheets.Add(sheet);
        }
        return XlsxWriter.Write(sheets);
    }

    private static XlsxSheet About(Summary s)
    {
        var about = new XlsxSheet("About") { OnePage = true };
        (string, string)[] info =
        [
            ("Plan", $"{s.PlanTitle} ({s.PlanId}, version {s.PlanVersion})"),
            ("Period", s.Period),
            ("Scope", s.Scope.StartsWith("focalPoint:", StringComparison.Ordinal) ? $"Focal point of {s.Scope["focalPoint:".Length..]}: official regional figures and your own state's" : "ASEAN Secretariat: every state"),
            ("Data as of", s.DataAsOf?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no data yet"),
            ("Computed at", s.ComputedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "not yet computed"),
            ("Stale", s.Stale ? "Yes: submissions changed since; the next aggregation run refreshes these figures" : "No"),
            ("Counting", s.Counting),
            ("Coverage", CoverageRule),
            ("Statuses", string.Join(" ", StatusMeanings.Select(m => $"{m.Word}: {m.Meaning}"))),
        ];
        foreach (var (label, value) in info)
            about.Add(new XlsxCell(label, XlsxStyle.Bolded), new XlsxCell(value, XlsxStyle.Wrapped));
        about.Widths.AddRange([14, 90]);
        return about;
    }

    public const string CoverageRule =
        "Every regional figure says what it rests on: \"from 3 of 10 states\" counts the states expected to report that year whose figure is in it " +
        "(a state reporting voluntarily is counted in the value and named apart). A state that has not reported is missing, never zero: a sum or a count of " +
        "\"yes\" over the states that reported is a floor, and a mean or weighted mean describes those states only. So progress is judged only when enough " +
        "expected states are counted (the plan's minimum, two thirds unless the plan or the indicator says otherwise); below it the status is " +
        "\"Not enough reports to judge\". A figure summed over years rests on every expected state-year so far.";

    public static readonly IReadOnlyList<(string Code, string Word, string Meaning)> StatusMeanings =
    [
        ("achieved", Words.Progress("achieved"), "the target is reached (100% or more of the way from baseline to target)."),
        ("onTrack", Words.Progress("onTrack"), $"at least {Aggregator.OnTrackRatio:P0} of the way a straight line from baseline to target would be by now."),
        ("atRisk", Words.Progress("atRisk"), $"at least {Aggregator.AtRiskRatio:P0} of that way."),
        ("offTrack", Words.Progress("offTrack"), $"below {Aggregator.AtRiskRatio:P0} of that way."),
        ("notEnoughReports", Words.Progress("notEnoughReports"), "too few expected states are counted for a judgement; the figure is shown with its coverage, no share is given."),
        ("noData", Words.Progress("noData"), "no state has reported a figure."),
        ("noTarget", Words.Progress("noTarget"), "the plan gives no target to measure against."),
        ("narrative", Words.Progress("narrative"), "a narrative indicator has nothing to measure."),
    ];

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static XlsxCell Num(decimal? value, XlsxStyle style) => new(value, style);

    private static IEnumerable<ExportTable> Tables(Summary s, IReadOnlyList<StateNarratives> narratives)
    {
        var period = s.Year?.ToString(CultureInfo.InvariantCulture) ?? "to date";
        var regional = new ExportTable("regional", "Regional",
        [
            // Narrow, wrapped columns: the sheet prints one page wide in landscape.
            new("Year"), new("Indicator"), new("Title", Wide: true, Max: 34), new("Kind", Wide: true, Max: 11), new("Unit", Wide: true, Max: 12), new("Outcome"), new("Value"),
            new("Numerator", XlsxStyle.Number), new("Denominator", XlsxStyle.Number), new("States counted", XlsxStyle.Count),
            new("States expected", XlsxStyle.Count), new("Coverage", Wide: true, Max: 22), new("Missing", Wide: true, Max: 24), new("Provisional"),
            new("Provisional states", Wide: true, Max: 14), new("Official value"), new("Progress", Wide: true, Max: 24), new("Share of way to target", XlsxStyle.Share),
            new("Expected by now", XlsxStyle.Share), new("Needed to judge"),
        ], []);
        foreach (var i in s.Indicators)
        {
            var style = ExportTables.ValueStyle(i.Kind);
            if (i.ByYear is { } years)
                foreach (var y in years)
                    regional.Rows.Add([y.Year.ToString(CultureInfo.InvariantCulture), i.Code, i.Title, Words.Kind(i.Kind), i.Unit, i.Outcome, Num(y.Regional?.Value, style),
                        Num(y.Regional?.Numerator, XlsxStyle.Number), Num(y.Regional?.Denominator, XlsxStyle.Number), y.Coverage?.Counted ?? 0, y.Coverage?.Expected ?? 0,
                        y.Coverage?.Text, Words.Missing(y.Coverage?.Missing ?? []), YesNo(y.Provisional), null, Num(y.Official?.Value, style), null, null, null, null]);
            var p = i.Progress;
            regional.Rows.Add([period, i.Code, i.Title, Words.Kind(i.Kind), i.Unit, i.Outcome, Num(i.Regional?.Value, style),
                Num(i.Regional?.Numerator, XlsxStyle.Number), Num(i.Regional?.Denominator, XlsxStyle.Number), i.Coverage?.Counted ?? 0, i.Coverage?.Expected ?? 0,
                i.Coverage?.Text, Words.Missing(i.Coverage?.Missing ?? []), YesNo(i.Provisional), string.Join(", ", i.ProvisionalStates),
                Num(i.Official?.Value, style), p is null ? null : Words.Progress(p), Num(p?.Share, XlsxStyle.Share), Num(p?.Expected, XlsxStyle.Share),
                p?.Needed is { } needed && p.Coverage is { } c ? $"{needed} of {c.Expected}" : null]);
        }
        yield return regional;

        var states = new ExportTable("states", "By state",
        [
            new("Year"), new("State"), new("Indicator"), new("Title", Wide: true, Max: 50), new("Status"), new("Value"), new("Numerator", XlsxStyle.Number),
            new("Denominator", XlsxStyle.Number), new("Achieved"),
        ], []);
        foreach (var i in s.Indicators)
            foreach (var f in i.ByState)
                states.Rows.Add([f.Year.ToString(CultureInfo.InvariantCulture), f.State, i.Code, i.Title, Words.Submission(f.Status), Num(f.Value, ExportTables.ValueStyle(i.Kind)),
                    Num(f.Numerator, XlsxStyle.Number), Num(f.Denominator, XlsxStyle.Number), f.Achieved is { } a ? YesNo(a) : null]);
        yield return states;

        var completeness = new ExportTable("completeness", "Completeness",
        [
            new("Year"), new("Expected", XlsxStyle.Count), new("Reported", XlsxStyle.Count), new("Accepted", XlsxStyle.Count), new("Awaiting review", XlsxStyle.Count),
            new("Returned", XlsxStyle.Count), new("Missing", XlsxStyle.Count), new("Missing states", Wide: true), new("Late", Wide: true),
            new("Voluntary", XlsxStyle.Count), new("Voluntary reports", Wide: true), new("Due", XlsxStyle.DateTime), new("Locks", XlsxStyle.DateTime), new("Summary", Wide: true, Max: 60),
        ], []);
        foreach (var c in s.Completeness)
            completeness.Rows.Add([c.Year.ToString(CultureInfo.InvariantCulture), c.Expected, c.Reported, c.Accepted, c.AwaitingReview, c.Returned, c.MissingCount,
                string.Join(", ", c.Missing), string.Join(", ", c.Late), c.VoluntaryCount,
                string.Join(", ", c.VoluntaryReports.Select(v => $"{v.State} ({SummaryBuilder.StatusWord(v.Status)})")), new XlsxCell(c.Due), new XlsxCell(c.Locks), c.Text]);
        yield return completeness;

        var activities = new ExportTable("activities", "Activities",
            [new("Outcome"), new("Rank", XlsxStyle.Count), new("Activity", Wide: true, Max: 60), new("Score (sum of 1-3)", XlsxStyle.Count), new("Times reported", XlsxStyle.Count), new("States", Wide: true)], []);
        foreach (var a in s.Activities ?? [])
            activities.Rows.Add([a.Outcome, a.Rank, a.Title, a.Score, a.Activities, string.Join(", ", a.States)]);
        yield return activities;

        var gaps = new ExportTable("gaps", "Gaps", [new("Kind"), new("Code"), new("Detail", Wide: true, Max: 100)], []);
        foreach (var g in s.Gaps.Indicators) gaps.Rows.Add(["indicator", g.Code, $"{g.Title}: {Words.Progress(g.Status)}{(g.Coverage is null ? "" : $" ({g.Coverage})")}"]);
        foreach (var o in s.Gaps.OutcomesWithoutProgress) gaps.Rows.Add(["outcome", o, "no reported progress"]);
        foreach (var m in s.Gaps.StatesMissing) gaps.Rows.Add(["state", m, "report missing"]);
        foreach (var l in s.Gaps.StatesLate) gaps.Rows.Add(["state", l, "late"]);
        foreach (var c in s.Gaps.CallsFor) gaps.Rows.Add(["calls for", "", c]);
        yield return gaps;

        var text = new ExportTable("narratives", "Narratives",
            [new("Year"), new("State"), new("State name"), new("Status"), new("Indicator"), new("Indicator title", Wide: true, Max: 40), new("Text", Wide: true, Max: 80)], []);
        foreach (var n in narratives)
        {
            var year = n.Year.ToString(CultureInfo.InvariantCulture);
            if (n.Overall is not null) text.Rows.Add([year, n.State, n.Name, Words.Submission(n.Status), "overall", "Overall narrative", new XlsxCell(n.Overall, XlsxStyle.Wrapped)]);
            foreach (var i in n.Indicators) text.Rows.Add([year, n.State, n.Name, Words.Submission(n.Status), i.Code, i.Title, new XlsxCell(i.Text, XlsxStyle.Wrapped)]);
        }
        yield return text;
    }
}
