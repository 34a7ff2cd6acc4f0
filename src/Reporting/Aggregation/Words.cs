using System.Globalization;
using Reporting.Plans;

namespace Reporting.Aggregation;

/// <summary>The words a reader sees for the API's codes, in one place for the report, the CSV and the XLSX downloads.</summary>
public static class Words
{
    public static string Progress(string status) => status switch
    {
        "achieved" => "Achieved",
        "onTrack" => "On track",
        "atRisk" => "At risk",
        "offTrack" => "Off track",
        "notEnoughReports" => "Not enough reports to judge",
        "noData" => "No data",
        "noTarget" => "No target set",
        "narrative" => "Narrative (not measured)",
        _ => status,
    };

    /// <summary>"Not enough reports to judge: 3 of 10 states (7 needed)"; other statuses as <see cref="Progress(string)"/>.</summary>
    public static string Progress(Aggregation.Progress p) =>
        p.Status == "notEnoughReports" && p.Coverage is { } c
            ? $"Not enough reports to judge: {c.Brief()} ({p.Needed} needed)"
            : Progress(p.Status);

    public static string Kind(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Count => "Count",
        IndicatorKind.Percentage => "Percentage",
        IndicatorKind.Ratio => "Ratio",
        IndicatorKind.Milestone => "Milestone (yes/no)",
        _ => "Narrative",
    };

    public static string Rule(StateAggregation rule) => rule switch
    {
        StateAggregation.WeightedMean => "weighted mean",
        StateAggregation.CountYes => "count of yes",
        StateAggregation.None => "none",
        _ => rule.ToString().ToLowerInvariant(),
    };

    public static string Rule(YearAggregation rule) => rule switch
    {
        YearAggregation.Sum => "sum over years",
        YearAggregation.Latest => "latest year",
        _ => "none",
    };

    /// <summary>A submission status as the secretariat says it.</summary>
    public static string Submission(string status) => status switch
    {
        "accepted" => "Accepted",
        "submitted" => "Awaiting review (provisional)",
        "returned" => "Returned",
        _ => "Not submitted",
    };

    /// <summary>
    /// Missing states, grouped by year when they are state-years ("2021: BRN, IDN; 2023: MMR"), so a long list stays readable.
    /// </summary>
    public static string Missing(IReadOnlyList<string> entries)
    {
        var split = entries.Select(e => e.Split(' ')).ToList();
        if (split.Any(p => p.Length != 2)) return string.Join(", ", entries);
        return string.Join("; ", split.GroupBy(p => p[1]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p[0]))}"));
    }

    /// <summary>"two thirds (67%)" for the default, else the percentage.</summary>
    public static string Share(decimal share) =>
        share == WorkPlan.DefaultMinimumCoverage ? "two thirds (67%)" : (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
