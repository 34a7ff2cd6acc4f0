using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Reporting.Plans;

namespace Reporting.Spreadsheets;

/// <summary>A column of a download: its heading, the style of its cells unless a cell says otherwise, and whether long text wraps.</summary>
public sealed record ExportColumn(string Header, XlsxStyle? Style = null, bool Wide = false, int Max = 30);

/// <summary>One view of a download: a CSV of its own (<c>view=Name</c>) and a sheet of the workbook.</summary>
public sealed record ExportTable(string Name, string Sheet, List<ExportColumn> Columns, List<XlsxCell[]> Rows);

/// <summary>
/// How the summary's and the evaluation's views become CSV files and worksheets: the same cells, the same text for a
/// number, the same widths and print setup.
/// </summary>
public static class ExportTables
{
    /// <summary>UTF-8 with a byte-order mark (Excel reads Thai then), formula-like text escaped; the trailing columns repeat on every row.</summary>
    public static byte[] Csv(ExportTable table, params (string Header, string Value)[] trailing)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var c in table.Columns) csv.WriteField(c.Header);
            foreach (var (header, _) in trailing) csv.WriteField(header);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row) csv.WriteField(Format(cell.Value));
                foreach (var (_, value) in trailing) csv.WriteField(value);
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    /// <summary>The view as a sheet: frozen, filtered heading row repeated on every printed page, landscape, one page wide.</summary>
    public static XlsxSheet Sheet(ExportTable table)
    {
        var sheet = new XlsxSheet(table.Sheet) { FreezeRows = 1, AutoFilter = table.Rows.Count > 0, Landscape = true, FitToWidth = true, RepeatHeaderRow = true };
        sheet.Rows.Add(new XlsxRow(table.Columns.Select(c => new XlsxCell(c.Header, XlsxStyle.Header)).ToList()));
        foreach (var row in table.Rows)
            sheet.Rows.Add(new XlsxRow(row.Select((cell, c) => cell.Style is not null ? cell
                : cell with { Style = table.Columns[c].Style ?? (table.Columns[c].Wide ? XlsxStyle.Wrapped : null) }).ToList()));
        for (var c = 0; c < table.Columns.Count; c++)
            sheet.Widths.Add(Width(table.Columns[c], table.Rows.Select(r => r[c])));
        return sheet;
    }

    /// <summary>Wide enough for the heading and the longest value; long text wraps in a column of at most its <see cref="ExportColumn.Max"/> characters.</summary>
    private static double Width(ExportColumn column, IEnumerable<XlsxCell> cells)
    {
        var longest = cells.Select(c => Format(c.Value)?.Length ?? 0).DefaultIfEmpty(0).Max();
        var heading = column.Header.Split(' ').Max(w => w.Length) + 2;
        return Math.Clamp(Math.Max(heading, longest + 2), 8, column.Wide ? column.Max : 24);
    }

    /// <summary>A cell as CSV text: invariant numbers, times in UTC.</summary>
    public static string? Format(object? cell) => cell switch
    {
        null => "",
        decimal d => d.ToString("0.####", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    /// <summary>The style of an indicator's value: percentages with one decimal and a % sign, counts with separators.</summary>
    public static XlsxStyle ValueStyle(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Percentage => XlsxStyle.PercentValue,
        IndicatorKind.Ratio => XlsxStyle.Ratio,
        IndicatorKind.Milestone => XlsxStyle.Count,
        _ => XlsxStyle.Number,
    };
}
