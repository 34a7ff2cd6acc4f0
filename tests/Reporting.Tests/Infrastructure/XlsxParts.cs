using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using MiniExcelLibs;

namespace Reporting.Tests.Infrastructure;

/// <summary>
/// Reads an XLSX back without the writer's library: values through MiniExcel (its own parser), and what a reader
/// needs to see the sheet as intended (number formats, widths, protection, validation, print setup) from the
/// package's XML itself, as ECMA-376 defines it.
/// </summary>
public sealed class XlsxParts
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRel = "http://schemas.openxmlformats.org/package/2006/relationships";

    private readonly byte[] bytes;
    private readonly Dictionary<string, string> xml = new(StringComparer.Ordinal);
    private readonly XDocument workbook;
    private readonly XDocument styles;
    private readonly Dictionary<string, string> sheetPaths = new(StringComparer.Ordinal);

    public XlsxParts(byte[] bytes)
    {
        this.bytes = bytes;
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".rels", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            xml[entry.FullName] = reader.ReadToEnd();
        }
        workbook = XDocument.Parse(xml["xl/workbook.xml"]);
        styles = XDocument.Parse(xml["xl/styles.xml"]);
        var rels = XDocument.Parse(xml["xl/_rels/workbook.xml.rels"]).Root!.Elements(PackageRel + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        foreach (var sheet in workbook.Root!.Element(Main + "sheets")!.Elements(Main + "sheet"))
        {
            var target = rels[(string)sheet.Attribute(Rel + "id")!].TrimStart('/');
            sheetPaths[(string)sheet.Attribute("name")!] = target.StartsWith("xl/", StringComparison.Ordinal) ? target : "xl/" + target;
        }
    }

    /// <summary>Every XML part's text, as stored (to look for escapes such as _xD83E_).</summary>
    public IEnumerable<string> AllXml => xml.Values;

    public IReadOnlyList<string> SheetNames => MiniExcel.GetSheetNames(new MemoryStream(bytes));

    /// <summary>The sheet's rows as MiniExcel reads them: column letter → value (string, double or bool).</summary>
    public List<IDictionary<string, object?>> Rows(string sheet) =>
        MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();

    /// <summary>Rows after the first, keyed by the first row's headings (MiniExcel again).</summary>
    public List<Dictionary<string, object?>> Table(string sheet)
    {
        var rows = Rows(sheet);
        if (rows.Count == 0) return [];
        var headers = rows[0].Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString()!);
        return rows.Skip(1).Select(r => headers.ToDictionary(h => h.Value, h => r.TryGetValue(h.Key, out var v) ? v : null)).ToList();
    }

    public XDocument Sheet(string name) => XDocument.Parse(xml[sheetPaths[name]]);

    /// <summary>The cell element at an A1 reference, or null.</summary>
    public XElement? Cell(string sheet, string reference) =>
        Sheet(sheet).Descendants(Main + "c").FirstOrDefault(c => (string?)c.Attribute("r") == reference);

    /// <summary>The number format code a cell is shown with ("General" when none).</summary>
    public string NumberFormat(string sheet, string reference)
    {
        var xf = CellFormat(sheet, reference);
        var id = (int?)xf?.Attribute("numFmtId") ?? 0;
        if (id == 0) return "General";
        return (string?)styles.Root!.Element(Main + "numFmts")?.Elements(Main + "numFmt").FirstOrDefault(f => (int)f.Attribute("numFmtId")! == id)?.Attribute("formatCode")
            ?? $"builtin:{id}";
    }

    /// <summary>Is the cell locked when its sheet is protected (the format's default is yes)?</summary>
    public bool Locked(string sheet, string reference)
    {
        var protection = CellFormat(sheet, reference)?.Element(Main + "protection");
        return protection is null || (string?)protection.Attribute("locked") is not ("0" or "false");
    }

    public bool Wraps(string sheet, string reference) =>
        (string?)CellFormat(sheet, reference)?.Element(Main + "alignment")?.Attribute("wrapText") is "1" or "true";

    private XElement? CellFormat(string sheet, string reference)
    {
        var index = (int?)Cell(sheet, reference)?.Attribute("s") ?? 0;
        return styles.Root!.Element(Main + "cellXfs")!.Elements(Main + "xf").ElementAtOrDefault(index);
    }

    /// <summary>Column width in characters (1-based column), or null for the default.</summary>
    public double? Width(string sheet, int column) =>
        Sheet(sheet).Root!.Element(Main + "cols")?.Elements(Main + "col")
            .Where(c => (int)c.Attribute("min")! <= column && (int)c.Attribute("max")! >= column)
            .Select(c => (double?)c.Attribute("width")).FirstOrDefault();

    public bool Protected(string sheet) => Sheet(sheet).Root!.Element(Main + "sheetProtection") is { } p && (string?)p.Attribute("sheet") is "1" or "true";

    /// <summary>The type of the data validation covering a cell (whole, decimal, list, textLength), and its first formula.</summary>
    public (string Type, string Formula)? Validation(string sheet, string reference)
    {
        foreach (var v in Sheet(sheet).Descendants(Main + "dataValidation"))
            if (((string)v.Attribute("sqref")!).Split(' ').Any(range => Covers(range, reference)))
                return ((string?)v.Attribute("type") ?? "none", (string?)v.Element(Main + "formula1") ?? "");
        return null;
    }

    private static bool Covers(string range, string reference)
    {
        var parts = range.Split(':');
        var (r, c) = Position(reference);
        var (r1, c1) = Position(parts[0]);
        var (r2, c2) = parts.Length > 1 ? Position(parts[1]) : (r1, c1);
        return r >= r1 && r <= r2 && c >= c1 && c <= c2;
    }

    public static (int Row, int Column) Position(string reference)
    {
        int column = 0, i = 0;
        for (; i < reference.Length && char.IsLetter(reference[i]); i++) column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        return (int.Parse(reference[i..]), column);
    }

    /// <summary>How the sheet prints: orientation, pages wide and tall when fitted (null when not fitted), rows repeated on each page.</summary>
    /// <summary>Whether the sheet prints its cell grid (printOptions gridLines).</summary>
    public bool PrintsGrid(string sheet) => (string?)Sheet(sheet).Root!.Element(Main + "printOptions")?.Attribute("gridLines") is "1" or "true";

    public (string Orientation, int? Wide, int? Tall, string? RepeatedRows) Print(string sheet)
    {
        var root = Sheet(sheet).Root!;
        var setup = root.Element(Main + "pageSetup");
        var fit = (string?)root.Element(Main + "sheetPr")?.Element(Main + "pageSetUpPr")?.Attribute("fitToPage") is "1" or "true";
        var index = workbook.Root!.Element(Main + "sheets")!.Elements(Main + "sheet").TakeWhile(s => (string)s.Attribute("name")! != sheet).Count();
        var titles = workbook.Root.Element(Main + "definedNames")?.Elements(Main + "definedName")
            .FirstOrDefault(d => (string?)d.Attribute("name") == "_xlnm.Print_Titles" && (int?)d.Attribute("localSheetId") == index)?.Value;
        return ((string?)setup?.Attribute("orientation") ?? "default",
            fit ? (int?)setup?.Attribute("fitToWidth") ?? 1 : null,
            fit ? (int?)setup?.Attribute("fitToHeight") ?? 1 : null,
            titles);
    }
}
