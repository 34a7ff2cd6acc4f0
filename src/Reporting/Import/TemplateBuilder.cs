using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;
using Newtonsoft.Json.Linq;
using Reporting.Frameworks;
using Reporting.Plans;
using Reporting.Spreadsheets;
using Reporting.Submissions;

namespace Reporting.Import;

/// <summary>
/// The offline template for a plan, year and state: one row per indicator with validated input cells, activities,
/// the overall narrative and plain-English instructions; codes and titles locked; a draft's values filled in.
/// </summary>
public static class TemplateBuilder
{
    private const string Locked = "EEF3F8";
    private const string NotUsed = "D9D9D9";
    private static readonly XlsxStyle LockedCell = new(Wrap: true, Fill: Locked);
    private static readonly XlsxStyle NotUsedCell = new(Fill: NotUsed);
    private static readonly XlsxStyle Input = new(Unlocked: true);
    private static readonly XlsxStyle NumberInput = new("#,##0.##", Unlocked: true);
    private static readonly XlsxStyle TextInput = new(Wrap: true, Unlocked: true);

    /// <param name="framework">The plan's framework, when it names one: adds the key result area column and its list.</param>
    public static byte[] Build(WorkPlan plan, int year, string state, Submission? current, Framework? framework = null)
    {
        var overall = new XlsxSheet(SpreadsheetLayout.OverallSheet) { Protect = true, FitToWidth = true };
        overall.Add(new XlsxCell("Overall narrative (any language)", XlsxStyle.Bolded));
        overall.Rows.Add(new XlsxRow([new XlsxCell(current?.Narrative ?? "", TextInput)], Height: 200));
        overall.Widths.Add(100);
        var sheets = new List<XlsxSheet>
        {
            Instructions(plan, year, state, current, framework),
            Indicators(plan, current),
            Activities(plan, current, framework),
        };
        if (framework is not null) sheets.Add(KeyResultAreas(framework));
        sheets.Add(overall);
        return XlsxWriter.Write(sheets, activeSheet: 1);
    }

    private static XlsxSheet Indicators(WorkPlan plan, Submission? current)
    {
        var sheet = new XlsxSheet(SpreadsheetLayout.IndicatorsSheet)
        {
            // One column pair per breakdown category makes it wider than a page: it prints across pages, code and title repeated.
            FreezeRows = 1, FreezeColumns = 2, Protect = true, AllowFormatColumnsAndRows = true,
            Landscape = true, RepeatHeaderRow = true, RepeatColumns = 2,
        };
        var inputs = SpreadsheetLayout.InputColumns(plan);
        var headers = SpreadsheetLayout.FixedHeaders.Concat(inputs.Select(c => c.Header)).ToList();
        sheet.Rows.Add(new XlsxRow(headers.Select(h => new XlsxCell(h, XlsxStyle.Header)).ToList()));
        for (var c = 0; c < headers.Count; c++)
            sheet.Widths.Add(c switch { 0 => 9, 1 => 60, 2 => 16, 3 => 14, _ => Math.Max(12, headers[c].Length + 4) });
        sheet.Widths[SpreadsheetLayout.FixedHeaders.Length + inputs.FindIndex(c => c.Field == "narrative")] = 60;

        for (var r = 0; r < plan.Indicators.Count; r++)
        {
            var indicator = plan.Indicators[r];
            var row = r + 2;
            var value = current?.Values.GetValueOrDefault(indicator.Code);
            var cells = new List<XlsxCell>
            {
                new(indicator.Code, LockedCell), new(indicator.Title, LockedCell),
                new(indicator.Kind.ToString().ToLowerInvariant(), LockedCell), new(indicator.Unit ?? "", LockedCell),
            };
            for (var c = 0; c < inputs.Count; c++)
            {
                var column = inputs[c];
                if (!SpreadsheetLayout.Applies(column, indicator))
                {
                    cells.Add(new XlsxCell(null, NotUsedCell));
                    continue;
                }
                var reference = $"{XlsxWriter.Column(SpreadsheetLayout.FixedHeaders.Length + c + 1)}{row}";
                sheet.Validations.Add(Validation(reference, column, indicator, row));
                var style = column.Field is "narrative" or "evidenceUrl" ? TextInput : column.Field == "achieved" ? Input : NumberInput;
                cells.Add(new XlsxCell(Prefill(column, value), style));
            }
            sheet.Rows.Add(new XlsxRow(cells));
        }
        return sheet;
    }

