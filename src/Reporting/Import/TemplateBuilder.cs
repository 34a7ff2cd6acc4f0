using System.Globalization;
using ClosedXML.Excel;
using Newtonsoft.Json.Linq;
using Reporting.Frameworks;
using Reporting.Plans;
using Reporting.Submissions;

namespace Reporting.Import;

/// <summary>
/// The offline template for a plan, year and state: one row per indicator with validated input cells, activities,
/// the overall narrative and plain-English instructions; codes and titles locked; a draft's values filled in.
/// </summary>
public static class TemplateBuilder
{
    private static readonly XLColor Locked = XLColor.FromHtml("#EEF3F8");
    private static readonly XLColor NotUsed = XLColor.FromHtml("#D9D9D9");

    /// <param name="framework">The plan's framework, when it names one: adds the key result area column and its list.</param>
    public static byte[] Build(WorkPlan plan, int year, string state, Submission? current, Framework? framework = null)
    {
        using var workbook = new XLWorkbook();
        Instructions(workbook.Worksheets.Add(SpreadsheetLayout.InstructionsSheet), plan, year, state, current, framework);
        Indicators(workbook.Worksheets.Add(SpreadsheetLayout.IndicatorsSheet), plan, current);
        var activities = workbook.Worksheets.Add(SpreadsheetLayout.ActivitiesSheet);
        var kras = framework is null ? null : KeyResultAreas(workbook.Worksheets.Add(SpreadsheetLayout.KeyResultAreasSheet), framework);
        Activities(activities, plan, current, kras);
        var overall = workbook.Worksheets.Add(SpreadsheetLayout.OverallSheet);
        overall.Cell(1, 1).SetValue("Overall narrative (any language)").Style.Font.Bold = true;
        overall.Cell(2, 1).SetValue(current?.Narrative ?? "");
        overall.Cell(2, 1).Style.Protection.Locked = false;
        overall.Cell(2, 1).Style.Alignment.WrapText = true;
        overall.Column(1).Width = 100;
        overall.Row(2).Height = 200;
        overall.Protect();
        workbook.Worksheet(SpreadsheetLayout.IndicatorsSheet).SetTabActive();
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Indicators(IXLWorksheet sheet, WorkPlan plan, Submission? current)
    {
        var inputs = SpreadsheetLayout.InputColumns(plan);
        var headers = SpreadsheetLayout.FixedHeaders.Concat(inputs.Select(c => c.Header)).ToList();
        for (var c = 0; c < headers.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(headers[c]);
            sheet.Column(c + 1).Width = c switch { 0 => 9, 1 => 60, 2 => 12, 3 => 14, _ => headers[c].Length + 6 };
        }
        sheet.Column(SpreadsheetLayout.FixedHeaders.Length + inputs.FindIndex(c => c.Field == "narrative") + 1).Width = 60;
        sheet.Row(1).Style.Font.Bold = true;
        sheet.Row(1).Style.Fill.BackgroundColor = Locked;
        sheet.SheetView.FreezeRows(1);
        sheet.SheetView.FreezeColumns(2);

        for (var r = 0; r < plan.Indicators.Count; r++)
        {
            var indicator = plan.Indicators[r];
            var row = r + 2;
            sheet.Cell(row, 1).SetValue(indicator.Code);
            sheet.Cell(row, 2).SetValue(indicator.Title);
            sheet.Cell(row, 2).Style.Alignment.WrapText = true;
            sheet.Cell(row, 3).SetValue(indicator.Kind.ToString().ToLowerInvariant());
            sheet.Cell(row, 4).SetValue(indicator.Unit ?? "");
            sheet.Range(row, 1, row, 4).Style.Fill.BackgroundColor = Locked;
            current?.Values.TryGetValue(indicator.Code, out _);
            var value = current?.Values.GetValueOrDefault(indicator.Code);
            for (var c = 0; c < inputs.Count; c++)
            {
                var column = inputs[c];
                var cell = sheet.Cell(row, SpreadsheetLayout.FixedHeaders.Length + c + 1);
                if (!SpreadsheetLayout.Applies(column, indicator))
                {
                    cell.Style.Fill.BackgroundColor = NotUsed;
                    continue;
                }
                cell.Style.Protection.Locked = false;
                Validate(cell, column, indicator, row);
                Prefill(cell, column, value);
            }
        }
        sheet.Protect().AllowElement(XLSheetProtectionElements.FormatColumns | XLSheetProtectionElements.FormatRows);
    }

    private static void Validate(IXLCell cell, InputColumn column, Indicator indicator, int row)
    {
        var rule = cell.AsRange().SetDataValidation();
        rule.ShowErrorMessage = true;
        switch (column.Field)
        {
            case "value":
            case "disaggregation" when indicator.Kind == IndicatorKind.Count:
                rule.WholeNumber.Between(0, 1_000_000_000);
                rule.ErrorMessage = "Type a whole number, 0 or more.";
                break;
            case "numerator" or "denominator":
            case "disaggregation":
                rule.Decimal.Between(0, 1_000_000_000_000);
                rule.ErrorMessage = indicator.Kind == IndicatorKind.Percentage
                    ? "Type a number, 0 or more. The numerator cannot exceed the denominator."
                    : "Type a number, 0 or more.";
                break;
            case "achieved":
                rule.List("\"yes,no\"", true);
                rule.ErrorMessage = "Choose yes or no.";
                break;
            case "evidenceUrl":
                rule.TextLength.EqualOrLessThan(2000);
                rule.ErrorMessage = "A link of up to 2000 characters, starting with https://";
                break;
            case "narrative":
                rule.TextLength.EqualOrLessThan(SubmissionValidator.MaxNarrative);
                rule.ErrorMessage = $"Up to {SubmissionValidator.MaxNarrative} characters.";
                break;
        }
        rule.ErrorTitle = $"Indicator {indicator.Code}, row {row}";
    }

    private static void Prefill(IXLCell cell, InputColumn column, IndicatorValue? value)
    {
        if (value is null) return;
        object? v = column.Field switch
        {
            "value" => value.Value,
            "numerator" => value.Numerator,
            "denominator" => value.Denominator,
            "achieved" => value.Achieved is { } a ? (a ? "yes" : "no") : null,
            "evidenceUrl" => value.EvidenceUrl,
            "narrative" => value.Narrative,
            _ => Part(value, column),
        };
        switch (v)
        {
            case decimal d: cell.SetValue(d); break;
            case string s: cell.SetValue(s); break;
        }
    }

    private static decimal? Part(IndicatorValue value, InputColumn column)
    {
        if (value.Disaggregation?.GetValueOrDefault(column.Dimension!)?.GetValueOrDefault(column.Category!) is not { } token) return null;
        return token switch
        {
            JObject o => o.Value<decimal?>(column.Denominator ? "denominator" : "numerator"),
            JValue v when !column.Denominator => v.ToObject<decimal?>(),
            _ => null,
        };
    }

    /// <summary>The framework's key result areas, locked, with whether a source confirmed each; returns the range of codes.</summary>
    private static IXLRange KeyResultAreas(IXLWorksheet sheet, Framework framework)
    {
        string[] headers = ["Code", "Characteristic", "Key result area", "Confirmed from a source", "Note"];
        for (var c = 0; c < headers.Length; c++) sheet.Cell(1, c + 1).SetValue(headers[c]);
        sheet.Row(1).Style.Font.Bold = true;
        sheet.Row(1).Style.Fill.BackgroundColor = Locked;
        sheet.Column(1).Width = 9;
        sheet.Column(2).Width = 32;
        sheet.Column(3).Width = 70;
        sheet.Column(4).Width = 24;
        sheet.Column(5).Width = 70;
        var row = 2;
        foreach (var k in framework.KeyResultAreas)
        {
            var characteristic = framework.Characteristics.FirstOrDefault(c => c.Code == k.Characteristic);
            sheet.Cell(row, 1).SetValue(k.Code);
            sheet.Cell(row, 2).SetValue(characteristic is null ? k.Characteristic : $"{characteristic.Code} {characteristic.Title}");
            sheet.Cell(row, 3).SetValue(k.Title);
            sheet.Cell(row, 4).SetValue(k.Confirmed ? "yes" : "no: working label");
            sheet.Cell(row, 5).SetValue(k.Confirmed ? "" : k.Note ?? "");
            sheet.Range(row, 2, row, 5).Style.Alignment.WrapText = true;
            sheet.Range(row, 1, row, 5).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            // Rows are sized here: LibreOffice does not grow a row for wrapped text by itself, and would show one line.
            var lines = Math.Max(Lines(k.Title, 70), k.Confirmed ? 1 : Lines(k.Note ?? "", 70));
            if (lines > 1) sheet.Row(row).Height = 15 * lines;
            row++;
        }
        sheet.Cell(row + 1, 1).SetValue($"{framework.Title} ({framework.Id}, revision {framework.Revision}).");
        sheet.SheetView.FreezeRows(1);
        // A list people print to keep beside them: one page wide, landscape.
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
        sheet.Protect();
        return sheet.Range(2, 1, Math.Max(2, row - 1), 1);
    }

    /// <summary>About how many lines a text takes in a wrapped column of this width (characters).</summary>
    private static int Lines(string text, double width) => Math.Max(1, (int)Math.Ceiling(text.Length / (width * 0.95)));

    private static void Activities(IXLWorksheet sheet, WorkPlan plan, Submission? current, IXLRange? kras)
    {
        for (var c = 0; c < SpreadsheetLayout.ActivityHeaders.Length; c++)
            sheet.Cell(1, c + 1).SetValue(SpreadsheetLayout.ActivityHeaders[c]);
        sheet.Row(1).Style.Font.Bold = true;
        sheet.Row(1).Style.Fill.BackgroundColor = Locked;
        sheet.Column(1).Width = 50;
        sheet.Column(2).Width = 70;
        sheet.Column(3).Width = 12;
        sheet.Column(4).Width = 18;
        var rows = sheet.Range(2, 1, SpreadsheetLayout.ActivityRows + 1, 4);
        rows.Style.Protection.Locked = false;
        var outcome = sheet.Range(2, 3, SpreadsheetLayout.ActivityRows + 1, 3).SetDataValidation();
        outcome.List("\"" + string.Join(",", plan.Outcomes.Select(o => o.Code)) + "\"", true);
        outcome.ErrorMessage = "Choose the outcome the activity served.";
        var importance = sheet.Range(2, 4, SpreadsheetLayout.ActivityRows + 1, 4).SetDataValidation();
        importance.List("\"1,2,3\"", true);
        importance.ErrorMessage = "1 = low, 2 = medium, 3 = high importance to the target.";
        var activities = current?.Activities ?? [];
        // The column also appears when a saved activity names a key result area although the plan no longer names a
        // framework: the import then reads it back and says what is wrong, instead of dropping it silently.
        if (kras is not null || activities.Any(a => a.Kra is not null))
        {
            sheet.Cell(1, 5).SetValue(SpreadsheetLayout.ActivityKraHeader);
            sheet.Column(5).Width = 18;
            sheet.Column(5).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
            sheet.Range(2, 5, SpreadsheetLayout.ActivityRows + 1, 5).Style.Protection.Locked = false;
            if (kras is not null)
            {
                var kra = sheet.Range(2, 5, SpreadsheetLayout.ActivityRows + 1, 5).SetDataValidation();
                kra.List(kras, true);
                kra.IgnoreBlanks = true;
                kra.ErrorMessage = $"Optional. Choose a code from the '{SpreadsheetLayout.KeyResultAreasSheet}' sheet, or leave it empty.";
            }
        }
        for (var i = 0; i < activities.Count && i < SpreadsheetLayout.ActivityRows; i++)
        {
            sheet.Cell(i + 2, 1).SetValue(activities[i].Title ?? "");
            sheet.Cell(i + 2, 2).SetValue(activities[i].Description ?? "");
            sheet.Cell(i + 2, 3).SetValue(activities[i].Outcome ?? "");
            if (activities[i].Importance is { } imp) sheet.Cell(i + 2, 4).SetValue(imp);
            if (activities[i].Kra is { } code) sheet.Cell(i + 2, 5).SetValue(code);
        }
        sheet.Protect();
    }

    private static void Instructions(IXLWorksheet sheet, WorkPlan plan, int year, string state, Submission? current, Framework? framework)
    {
        string[] lines =
        [
            $"{plan.Title}",
            $"Progress report of {state} for {year} (plan {plan.Id}, version {plan.Version}).",
            current is null ? "This template is empty: no draft has been saved yet." : $"Filled in from your saved report (status: {current.Status.ToString().ToLowerInvariant()}, revision {current.Revision}).",
            "",
            "How to fill it in",
            "1. On the Indicators sheet, each row is one indicator. Grey cells do not apply to that indicator.",
            "2. Counts: type a whole number in Value. Percentages and ratios: type the Numerator and the Denominator; the percentage is worked out for you.",
            "3. Milestones: choose yes or no in Achieved, and paste a link to the evidence.",
            "4. Where an indicator is broken down (for example by sex), the parts must add up to the total.",
            "5. Leave a row empty if you have no figure yet. Write narratives in your own language.",
            "6. On the Activities sheet, list activities carried out, the outcome each served, and its importance from 1 (low) to 3 (high)."
                + (framework is null ? "" : $" You may also give the key result area of the {framework.ShortTitle ?? framework.Title} it served (the list is on the '{SpreadsheetLayout.KeyResultAreasSheet}' sheet)."),
            "7. Write the overall narrative on the Overall sheet.",
            "8. Upload the file with a dry run first: it lists every problem by sheet, row and column, and saves nothing.",
            "",
            "Do not change the codes, the sheet names or the column headings: they tell the system which indicator each figure belongs to.",
        ];
        for (var i = 0; i < lines.Length; i++) sheet.Cell(i + 1, 1).SetValue(lines[i]);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        sheet.Cell(5, 1).Style.Font.Bold = true;
        sheet.Column(1).Width = 120;
        sheet.Column(1).Style.Alignment.WrapText = true;
        // Machine-readable: which plan, year and state this file is for.
        sheet.Cell(20, 1).SetValue("Template for");
        sheet.Cell(20, 2).SetValue(plan.Id);
        sheet.Cell(21, 2).SetValue(year.ToString(CultureInfo.InvariantCulture));
        sheet.Cell(22, 2).SetValue(state);
        sheet.Protect();
    }
}
