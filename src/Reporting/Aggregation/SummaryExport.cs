using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
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

    /// <summary>A column: its heading, the style of its cells unless a cell says otherwise, and whether long text wraps.</summary>
    private sealed record Column(string Header, XlsxStyle? Style = null, bool Wide = false, int Max = 30);

    private sealed record Table(string Name, string Sheet, List<Column> Columns, List<XlsxCell[]> Rows);

    private static readonly string[] AboutColumns = ["Data as of", "Counting"];

    public static byte[] Csv(Summary summary, string view, IReadOnlyList<StateNarratives>? narratives = null)
    {
        var table = Tables(summary, narratives ?? []).Single(t => t.Name == view);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var c in table.Columns) csv.WriteField(c.Header);
            foreach (var extra in AboutColumns) csv.WriteField(extra);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row) csv.WriteField(Format(cell.Value));
                csv.WriteField(summary.DataAsOf?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no data yet");
                csv.WriteField(summary.Counting);
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    public static byte[] Xlsx(Summary summary, IReadOnlyList<StateNarratives> narratives)
    {
        var sheets = new List<XlsxSheet> { About(summary) };
        foreach (var table in Tables(summary, narratives))
        {
            var sheet = new XlsxSheet(table.Sheet)
            {
                FreezeRows = 1, AutoFilter = table.Rows.Count > 0, Landscape = true, FitToWidth = true, RepeatHeaderRow = true, PrintGridLines = true,
            };
            sheet.Rows.Add(new XlsxRow(table.Columns.Select(c => new XlsxCell(c.Header, XlsxStyle.Header)).ToList()));
            foreach (var row in table.Rows)
                sheet.Rows.Add(new XlsxRow(row.Select((cell, c) => cell.Style is not null ? cell
                    : cell with { Style = table.Columns[c].Style ?? (table.Columns[c].Wide ? XlsxStyle.Wrapped : null) }).ToList()));
            for (var c = 0; c < table.Columns.Count; c++)
                sheet.Widths.Add(Width(table.Columns[c], table.Rows.Select(r => r[c])));
            sheets.Add(sheet);
        }
        return XlsxWriter.Write(sheets);
    }

    /// <summary>Wide enough for the heading and the longest value; long text wraps in a column of at most 60 characters.</summary>
    private static double Width(Column column, IEnumerable<XlsxCell> cells)
    {
        var longest = cells.Select(c => Format(c.Value)?.Length ?? 0).DefaultIfEmpty(0).Max();
        var heading = column.Header.Split(' ').Max(w => w.Length) + 2;
        return Math.Clamp(Math.Max(heading, longest + 2), 8, column.Wide ? column.Max : 24);
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

    private static string? Format(object? cell) => cell switch
    {
        null => "",
        decimal d => d.ToString("0.####", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    private static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>The style of an indicator's value: percentages with one decimal and a % sign, counts with separators.</summary>
    private static XlsxStyle ValueStyle(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Percentage => XlsxStyle.PercentValue,
        IndicatorKind.Ratio => XlsxStyle.Ratio,
        IndicatorKind.Milestone => XlsxStyle.Count,
        _ => XlsxStyle.Number,
    };

    private static XlsxCell Num(decimal? value, XlsxStyle style) => new(value, style);

    private static IEnumerable<Table> Tables(Summary s, IReadOnlyList<StateNarratives> narratives)
    {
        var period = s.Year?.ToString(CultureInfo.InvariantCulture) ?? "to date";
        var regional = new Table("regional", "Regional",
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
            var style = ValueStyle(i.Kind);
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

        var states = new Table("states", "By state",
        [
            new("Year"), new("State"), new("Indicator"), new("Title", Wide: true, Max: 50), new("Status"), new("Value"), new("Numerator", XlsxStyle.Number),
            new("Denominator", XlsxStyle.Number), new("Achieved"),
        ], []);
        foreach (var i in s.Indicators)
            foreach (var f in i.ByState)
                states.Rows.Add([f.Year.ToString(CultureInfo.InvariantCulture), f.State, i.Code, i.Title, Words.Submission(f.Status), Num(f.Value, ValueStyle(i.Kind)),
                    Num(f.Numerator, XlsxStyle.Number), Num(f.Denominator, XlsxStyle.Number), f.Achieved is { } a ? YesNo(a) : null]);
        yield return states;

        var completeness = new Table("completeness", "Completeness",
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

        var activities = new Table("activities", "Activities",
            [new("Outcome"), new("Rank", XlsxStyle.Count), new("Activity", Wide: true, Max: 60), new("Score (sum of 1-3)", XlsxStyle.Count), new("Times reported", XlsxStyle.Count), new("States", Wide: true)], []);
        foreach (var a in s.Activities ?? [])
            activities.Rows.Add([a.Outcome, a.Rank, a.Title, a.Score, a.Activities, string.Join(", ", a.States)]);
        yield return activities;

        var gaps = new Table("gaps", "Gaps", [new("Kind"), new("Code"), new("Detail", Wide: true, Max: 100)], []);
        foreach (var g in s.Gaps.Indicators) gaps.Rows.Add(["indicator", g.Code, $"{g.Title}: {Words.Progress(g.Status)}{(g.Coverage is null ? "" : $" ({g.Coverage})")}"]);
        foreach (var o in s.Gaps.OutcomesWithoutProgress) gaps.Rows.Add(["outcome", o, "no reported progress"]);
        foreach (var m in s.Gaps.StatesMissing) gaps.Rows.Add(["state", m, "report missing"]);
        foreach (var l in s.Gaps.StatesLate) gaps.Rows.Add(["state", l, "late"]);
        foreach (var c in s.Gaps.CallsFor) gaps.Rows.Add(["calls for", "", c]);
        yield return gaps;

        var text = new Table("narratives", "Narratives",
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