    private static XlsxValidation Validation(string reference, InputColumn column, Indicator indicator, int row)
    {
        var title = $"Indicator {indicator.Code}, row {row}";
        return column.Field switch
        {
            "value" or "disaggregation" when indicator.Kind == IndicatorKind.Count =>
                new(reference, DataValidationValues.Whole, "0", "1000000000", DataValidationOperatorValues.Between, title, "Type a whole number, 0 or more."),
            "numerator" or "denominator" or "disaggregation" =>
                new(reference, DataValidationValues.Decimal, "0", "1000000000000", DataValidationOperatorValues.Between, title,
                    indicator.Kind == IndicatorKind.Percentage ? "Type a number, 0 or more. The numerator cannot exceed the denominator." : "Type a number, 0 or more."),
            "achieved" => new(reference, DataValidationValues.List, "\"yes,no\"", ErrorTitle: title, Error: "Choose yes or no."),
            "evidenceUrl" => new(reference, DataValidationValues.TextLength, "2000", Operator: DataValidationOperatorValues.LessThanOrEqual, ErrorTitle: title,
                Error: "A link of up to 2000 characters, starting with https://"),
            _ => new(reference, DataValidationValues.TextLength, SubmissionValidator.MaxNarrative.ToString(CultureInfo.InvariantCulture),
                Operator: DataValidationOperatorValues.LessThanOrEqual, ErrorTitle: title, Error: $"Up to {SubmissionValidator.MaxNarrative} characters."),
        };
    }

    private static object? Prefill(InputColumn column, IndicatorValue? value)
    {
        if (value is null) return null;
        return column.Field switch
        {
            "value" => value.Value,
            "numerator" => value.Numerator,
            "denominator" => value.Denominator,
            "achieved" => value.Achieved is { } a ? (a ? "yes" : "no") : null,
            "evidenceUrl" => value.EvidenceUrl,
            "narrative" => value.Narrative,
            _ => Part(value, column),
        };
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

    /// <summary>The framework's key result areas, locked, with whether a source confirmed each (the list the Activities sheet's column E takes).</summary>
    private static XlsxSheet KeyResultAreas(Framework framework)
    {
        // A list people print to keep beside them: one page wide, landscape.
        var sheet = new XlsxSheet(SpreadsheetLayout.KeyResultAreasSheet) { Protect = true, FreezeRows = 1, Landscape = true, FitToWidth = true, RepeatHeaderRow = true };
        sheet.Rows.Add(new XlsxRow(new[] { "Code", "Characteristic", "Key result area", "Confirmed from a source", "Note" }.Select(h => new XlsxCell(h, XlsxStyle.Header)).ToList()));
        sheet.Widths.AddRange([9, 32, 70, 24, 70]);
        foreach (var k in framework.KeyResultAreas)
        {
            var characteristic = framework.Characteristics.FirstOrDefault(c => c.Code == k.Characteristic);
            // Rows are sized here: LibreOffice does not grow a row for wrapped text by itself, and would show one line.
            var lines = Math.Max(Lines(k.Title, 70), k.Confirmed ? 1 : Lines(k.Note ?? "", 70));
            sheet.Rows.Add(new XlsxRow(
            [
                new(k.Code), new(characteristic is null ? k.Characteristic : $"{characteristic.Code} {characteristic.Title}", XlsxStyle.Wrapped),
                new(k.Title, XlsxStyle.Wrapped), new(k.Confirmed ? "yes" : "no: working label", XlsxStyle.Wrapped), new(k.Confirmed ? "" : k.Note ?? "", XlsxStyle.Wrapped),
            ], Height: lines > 1 ? 15 * lines : null));
        }
        sheet.Add();
        sheet.Add($"{framework.Title} ({framework.Id}, revision {framework.Revision}).");
        return sheet;
    }

