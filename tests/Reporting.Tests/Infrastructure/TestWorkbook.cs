using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Reporting.Import;

namespace Reporting.Tests.Infrastructure;

/// <summary>
/// A downloaded template opened for editing, the way a focal point fills it in Excel: cells typed over (numbers,
/// text, a formula), the rest of the file (validations, protection, styles) left as it was.
/// </summary>
public sealed class TestWorkbook : IDisposable
{
    private readonly MemoryStream stream = new();
    private readonly SpreadsheetDocument document;

    public TestWorkbook(byte[] bytes)
    {
        stream.Write(bytes);
        stream.Position = 0;
        document = SpreadsheetDocument.Open(stream, true);
    }

    /// <summary>An empty workbook with one sheet, for files a template never produces.</summary>
    public static TestWorkbook Empty(string sheetName)
    {
        using var blank = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(blank, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            var ws = wb.AddNewPart<WorksheetPart>();
            ws.Worksheet = new Worksheet(new SheetData());
            wb.Workbook = new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = wb.GetIdOfPart(ws) }));
        }
        return new TestWorkbook(blank.ToArray());
    }

    public IReadOnlyList<string> SheetNames => document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    private SheetData Data(string sheet)
    {
        var wb = document.WorkbookPart!;
        var id = wb.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!.Value!;
        return ((WorksheetPart)wb.GetPartById(id)).Worksheet.GetFirstChild<SheetData>()!;
    }

    public string Text(string sheet, int row, int column)
    {
        var cell = Find(sheet, row, column);
        if (cell?.CellValue is null && cell?.InlineString is null) return "";
        if (cell.DataType?.Value == CellValues.SharedString)
            return document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText;
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString!.InnerText;
        return cell.CellValue!.Text;
    }

    /// <summary>(row, column) of the Indicators sheet's cell for an indicator code and a column heading.</summary>
    public (int Row, int Column) At(string code, string header)
    {
        var data = Data(SpreadsheetLayout.IndicatorsSheet);
        var rows = data.Elements<Row>().Select(r => (int)r.RowIndex!.Value).ToList();
        var column = Enumerable.Range(1, 80).First(c => Text(SpreadsheetLayout.IndicatorsSheet, 1, c) == header);
        var row = rows.First(r => Text(SpreadsheetLayout.IndicatorsSheet, r, 1) == code);
        return (row, column);
    }

    /// <summary>The A1 reference of an indicator's cell, e.g. "F7".</summary>
    public string Reference(string code, string header)
    {
        var (row, column) = At(code, header);
        return $"{SpreadsheetLayout.ColumnLetter(column)}{row}";
    }

    public TestWorkbook Set(string code, string header, object value)
    {
        var (row, column) = At(code, header);
        return Set(SpreadsheetLayout.IndicatorsSheet, row, column, value);
    }

    /// <summary>Types a number or a text into a cell, as Excel stores it (text inline); keeps the cell's style.</summary>
    public TestWorkbook Set(string sheet, int row, int column, object value)
    {
        var cell = Cell(sheet, row, column);
        cell.CellFormula = null;
        cell.InlineString = null;
        cell.CellValue = null;
        switch (value)
        {
            case string text:
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve });
                break;
            default:
                cell.DataType = null;
                cell.CellValue = new CellValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
        }
        return this;
    }

    public TestWorkbook SetFormula(string code, string header, string formula)
    {
        var (row, column) = At(code, header);
        var cell = Cell(SpreadsheetLayout.IndicatorsSheet, row, column);
        cell.DataType = null;
        cell.CellValue = new CellValue("2");
        cell.CellFormula = new CellFormula(formula.TrimStart('='));
        return this;
    }

    private Cell? Find(string sheet, int row, int column)
    {
        var reference = $"{SpreadsheetLayout.ColumnLetter(column)}{row}";
        return Data(sheet).Elements<Row>().FirstOrDefault(r => r.RowIndex?.Value == row)?.Elements<Cell>().FirstOrDefault(c => c.CellReference == reference);
    }

    private Cell Cell(string sheet, int row, int column)
    {
        var data = Data(sheet);
        var reference = $"{SpreadsheetLayout.ColumnLetter(column)}{row}";
        var r = data.Elements<Row>().FirstOrDefault(x => x.RowIndex?.Value == row);
        if (r is null)
        {
            r = new Row { RowIndex = (uint)row };
            var after = data.Elements<Row>().LastOrDefault(x => x.RowIndex!.Value < row);
            if (after is null) data.PrependChild(r); else after.InsertAfterSelf(r);
        }
        var cell = r.Elements<Cell>().FirstOrDefault(c => c.CellReference == reference);
        if (cell is not null) return cell;
        cell = new Cell { CellReference = reference };
        var before = r.Elements<Cell>().LastOrDefault(c => XlsxParts.Position(c.CellReference!.Value!).Column < column);
        if (before is null) r.PrependChild(cell); else before.InsertAfterSelf(cell);
        return cell;
    }

    /// <summary>The workbook as saved bytes; the workbook stays open for more edits.</summary>
    public byte[] Save()
    {
        using var copy = new MemoryStream();
        using (document.Clone(copy)) { }
        return copy.ToArray();
    }

    public void Dispose()
    {
        document.Dispose();
        stream.Dispose();
    }
}
