using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Reporting.Spreadsheets;

/// <summary>How a cell looks: number format, font, fill, wrapping and whether a protected sheet lets it be typed in.</summary>
public sealed record XlsxStyle(string? NumberFormat = null, bool Bold = false, bool Wrap = false, string? Fill = null, bool Unlocked = false, double? FontSize = null)
{
    public static readonly XlsxStyle Default = new();
    public static readonly XlsxStyle Header = new(Bold: true, Wrap: true, Fill: "EEF3F8");
    public static readonly XlsxStyle Wrapped = new(Wrap: true);
    public static readonly XlsxStyle Bolded = new(Bold: true);
    /// <summary>Whole numbers with thousands separators: 12,500.</summary>
    public static readonly XlsxStyle Count = new("#,##0");
    /// <summary>Up to two decimals with separators: 1,234.5.</summary>
    public static readonly XlsxStyle Number = new("#,##0.##");
    /// <summary>A value already in percent (45.2 means 45.2%), shown with one decimal and a % sign.</summary>
    public static readonly XlsxStyle PercentValue = new("0.0\"%\"");
    /// <summary>A share (0.452), shown as 45.2%.</summary>
    public static readonly XlsxStyle Share = new("0.0%");
    public static readonly XlsxStyle Ratio = new("0.00");
    public static readonly XlsxStyle DateTime = new("yyyy-mm-dd hh:mm");
}

/// <summary>A cell: text, a number (decimal, int, long, double) or a date; null leaves it empty (its style still applies).</summary>
public readonly record struct XlsxCell(object? Value, XlsxStyle? Style = null)
{
    public static implicit operator XlsxCell(string? text) => new(text);
    public static implicit operator XlsxCell(decimal number) => new(number);
    public static implicit operator XlsxCell(int number) => new(number);
}

public sealed record XlsxRow(IReadOnlyList<XlsxCell> Cells, double? Height = null);

/// <summary>A data validation rule on a range (A1 references, e.g. "F2" or "C2:C16").</summary>
public sealed record XlsxValidation(string Range, DataValidationValues Type, string Formula1, string? Formula2 = null,
    DataValidationOperatorValues? Operator = null, string? ErrorTitle = null, string? Error = null);

/// <summary>One worksheet: rows, widths, panes, filter, validations, protection and how it prints.</summary>
public sealed class XlsxSheet(string name)
{
    public string Name { get; } = name;
    public List<XlsxRow> Rows { get; } = [];
    /// <summary>Width of each column in characters, first column first; null keeps the default.</summary>
    public List<double?> Widths { get; } = [];
    public int FreezeRows { get; set; }
    public int FreezeColumns { get; set; }
    /// <summary>A filter on the first row over the used range.</summary>
    public bool AutoFilter { get; set; }
    public bool Landscape { get; set; }
    /// <summary>Prints one page wide (rows flow onto further pages); with <see cref="OnePage"/> also one page tall.</summary>
    public bool FitToWidth { get; set; }
    public bool OnePage { get; set; }
    /// <summary>Repeats the first row at the top of every printed page.</summary>
    public bool RepeatHeaderRow { get; set; }
    /// <summary>Repeats the first columns at the left of every printed page (a sheet too wide to fit one page).</summary>
    public int RepeatColumns { get; set; }
    /// <summary>Protects the sheet (no password: it guards against slips, not people); unlocked cells stay editable.</summary>
    public bool Protect { get; set; }
    public bool AllowFormatColumnsAndRows { get; set; }
    /// <summary>Prints the cell grid: a table of figures on paper then reads column by column (a number never runs into the text beside it).</summary>
    public bool PrintGridLines { get; set; }
    public List<XlsxValidation> Validations { get; } = [];

    public XlsxSheet Add(params XlsxCell[] cells)
    {
        Rows.Add(new XlsxRow(cells));
        return this;
    }
}