    /// <summary>About how many lines a text takes in a wrapped column of this width (characters).</summary>
    private static int Lines(string text, double width) => Math.Max(1, (int)Math.Ceiling(text.Length / (width * 0.95)));

    private static XlsxSheet Activities(WorkPlan plan, Submission? current, Framework? framework)
    {
        var sheet = new XlsxSheet(SpreadsheetLayout.ActivitiesSheet) { Protect = true, FreezeRows = 1, Landscape = true, FitToWidth = true, RepeatHeaderRow = true };
        sheet.Rows.Add(new XlsxRow(SpreadsheetLayout.ActivityHeaders.Select(h => new XlsxCell(h, XlsxStyle.Header)).ToList()));
        sheet.Widths.AddRange([50, 70, 12, 18]);
        var activities = current?.Activities ?? [];
        // The column also appears when a saved activity names a key result area although the plan no longer names a
        // framework: the import then reads it back and says what is wrong, instead of dropping it silently.
        var withKra = framework is not null || activities.Any(a => a.Kra is not null);
        if (withKra)
        {
            sheet.Rows[0] = new XlsxRow([.. sheet.Rows[0].Cells, new XlsxCell(SpreadsheetLayout.ActivityKraHeader, XlsxStyle.Header)]);
            sheet.Widths.Add(18);
        }
        for (var i = 0; i < SpreadsheetLayout.ActivityRows; i++)
        {
            var a = i < activities.Count ? activities[i] : null;
            List<XlsxCell> cells = [new(a?.Title ?? "", TextInput), new(a?.Description ?? "", TextInput), new(a?.Outcome ?? "", Input),
                new(a?.Importance is { } imp ? imp : null, Input)];
            if (withKra) cells.Add(new(a?.Kra ?? "", Input));
            sheet.Rows.Add(new XlsxRow(cells));
        }
        var last = SpreadsheetLayout.ActivityRows + 1;
        sheet.Validations.Add(new($"C2:C{last}", DataValidationValues.List, "\"" + string.Join(",", plan.Outcomes.Select(o => o.Code)) + "\"",
            ErrorTitle: "Outcome", Error: "Choose the outcome the activity served."));
        sheet.Validations.Add(new($"D2:D{last}", DataValidationValues.List, "\"1,2,3\"", ErrorTitle: "Importance", Error: "1 = low, 2 = medium, 3 = high importance to the target."));
        if (framework is not null && framework.KeyResultAreas.Count > 0)
        {
            var quoted = "'" + SpreadsheetLayout.KeyResultAreasSheet.Replace("'", "''") + "'";
            sheet.Validations.Add(new($"E2:E{last}", DataValidationValues.List, $"{quoted}!$A$2:$A${framework.KeyResultAreas.Count + 1}",
                ErrorTitle: "Key result area", Error: $"Optional. Choose a code from the '{SpreadsheetLayout.KeyResultAreasSheet}' sheet, or leave it empty."));
        }
        return sheet;
    }

    private static XlsxSheet Instructions(WorkPlan plan, int year, string state, Submission? current, Framework? framework)
    {
        var sheet = new XlsxSheet(SpreadsheetLayout.InstructionsSheet) { Protect = true, FitToWidth = true };
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
        for (var i = 0; i < lines.Length; i++)
            sheet.Add(new XlsxCell(lines[i], i switch { 0 => new XlsxStyle(Bold: true, Wrap: true, FontSize: 14), 4 => new XlsxStyle(Bold: true, Wrap: true), _ => XlsxStyle.Wrapped }));
        while (sheet.Rows.Count < 19) sheet.Add();
        // Machine-readable: which plan, year and state this file is for.
        sheet.Add("Template for", plan.Id);
        sheet.Add(null, year.ToString(CultureInfo.InvariantCulture));
        sheet.Add(null, state);
        sheet.Widths.AddRange([100, 24]);
        return sheet;
    }
}
