using Reporting.Plans;

namespace Reporting.Import;

/// <summary>One input column of the Indicators sheet (and of the CSV): what it holds and where in a submission it goes.</summary>
public sealed record InputColumn(string Header, string Field, string? Dimension = null, string? Category = null, bool Denominator = false);

/// <summary>
/// The spreadsheet's shape, in one place for the template and the import: sheet names, the fixed columns and one
/// pair of columns per disaggregation category (value or numerator, then denominator for rates).
/// </summary>
public static class SpreadsheetLayout
{
    public const string IndicatorsSheet = "Indicators";
    public const string ActivitiesSheet = "Activities";
    public const string OverallSheet = "Overall";
    public const string InstructionsSheet = "Instructions";
    /// <summary>Only when the plan names a framework: its key result areas, the list the Activities sheet's last column picks from.</summary>
    public const string KeyResultAreasSheet = "Key result areas";
    public const int MaxRows = 500;
    public const int ActivityRows = 15;

    public static readonly string[] FixedHeaders = ["Code", "Indicator", "Kind", "Unit"];
    public static readonly string[] ActivityHeaders = ["Title", "Description", "Outcome", "Importance (1-3)"];
    /// <summary>The Activities sheet's fifth column, present when the plan names a framework (column E, after the four above).</summary>
    public const string ActivityKraHeader = "Key result area";

    public static List<InputColumn> InputColumns(WorkPlan plan)
    {
        var columns = new List<InputColumn>
        {
            new("Value", "value"),
            new("Numerator", "numerator"),
            new("Denominator", "denominator"),
            new("Achieved (yes/no)", "achieved"),
            new("Evidence link", "evidenceUrl"),
            new("Narrative", "narrative"),
        };
        foreach (var (dimension, categories) in plan.Disaggregations.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!plan.Indicators.Any(i => i.Disaggregations.Contains(dimension))) continue;
            foreach (var category in categories)
            {
                columns.Add(new($"{dimension}: {category}", "disaggregation", dimension, category));
                if (plan.Indicators.Any(i => i.Disaggregations.Contains(dimension) && i.Kind is IndicatorKind.Percentage or IndicatorKind.Ratio))
                    columns.Add(new($"{dimension}: {category} (denominator)", "disaggregation", dimension, category, Denominator: true));
            }
        }
        return columns;
    }

    /// <summary>Does this input column apply to an indicator of this kind (others are greyed and locked)?</summary>
    public static bool Applies(InputColumn column, Indicator indicator) => column.Field switch
    {
        "value" => indicator.Kind == IndicatorKind.Count,
        "numerator" or "denominator" => indicator.Kind is IndicatorKind.Percentage or IndicatorKind.Ratio,
        "achieved" or "evidenceUrl" => indicator.Kind == IndicatorKind.Milestone,
        "narrative" => true,
        "disaggregation" => indicator.Disaggregations.Contains(column.Dimension!)
                            && (!column.Denominator || indicator.Kind is IndicatorKind.Percentage or IndicatorKind.Ratio),
        _ => false,
    };

    public static string ColumnLetter(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }
}
