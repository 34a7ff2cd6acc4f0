using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CsvHelper;
using CsvHelper.Configuration;
using Newtonsoft.Json.Linq;
using Reporting.Http;
using Reporting.Plans;
using Reporting.Spreadsheets;
using Reporting.Submissions;

namespace Reporting.Import;

/// <summary>A file read into a submission, with the cell each field came from and the problems found while reading.</summary>
public sealed class ParsedImport
{
    public required string Format { get; init; }
    public SubmissionInput Input { get; } = new();
    /// <summary>JSON Pointer of a submission field → the cell it came from.</summary>
    public Dictionary<string, CellProblem> Cells { get; } = new(StringComparer.Ordinal);
    public List<CellProblem> Problems { get; } = [];
    /// <summary>CSV carries indicator rows only: the stored narrative and activities are kept.</summary>
    public bool KeepsNarrativeAndActivities { get; init; }

    /// <summary>Says where a validation error is, in the file's own terms.</summary>
    public CellProblem Locate(ProblemError error)
    {
        for (var pointer = error.Pointer; pointer.Length > 0; pointer = pointer[..Math.Max(0, pointer.LastIndexOf('/'))])
            if (Cells.TryGetValue(pointer, out var cell))
                return cell with { Message = error.Message, Pointer = error.Pointer };
        return new CellProblem(null, null, null, null, error.Message, error.Pointer);
    }
}