/// <summary>
/// Writes workbooks with the Open XML SDK, rows streamed through its <see cref="OpenXmlWriter"/>. Text is written as
/// UTF-8 exactly as given (Thai, emoji and every other script read back as themselves); only the sequences the format
/// itself reserves are escaped (see <see cref="XlsxText"/>). Text is always a string cell, so "=..." is never a formula.
/// </summary>
public static class XlsxWriter
{
    public static byte[] Write(IReadOnlyList<XlsxSheet> sheets, int activeSheet = 0)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var styles = new StyleTable();
            var strings = new Dictionary<string, int>(StringComparer.Ordinal);
            var sheetElements = new Sheets();
            var definedNames = new DefinedNames();
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = sheets[i];
                var part = workbookPart.AddNewPart<WorksheetPart>();
                WriteSheet(part, sheet, styles, strings, i == activeSheet);
                sheetElements.Append(new Sheet { Name = sheet.Name, SheetId = (uint)(i + 1), Id = workbookPart.GetIdOfPart(part) });
                var quoted = "'" + sheet.Name.Replace("'", "''") + "'";
                if (sheet.AutoFilter && sheet.Rows.Count > 0)
                    definedNames.Append(new DefinedName($"{quoted}!$A$1:${Column(Math.Max(1, ColumnCount(sheet)))}${sheet.Rows.Count}")
                        { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
                var titles = new List<string>();
                if (sheet.RepeatColumns > 0) titles.Add($"{quoted}!$A:${Column(sheet.RepeatColumns)}");
                if (sheet.RepeatHeaderRow) titles.Add($"{quoted}!$1:$1");
                if (titles.Count > 0)
                    definedNames.Append(new DefinedName(string.Join(",", titles)) { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            }
            workbookPart.Workbook = new Workbook(
                new BookViews(new WorkbookView { ActiveTab = (uint)activeSheet }),
                sheetElements);
            if (definedNames.HasChildren) workbookPart.Workbook.Append(definedNames);
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = styles.Build();
            var shared = new SharedStringTable { Count = (uint)strings.Count, UniqueCount = (uint)strings.Count };
            foreach (var text in strings.OrderBy(s => s.Value).Select(s => s.Key))
                shared.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = shared;
        }
        return stream.ToArray();
    }

    private static int ColumnCount(XlsxSheet sheet) => Math.Max(sheet.Widths.Count, sheet.Rows.Count == 0 ? 0 : sheet.Rows.Max(r => r.Cells.Count));

    private static void WriteSheet(WorksheetPart part, XlsxSheet sheet, StyleTable styles, Dictionary<string, int> strings, bool active)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        if (sheet.FitToWidth || sheet.OnePage)
            writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        writer.WriteElement(new SheetViews(View(sheet, active)));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        if (sheet.Widths.Any(w => w is not null))
        {
            var columns = new Columns();
            for (var c = 0; c < sheet.Widths.Count; c++)
                if (sheet.Widths[c] is { } width)
                    columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = width, CustomWidth = true });
            writer.WriteElement(columns);
        }

        writer.WriteStartElement(new SheetData());
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var row = sheet.Rows[r];
            var attributes = new List<OpenXmlAttribute> { new("r", "", (r + 1).ToString(CultureInfo.InvariantCulture)) };
            if ((row.Height ?? WrappedHeight(sheet, row)) is { } height)
            {
                attributes.Add(new OpenXmlAttribute("ht", "", height.ToString(CultureInfo.InvariantCulture)));
                attributes.Add(new OpenXmlAttribute("customHeight", "", "1"));
            }
            writer.WriteStartElement(new Row(), attributes);
            for (var c = 0; c < row.Cells.Count; c++)
                if (CellOf(row.Cells[c], $"{Column(c + 1)}{r + 1}", styles, strings) is { } cell)
                    writer.WriteElement(cell);
            writer.WriteEndElement();
        }
        writer.WriteEndElement();

        if (sheet.Protect)
            writer.WriteElement(new SheetProtection
            {
                Sheet = true, Objects = true, Scenarios = true,
                // In this attribute "false" means "not protected", i.e. allowed.
                FormatColumns = !sheet.AllowFormatColumnsAndRows, FormatRows = !sheet.AllowFormatColumnsAndRows,
            });
        if (sheet.AutoFilter && sheet.Rows.Count > 0)
            writer.WriteElement(new AutoFilter { Reference = $"A1:{Column(Math.Max(1, ColumnCount(sheet)))}{sheet.Rows.Count}" });
        if (sheet.Validations.Count > 0)
        {
            var validations = new DataValidations { Count = (uint)sheet.Validations.Count };
            foreach (var v in sheet.Validations)
            {
                var rule = new DataValidation
                {
                    Type = v.Type, AllowBlank = true, ShowErrorMessage = true, ShowInputMessage = true,
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = v.Range },
                    ErrorTitle = v.ErrorTitle, Error = v.Error,
                };
                if (v.Operator is { } op) rule.Operator = op;
                rule.Append(new Formula1(v.Formula1));
                if (v.Formula2 is not null) rule.Append(new Formula2(v.Formula2));
                validations.Append(rule);
            }
            writer.WriteElement(validations);
        }
        if (sheet.PrintGridLines) writer.WriteElement(new PrintOptions { GridLines = true });
        writer.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        var setup = new PageSetup { PaperSize = 9, Orientation = sheet.Landscape ? OrientationValues.Landscape : OrientationValues.Portrait };
        if (sheet.FitToWidth || sheet.OnePage)
        {
            setup.FitToWidth = 1;
            setup.FitToHeight = sheet.OnePage ? 1u : 0u;
        }
        writer.WriteElement(setup);
        writer.WriteElement(new HeaderFooter(new OddFooter(XlsxText.Escape($"&L{sheet.Name.Replace("&", "&&")}&RPage &P of &N"))));
        writer.WriteEndElement();
    }

    /// <summary>
    /// The height wrapped text needs, in points, estimated from the text's length and its column's width (LibreOffice
    /// does not fit row heights to wrapped text when it opens a file, so without this a long title shows one line).
    /// </summary>
    private static double? WrappedHeight(XlsxSheet sheet, XlsxRow row)
    {
        double height = 0;
        for (var c = 0; c < row.Cells.Count; c++)
        {
            if (row.Cells[c] is not { Value: string text, Style.Wrap: true } cell || text.Length == 0) continue;
            var width = Math.Max(4, (c < sheet.Widths.Count ? sheet.Widths[c] : null) ?? 8.43);
            var size = cell.Style?.FontSize ?? 11;
            var perLine = Math.Max(1, (int)(width * 1.1 * 11 / size));
            var lines = text.Split('\n').Sum(part => Math.Max(1, (int)Math.Ceiling(part.Length / (double)perLine)));
            if (lines > 1) height = Math.Max(height, lines * 15 * size / 11);
        }
        return height == 0 ? null : Math.Min(409, Math.Ceiling(height));
    }

    private static SheetView View(XlsxSheet sheet, bool active)
    {
        var view = new SheetView { WorkbookViewId = 0, TabSelected = active };
        if (sheet.FreezeRows == 0 && sheet.FreezeColumns == 0) return view;
        var topLeft = $"{Column(sheet.FreezeColumns + 1)}{sheet.FreezeRows + 1}";
        var pane = sheet.FreezeRows > 0 && sheet.FreezeColumns > 0 ? PaneValues.BottomRight : sheet.FreezeRows > 0 ? PaneValues.BottomLeft : PaneValues.TopRight;
        var frozen = new Pane { TopLeftCell = topLeft, ActivePane = pane, State = PaneStateValues.Frozen };
        if (sheet.FreezeColumns > 0) frozen.HorizontalSplit = sheet.FreezeColumns;
        if (sheet.FreezeRows > 0) frozen.VerticalSplit = sheet.FreezeRows;
        view.Append(frozen, new Selection { Pane = pane, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } });
        return view;
    }

    private static Cell? CellOf(XlsxCell value, string reference, StyleTable styles, Dictionary<string, int> strings)
    {
        var style = value.Style is null ? 0u : styles.IndexOf(value.Style);
        switch (value.Value)
        {
            case null:
                return style == 0 ? null : new Cell { CellReference = reference, StyleIndex = style };
            case string text:
                var escaped = XlsxText.Escape(text);
                if (!strings.TryGetValue(escaped, out var index)) strings[escaped] = index = strings.Count;
                return new Cell { CellReference = reference, StyleIndex = style, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture)) };
            case DateTimeOffset at:
                return Number(reference, style == 0 ? styles.IndexOf(XlsxStyle.DateTime) : style, at.UtcDateTime.ToOADate().ToString("R", CultureInfo.InvariantCulture));
            case decimal d: return Number(reference, style, d.ToString(CultureInfo.InvariantCulture));
            case int i: return Number(reference, style, i.ToString(CultureInfo.InvariantCulture));
            case long l: return Number(reference, style, l.ToString(CultureInfo.InvariantCulture));
            case double x: return Number(reference, style, x.ToString("R", CultureInfo.InvariantCulture));
            default: throw new ArgumentException($"No XLSX cell for a {value.Value.GetType().Name}; give text or a number.");
        }
    }

    private static Cell Number(string reference, uint style, string value) =>
        new() { CellReference = reference, StyleIndex = style, CellValue = new CellValue(value) };

    /// <summary>1 → A, 27 → AA.</summary>
    public static string Column(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }

    /// <summary>The workbook's styles: each distinct <see cref="XlsxStyle"/> becomes one cell format, index 0 the default.</summary>
    private sealed class StyleTable
    {
        private readonly List<XlsxStyle> styles = [XlsxStyle.Default];
        private readonly Dictionary<XlsxStyle, uint> index = new() { [XlsxStyle.Default] = 0 };

        public uint IndexOf(XlsxStyle style)
        {
            if (index.TryGetValue(style, out var i)) return i;
            styles.Add(style);
            return index[style] = (uint)(styles.Count - 1);
        }

        public Stylesheet Build()
        {
            var formats = styles.Select(s => s.NumberFormat).OfType<string>().Distinct().ToList();
            var fonts = styles.Select(s => (s.Bold, Size: s.FontSize ?? 11)).Prepend((false, 11)).Distinct().ToList();
            var fills = styles.Select(s => s.Fill).OfType<string>().Distinct().ToList();

            var numberingFormats = new NumberingFormats { Count = (uint)formats.Count };
            for (var i = 0; i < formats.Count; i++) numberingFormats.Append(new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = formats[i] });
            var fontElements = new Fonts { Count = (uint)fonts.Count };
            foreach (var (bold, size) in fonts)
            {
                var font = new Font();
                if (bold) font.Append(new Bold());
                font.Append(new FontSize { Val = size }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
                fontElements.Append(font);
            }
            // The first two fills are reserved by the format (none, gray125).
            var fillElements = new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = (uint)(fills.Count + 2) };
            foreach (var fill in fills)
                fillElements.Append(new Fill(new PatternFill(new ForegroundColor { Rgb = "FF" + fill }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }));

            var cellFormats = new CellFormats { Count = (uint)styles.Count };
            foreach (var s in styles)
            {
                var format = new CellFormat
                {
                    NumberFormatId = s.NumberFormat is null ? 0u : (uint)(164 + formats.IndexOf(s.NumberFormat)),
                    FontId = (uint)fonts.IndexOf((s.Bold, s.FontSize ?? 11)),
                    FillId = s.Fill is null ? 0u : (uint)(2 + fills.IndexOf(s.Fill)),
                    BorderId = 0, FormatId = 0,
                    ApplyNumberFormat = s.NumberFormat is not null, ApplyFont = s.Bold || s.FontSize is not null, ApplyFill = s.Fill is not null,
                };
                // Top-aligned everywhere, so a short value sits level with the first line of a wrapped one beside it.
                format.ApplyAlignment = true;
                format.Append(new Alignment { WrapText = s.Wrap, Vertical = VerticalAlignmentValues.Top });
                if (s.Unlocked)
                {
                    format.ApplyProtection = true;
                    format.Append(new Protection { Locked = false });
                }
                cellFormats.Append(format);
            }
            var stylesheet = new Stylesheet();
            if (formats.Count > 0) stylesheet.Append(numberingFormats);
            stylesheet.Append(fontElements, fillElements, new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
                new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
                cellFormats,
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
            return stylesheet;
        }
    }
}
