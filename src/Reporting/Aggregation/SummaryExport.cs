using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace Reporting.Aggregation;

/// <summary>
/// The summary as tables (regional, by state, completeness, activities, gaps), written as CSV (UTF-8 with BOM,
/// so Excel shows Thai correctly) by CsvHelper or XLSX (one sheet per table) by ClosedXML. Text that starts
/// like a formula is written as text: escaped in CSV, a string cell in XLSX.
/// </summary>
public static class SummaryExport
{
    public static readonly IReadOnlyList<string> Views = ["regional", "states", "completeness", "activities", "gaps"];

    private sealed record Column(string Header, string? NumberFormat = null);

    private sealed record Table(string Name, List<Column> Columns, List<object?[]> Rows);

    public static byte[] Csv(Summary summary, string view)
    {
        var table = Tables(summary).Single(t => t.Name == view);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var c in table.Columns) csv.WriteField(c.Header);
            foreach (var extra in AboutColumns) csv.WriteField(extra);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row) csv.WriteField(Format(cell));
                csv.WriteField(summary.DataAsOf?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no data yet");
                csv.WriteField(summary.Counting);
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    public static byte[] Xlsx(Summary summary)
    {
        using var workbook = new XLWorkbook();
        var about = workbook.Worksheets.Add("About");
        var info = new (string, string)[]
        {
            ("Plan", $"{summary.PlanTitle} ({summary.PlanId}, version {summary.PlanVersion})"),
            ("Period", summary.Period),
            ("Scope", summary.Scope),
            ("Data as of", summary.DataAsOf?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no data yet"),
            ("Computed at", summary.ComputedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "not yet computed"),
            ("Stale", summary.Stale ? "Yes: submissions changed since; the next aggregation run refreshes these figures" : "No"),
            ("Counting", summary.Counting),
        };
        for (var r = 0; r < info.Length; r++)
        {
            about.Cell(r + 1, 1).SetValue(info[r].Item1).Style.Font.Bold = true;
            about.Cell(r + 1, 2).SetValue(info[r].Item2);
        }
        about.Column(1).Width = 14;
        about.Column(2).Width = 100;
        about.Column(2).Style.Alignment.WrapText = true;

        foreach (var table in Tables(summary))
        {
            var sheet = workbook.Worksheets.Add(SheetName(table.Name));
            for (var c = 0; c < table.Columns.Count; c++)
            {
                sheet.Cell(1, c + 1).SetValue(table.Columns[c].Header);
                sheet.Column(c + 1).Width = Math.Clamp(table.Columns[c].Header.Length + 4, 10, 60);
            }
            sheet.Row(1).Style.Font.Bold = true;
            sheet.SheetView.FreezeRows(1);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var cell = sheet.Cell(r + 2, c + 1);
                    switch (table.Rows[r][c])
                    {
                        case null: break;
                        case decimal d:
                            cell.SetValue(d);
                            if (table.Columns[c].NumberFormat is { } format) cell.Style.NumberFormat.Format = format;
                            break;
                        case int i: cell.SetValue(i); break;
                        case bool b: cell.SetValue(b ? "yes" : "no"); break;
                        default: cell.SetValue(Format(table.Rows[r][c])); break;
                    }
                }
            }
            if (table.Rows.Count > 0) sheet.Range(1, 1, table.Rows.Count + 1, table.Columns.Count).SetAutoFilter();
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static readonly string[] AboutColumns = ["Data as of", "Counting"];

    private static string SheetName(string view) => view switch
    {
        "regional" => "Regional",
        "states" => "By state",
        "completeness" => "Completeness",
        "activities" => "Activities",
        _ => "Gaps",
    };

    private static string? Format(object? cell) => cell switch
    {
        null => "",
        decimal d => d.ToString("0.####", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    private static IEnumerable<Table> Tables(Summary s)
    {
        var period = s.Year?.ToString(CultureInfo.InvariantCulture) ?? "to date";
        var regional = new Table("regional",
        [
            new("Year"), new("Indicator"), new("Title"), new("Kind"), new("Unit"), new("Outcome"), new("Value", "0.####"), new("Numerator", "#,##0.##"),
            new("Denominator", "#,##0.##"), new("States counted"), new("Official value", "0.####"), new("Provisional"), new("Provisional states"),
            new("Progress"), new("Share of way to target", "0%"), new("Expected by now", "0%"),
        ], []);
        foreach (var i in s.Indicators)
        {
            if (i.ByYear is { } years)
                foreach (var y in years)
                    regional.Rows.Add([y.Year.ToString(CultureInfo.InvariantCulture), i.Code, i.Title, Name(i.Kind), i.Unit, i.Outcome, y.Regional?.Value, y.Regional?.Numerator,
                        y.Regional?.Denominator, y.Regional?.StatesCounted, y.Official?.Value, y.Provisional, null, null, null, null]);
            regional.Rows.Add([period, i.Code, i.Title, Name(i.Kind), i.Unit, i.Outcome, i.Regional?.Value, i.Regional?.Numerator, i.Regional?.Denominator,
                i.Regional?.StatesCounted ?? 0, i.Official?.Value, i.Provisional, string.Join(" ", i.ProvisionalStates), i.Progress?.Status, i.Progress?.Share, i.Progress?.Expected]);
        }
        yield return regional;

        var states = new Table("states", [new("Year"), new("State"), new("Indicator"), new("Title"), new("Status"), new("Value", "0.####"), new("Numerator", "#,##0.##"), new("Denominator", "#,##0.##"), new("Achieved")], []);
        foreach (var i in s.Indicators)
            foreach (var f in i.ByState)
                states.Rows.Add([f.Year.ToString(CultureInfo.InvariantCulture), f.State, i.Code, i.Title, f.Status, f.Value, f.Numerator, f.Denominator, f.Achieved]);
        yield return states;

        var completeness = new Table("completeness",
            [new("Year"), new("Expected"), new("Reported"), new("Accepted"), new("Awaiting review"), new("Returned"), new("Missing"), new("Late"), new("Voluntary"), new("Due"), new("Locks"), new("Summary")], []);
        foreach (var c in s.Completeness)
            completeness.Rows.Add([c.Year.ToString(CultureInfo.InvariantCulture), c.Expected, c.Reported, c.Accepted, c.AwaitingReview, c.Returned,
                string.Join(", ", c.Missing), string.Join(", ", c.Late), string.Join(", ", c.Voluntary), c.Due, c.Locks, c.Text]);
        yield return completeness;

        var activities = new Table("activities", [new("Outcome"), new("Rank"), new("Activity"), new("Score (sum of 1-3)"), new("Times reported"), new("States")], []);
        foreach (var a in s.Activities ?? [])
            activities.Rows.Add([a.Outcome, a.Rank, a.Title, a.Score, a.Activities, string.Join(", ", a.States)]);
        yield return activities;

        var gaps = new Table("gaps", [new("Kind"), new("Code"), new("Detail")], []);
        foreach (var g in s.Gaps.Indicators) gaps.Rows.Add(["indicator", g.Code, $"{g.Title}: {g.Status}"]);
        foreach (var o in s.Gaps.OutcomesWithoutProgress) gaps.Rows.Add(["outcome", o, "no reported progress"]);
        foreach (var m in s.Gaps.StatesMissing) gaps.Rows.Add(["state", m, "report missing"]);
        foreach (var l in s.Gaps.StatesLate) gaps.Rows.Add(["state", l, "late"]);
        foreach (var c in s.Gaps.CallsFor) gaps.Rows.Add(["calls for", "", c]);
        yield return gaps;
    }

    private static string Name(Plans.IndicatorKind kind) => kind.ToString().ToLowerInvariant();
}