/// <summary>
/// Reads an uploaded template (XLSX), the same Indicators table as CSV, or the PUT body as JSON. Hostile files
/// (not a spreadsheet, macros, zip bombs, huge sheets) are refused with a 4xx before anything is parsed;
/// formulas are refused cell by cell; text that starts with = + - @ is kept as text.
/// </summary>
public static class ImportReader
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const long MaxUncompressed = 40L * 1024 * 1024;

    public static ParsedImport Read(WorkPlan plan, string? contentType, byte[] body)
    {
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var looksZip = body.Length > 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
        return type switch
        {
            XlsxType or "application/octet-stream" when looksZip => Xlsx(plan, body),
            XlsxType => throw Refuse("The file is not an XLSX workbook.", "it does not start like a zip package; save it as Excel Workbook (.xlsx)"),
            "text/csv" => Csv(plan, body),
            "application/json" => JsonBody(body),
            _ => throw new ProblemException(Problems.Create(415, "unsupported-media-type", "Send the template as XLSX, CSV or JSON",
                $"Content-Type {(type.Length == 0 ? "(none)" : type)} is not accepted. Use {XlsxType}, text/csv or application/json.")),
        };
    }

    private static ParsedImport JsonBody(byte[] body)
    {
        var input = Json.ParseAndBind<SubmissionInput>(Json.DecodeUtf8(body));
        var parsed = new ParsedImport { Format = "json" };
        parsed.Input.Values = input.Values;
        parsed.Input.Narrative = input.Narrative;
        parsed.Input.Activities = input.Activities;
        return parsed;
    }

    private static ParsedImport Xlsx(WorkPlan plan, byte[] body)
    {
        InspectPackage(body);
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(body), false,
                new OpenSettings { MaxCharactersInPart = MaxUncompressed, AutoSave = false });
            var workbook = document.WorkbookPart ?? throw Refuse("The file is not an XLSX workbook.", "it has no workbook part; save it as Excel Workbook (.xlsx)");
            var shared = SharedStrings(workbook);
            var sheet = ReadSheet(workbook, SpreadsheetLayout.IndicatorsSheet, shared)
                ?? throw Refuse("The workbook has no Indicators sheet.", "download the template for this plan and year and fill that in");
            var parsed = new ParsedImport { Format = "xlsx" };
            if (sheet.LastRow > SpreadsheetLayout.MaxRows) throw Refuse("The Indicators sheet is too large.", $"it has {sheet.LastRow} rows; the template has one per indicator ({plan.Indicators.Count})");
            var headers = Headers(sheet.Cells.Where(c => c.Key.Row == 1 && c.Value.Text.Length > 0).OrderBy(c => c.Key.Column).Select(c => (c.Value.Text, c.Key.Column)), "Indicators sheet");
            var rows = Enumerable.Range(2, Math.Max(0, sheet.LastRow - 1))
                .Select(r => (Row: r, Cell: (Func<int, RawCell>)(col => sheet.At(r, col))))
                .ToList();
            ReadIndicatorRows(plan, parsed, SpreadsheetLayout.IndicatorsSheet, headers, rows);

            if (ReadSheet(workbook, SpreadsheetLayout.ActivitiesSheet, shared) is { } activities)
            {
                if (activities.LastRow > SpreadsheetLayout.MaxRows) throw Refuse("The Activities sheet is too large.", $"it has {activities.LastRow} rows");
                // Column E (key result area) is read only under its heading: templates of plans without a framework have none.
                var withKra = activities.At(1, 5).Text.Trim() == SpreadsheetLayout.ActivityKraHeader;
                var width = withKra ? 5 : 4;
                string[] fields = ["title", "description", "outcome", "importance", "kra"];
                for (var r = 2; r <= activities.LastRow; r++)
                {
                    var cells = Enumerable.Range(1, width).Select(c => activities.At(r, c)).ToArray();
                    if (cells.All(c => c.Text.Length == 0 && !c.Formula)) continue;
                    var index = parsed.Input.Activities.Count;
                    var at = $"/activities/{index}";
                    for (var c = 0; c < width; c++)
                        parsed.Cells[$"{at}/{fields[c]}"] = new CellProblem(SpreadsheetLayout.ActivitiesSheet, r, SpreadsheetLayout.ColumnLetter(c + 1), null, "");
                    parsed.Cells[at] = parsed.Cells[$"{at}/title"];
                    foreach (var (cell, c) in cells.Select((cell, c) => (cell, c)).Where(x => x.cell.Formula))
                        parsed.Problems.Add(new CellProblem(SpreadsheetLayout.ActivitiesSheet, r, SpreadsheetLayout.ColumnLetter(c + 1), null, "contains a formula; type the value instead"));
                    int? importance = null;
                    if (cells[3].Text.Length > 0)
                    {
                        if (int.TryParse(cells[3].Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) importance = i;
                        else parsed.Problems.Add(new CellProblem(SpreadsheetLayout.ActivitiesSheet, r, "D", null, "importance must be 1, 2 or 3"));
                    }
                    parsed.Input.Activities.Add(new Activity
                    {
                        Title = Blank(cells[0].Text), Description = Blank(cells[1].Text), Outcome = Blank(cells[2].Text), Importance = importance,
                        Kra = withKra ? Blank(cells[4].Text.Trim()) : null,
                    });
                }
            }
            if (ReadSheet(workbook, SpreadsheetLayout.OverallSheet, shared) is { } overall)
            {
                var cell = overall.At(2, 1);
                if (cell.Formula) parsed.Problems.Add(new CellProblem(SpreadsheetLayout.OverallSheet, 2, "A", null, "contains a formula; type the text instead"));
                parsed.Input.Narrative = Blank(cell.Text);
                parsed.Cells["/narrative"] = new CellProblem(SpreadsheetLayout.OverallSheet, 2, "A", null, "");
            }
            return parsed;
        }
        catch (Exception ex) when (ex is not ProblemException)
        {
            throw Refuse("The file could not be read as an XLSX workbook.", "open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)");
        }
    }

    /// <summary>A sheet's cells as typed (only rows up to <see cref="SpreadsheetLayout.MaxRows"/> are kept) and its last row with content.</summary>
    private sealed class SheetCells
    {
        public Dictionary<(int Row, int Column), RawCell> Cells { get; } = [];
        public int LastRow { get; set; } = 1;
        public RawCell At(int row, int column) => Cells.GetValueOrDefault((row, column), RawCell.Empty);
    }

    /// <summary>
    /// Reads one sheet with the SDK's streaming reader, a row at a time, so a sheet of many rows is counted without being
    /// held in memory. Rows and cells without a reference follow the one before, as the format allows.
    /// </summary>
    private static SheetCells? ReadSheet(WorkbookPart workbook, string name, IReadOnlyList<string> shared)
    {
        var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault(s => s.Name?.Value == name);
        if (sheet?.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part) return null;
        var result = new SheetCells();
        using var reader = OpenXmlReader.Create(part);
        var rowNumber = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var row = (Row)reader.LoadCurrentElement()!;
            rowNumber = row.RowIndex?.Value is { } r ? (int)r : rowNumber + 1;
            var column = 0;
            var hasContent = false;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnNumber(reference) : column + 1;
                var raw = Raw(cell, shared);
                if (raw.Text.Length == 0 && !raw.Formula) continue;
                hasContent = true;
                if (rowNumber <= SpreadsheetLayout.MaxRows) result.Cells[(rowNumber, column)] = raw;
            }
            if (hasContent) result.LastRow = Math.Max(result.LastRow, rowNumber);
        }
        return result;
    }

    private static int ColumnNumber(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            column = column * 26 + (c - 'A' + 1);
        }
        return column;
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var list = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return list;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                list.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
        return list;
    }

    /// <summary>The text of a string item: plain, or the runs of rich text (phonetic hints left out), with the format's escapes decoded.</summary>
    private static string TextOf(OpenXmlElement item)
    {
        var text = item.GetFirstChild<Text>()?.Text
            ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? ""));
        return XlsxText.Unescape(text);
    }

    private static ParsedImport Csv(WorkPlan plan, byte[] body)
    {
        var text = Json.DecodeUtf8(body);
        var parsed = new ParsedImport { Format = "csv", KeepsNarrativeAndActivities = true };
        using var csv = new CsvParser(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            // A quote inside plain text (=HYPERLINK("…")) is kept as text; a quoted field left open would swallow the cells
            // (and rows) after it, so the file is refused.
            BadDataFound = args =>
            {
                if (args.Field.TrimStart().StartsWith('"'))
                    throw Refuse("The CSV file is malformed.", $"row {args.Context.Parser?.Row}: a quoted field is not closed; export the Indicators sheet again as CSV (UTF-8)");
            },
        });
        if (!csv.Read()) throw Refuse("The CSV file is empty.", "export the Indicators sheet of the template as CSV (UTF-8)");
        var headers = Headers(csv.Record!.Select((h, i) => (h.Trim(), i + 1)), "CSV file");
        var rows = new List<(int Row, Func<int, RawCell> Cell)>();
        var row = 1;
        while (csv.Read())
        {
            row++;
            if (row > SpreadsheetLayout.MaxRows) throw Refuse("The CSV file is too large.", $"more than {SpreadsheetLayout.MaxRows} rows");
            var record = csv.Record!;
            rows.Add((row, col => new RawCell(col - 1 < record.Length ? record[col - 1].Trim() : "", null, null, false)));
        }
        ReadIndicatorRows(plan, parsed, "csv", headers, rows);
        return parsed;
    }

    private static void ReadIndicatorRows(WorkPlan plan, ParsedImport parsed, string sheet, Dictionary<string, int> headers, List<(int Row, Func<int, RawCell> Cell)> rows)
    {
        if (!headers.TryGetValue("Code", out var codeColumn))
            throw Refuse($"The {sheet} table has no Code column.", "keep the template's column headings as they are");
        var inputs = SpreadsheetLayout.InputColumns(plan).Where(c => headers.ContainsKey(c.Header)).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rowNumber, cellAt) in rows)
        {
            var code = cellAt(codeColumn).Text;
            var cells = inputs.Select(c => (Column: c, Index: headers[c.Header], Raw: cellAt(headers[c.Header]))).ToList();
            if (cells.All(c => c.Raw.Text.Length == 0 && !c.Raw.Formula))
                continue;
            CellProblem Where(int column, string message) => new(sheet, rowNumber, SpreadsheetLayout.ColumnLetter(column), code.Length == 0 ? null : code, message);
            if (code.Length == 0) { parsed.Problems.Add(Where(codeColumn, "the indicator code is missing")); continue; }
            if (plan.FindIndicator(code) is null) { parsed.Problems.Add(Where(codeColumn, $"no indicator '{code}' in plan {plan.Id}")); continue; }
            if (seen.TryGetValue(code, out var first)) { parsed.Problems.Add(Where(codeColumn, $"indicator {code} appears twice (also row {first})")); continue; }
            seen[code] = rowNumber;

            var at = "/values/" + SubmissionValidator.Escape(code);
            parsed.Cells[at] = Where(codeColumn, "");
            var value = new IndicatorValue();
            foreach (var (column, index, raw) in cells)
            {
                var pointer = column.Field == "disaggregation"
                    ? $"{at}/disaggregation/{SubmissionValidator.Escape(column.Dimension!)}/{SubmissionValidator.Escape(column.Category!)}"
                    : $"{at}/{column.Field}";
                if (!parsed.Cells.ContainsKey(pointer)) parsed.Cells[pointer] = Where(index, "");
                if (column.Field == "disaggregation" && !parsed.Cells.ContainsKey($"{at}/disaggregation/{column.Dimension}"))
                    parsed.Cells[$"{at}/disaggregation/{SubmissionValidator.Escape(column.Dimension!)}"] = Where(index, "");
                if (raw.Formula) { parsed.Problems.Add(Where(index, "contains a formula; type the value instead")); continue; }
                if (raw.Text.Length == 0) continue;
                switch (column.Field)
                {
                    case "value" or "numerator" or "denominator" or "disaggregation":
                        if (Number(raw) is not { } number) { parsed.Problems.Add(Where(index, $"'{raw.Text}' is not a number")); continue; }
                        if (column.Field == "value") value.Value = number;
                        else if (column.Field == "numerator") value.Numerator = number;
                        else if (column.Field == "denominator") value.Denominator = number;
                        else AddPart(value, plan.FindIndicator(code)!, column, number);
                        break;
                    case "achieved":
                        value.Achieved = raw.Text.ToLowerInvariant() switch { "yes" or "true" or "y" or "1" => true, "no" or "false" or "n" or "0" => false, _ => null };
                        if (value.Achieved is null) parsed.Problems.Add(Where(index, "choose yes or no"));
                        break;
                    case "evidenceUrl": value.EvidenceUrl = raw.Text; break;
                    case "narrative": value.Narrative = raw.Text; break;
                }
            }
            parsed.Input.Values[code] = value;
        }
    }

    private static void AddPart(IndicatorValue value, Indicator indicator, InputColumn column, decimal number)
    {
        value.Disaggregation ??= [];
        if (!value.Disaggregation.TryGetValue(column.Dimension!, out var parts) || parts is null)
            value.Disaggregation[column.Dimension!] = parts = [];
        if (indicator.Kind == IndicatorKind.Count)
        {
            parts[column.Category!] = new JValue(number);
            return;
        }
        var part = parts.GetValueOrDefault(column.Category!) as JObject ?? [];
        part[column.Denominator ? "denominator" : "numerator"] = new JValue(number);
        parts[column.Category!] = part;
    }

    /// <summary>What a cell holds, read as a person typed it. A formula is never evaluated.</summary>
    private readonly record struct RawCell(string Text, decimal? Number, bool? Boolean, bool Formula)
    {
        public static readonly RawCell Empty = new("", null, null, false);
    }

    private static RawCell Raw(Cell cell, IReadOnlyList<string> shared)
    {
        if (cell.CellFormula is { } formula) return new RawCell("=" + formula.Text, null, null, true);
        var value = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return new RawCell(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i].Trim() : "", null, null, false);
        if (type == CellValues.InlineString)
            return new RawCell(cell.InlineString is { } inline ? TextOf(inline).Trim() : "", null, null, false);
        if (type == CellValues.Boolean)
            return value == "1" ? new RawCell("yes", null, true, false) : new RawCell("no", null, false, false);
        if (type is null || type == CellValues.Number)
            return decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? new RawCell(d.ToString(CultureInfo.InvariantCulture), d, null, false)
                : new RawCell(value.Trim(), null, null, false);
        return new RawCell(XlsxText.Unescape(value).Trim(), null, null, false);
    }

    private static decimal? Number(RawCell raw) =>
        raw.Number ?? (decimal.TryParse(raw.Text.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null);

    private static string? Blank(string text) => text.Length == 0 ? null : text;

    /// <summary>Checks the zip package before any XML is parsed: size, entry count, compression ratio, macros.</summary>
    private static void InspectPackage(byte[] body)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(body), ZipArchiveMode.Read);
            if (zip.Entries.Count > 200) throw Refuse("The workbook has too many parts.", $"{zip.Entries.Count} parts; a template has about 20");
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.Contains("vbaProject", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
                    throw Refuse("The workbook contains macros.", "macros are not accepted; save it as Excel Workbook (.xlsx), not .xlsm");
                total += entry.Length;
                if (entry.Length > 0 && entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > 200)
                    throw Refuse("The workbook is compressed suspiciously well.", "it looks like a zip bomb and was not opened");
            }
            if (total > MaxUncompressed) throw Refuse("The workbook is too large.", $"it unpacks to {total / 1048576} MiB; the limit is {MaxUncompressed / 1048576} MiB");
        }
        catch (InvalidDataException)
        {
            throw Refuse("The file is not an XLSX workbook.", "the zip package is damaged; save it again as Excel Workbook (.xlsx)");
        }
    }

    /// <summary>Column heading → column number. A heading given twice is ambiguous (which Value is meant?): the file is refused.</summary>
    private static Dictionary<string, int> Headers(IEnumerable<(string Header, int Column)> cells, string where)
    {
        var headers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, column) in cells.Where(c => c.Header.Length > 0))
            if (!headers.TryAdd(header, column))
                throw Refuse($"The {where} has the column heading '{header}' twice.", "keep the template's column headings as they are, each once");
        return headers;
    }

    private static ProblemException Refuse(string title, string message) =>
        new(Problems.Create(400, "bad-file", title, errors: [new ProblemError("", message)]));
}
