using System.Globalization;
using Reporting.Aggregation;
using Reporting.Plans;
using Reporting.Spreadsheets;

namespace Reporting.Evaluation;

/// <summary>
/// The evaluation as tables (key result areas, serving indicators, activities, gaps, plans): CSV through CsvHelper (UTF-8
/// with BOM, formula-like text escaped) and XLSX through the project's Open XML writer (a sheet per table and an About sheet).
/// Statuses and sources are words; every figure says what it rests on.
/// </summary>
public static class EvaluationExport
{
    public static readonly IReadOnlyList<string> Views = ["kras", "indicators", "activities", "gaps", "plans"];

    public static byte[] Csv(FrameworkEvaluation e, string view) =>
        ExportTables.Csv(Tables(e).Single(t => t.Name == view), ("Period", e.Period), ("Data as of", AsOf(e)));

    public static byte[] Xlsx(FrameworkEvaluation e) => XlsxWriter.Write([About(e), .. Tables(e).Select(ExportTables.Sheet)]);

    private static string AsOf(FrameworkEvaluation e) => e.DataAsOf?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no data yet";

    private static XlsxSheet About(FrameworkEvaluation e)
    {
        var about = new XlsxSheet("About") { OnePage = true };
        (string, string)[] info =
        [
            ("Framework", $"{e.FrameworkTitle} ({e.FrameworkId}, data revision {e.FrameworkRevision})"),
            ("Period", e.Period),
            ("Plans", e.Plans.Count == 0 ? "No plan in your access serves this framework in this period." : string.Join("; ", e.Plans.Select(p => $"{p.PlanId} ({p.SectoralBody}): {p.Figures}; {ViewWords(p)}"))),
            ("Data as of", AsOf(e)),
            ("Stale", e.Stale ? "Yes: some plan's submissions changed since its figures were computed; the next aggregation run refreshes them" : "No"),
            ("Key result areas", $"{e.KeyResultAreasListed} listed" + (e.KeyResultAreasDeclared is { } d && d > e.KeyResultAreasListed ? $" of the {d} the framework declares; the others are not in its reference data yet" : "")),
            ("Plans counted", e.PlanSelection),
            ("Serving", e.Serving),
            ("Activities", e.ActivityCounting),
            ("Counting", e.Counting),
            ("Coverage", SummaryExport.CoverageRule),
            ("Statuses", string.Join(" ", SummaryExport.StatusMeanings.Select(m => $"{m.Word}: {m.Meaning}"))),
        ];
        foreach (var (label, value) in info)
            about.Add(new XlsxCell(label, XlsxStyle.Bolded), new XlsxCell(value, XlsxStyle.Wrapped));
        about.Widths.AddRange([16, 90]);
        return about;
    }

    public static string ViewWords(EvaluatedPlan p) => p.View switch
    {
        "secretariat" => "every counted report, provisional ones marked",
        "focalPoint" => "official regional figures (accepted reports), no other state named",
        _ => "official figures only (accepted reports)",
    };

    public static string Source(MappingSource? source) => source switch
    {
        MappingSource.Plan => "the plan's text",
        MappingSource.Framework => "the framework's text",
        MappingSource.Project => "this project's reading",
        _ => "",
    };

    public static string GapWord(string gap) => gap switch
    {
        "notServed" => "no plan serves it",
        "offTrack" => "off-track indicators",
        "notEnoughReports" => "indicators with not enough reports to judge",
        "noTarget" => "indicators with no target",
        "noData" => "indicators with no data",
        "unconfirmed" => "code or title not confirmed",
        _ => gap,
    };

    private static IEnumerable<ExportTable> Tables(FrameworkEvaluation e)
    {
        var kras = e.Characteristics.SelectMany(c => c.KeyResultAreas.Select(k => (c, k))).ToList();

        var areas = new ExportTable("kras", "Key result areas",
        [
            new("Characteristic", Wide: true, Max: 16), new("KRA"), new("Title", Wide: true, Max: 36), new("Confirmed"), new("Plans", Wide: true, Max: 24),
            new("Outcomes", Wide: true, Max: 20), new("Indicators", XlsxStyle.Count), new("Achieved", XlsxStyle.Count), new("On track", XlsxStyle.Count),
            new("At risk", XlsxStyle.Count), new("Off track", XlsxStyle.Count), new("Not enough reports", XlsxStyle.Count), new("No data", XlsxStyle.Count),
            new("No target", XlsxStyle.Count), new("Activities", XlsxStyle.Count), new("Importance score", XlsxStyle.Count), new("Gaps", Wide: true, Max: 28),
            new("Headline", Wide: true, Max: 60),
        ], []);
        foreach (var (c, k) in kras)
            areas.Rows.Add([$"{c.Code} {c.Title}", k.Code, k.Title, k.Confirmed ? "yes" : "no: working label", string.Join(", ", k.Plans),
                string.Join(", ", k.Outcomes.Select(o => $"{o.PlanId} {o.Code}")), k.Status.Total, k.Status.Achieved, k.Status.OnTrack, k.Status.AtRisk,
                k.Status.OffTrack, k.Status.NotEnoughReports, k.Status.NoData, k.Status.NoTarget,
                k.Activities is { } a ? new XlsxCell(a.Activities, XlsxStyle.Count) : new XlsxCell("not shown"),
                k.Activities is { } s ? new XlsxCell(s.Score, XlsxStyle.Count) : new XlsxCell("not shown"),
                string.Join("; ", k.Gaps.Select(GapWord)), k.Headline]);
        yield return areas;

        var indicators = new ExportTable("indicators", "Indicators",
        [
            new("KRA"), new("Plan", Wide: true, Max: 22), new("Indicator"), new("Title", Wide: true, Max: 34), new("Serves through", Wide: true, Max: 18),
            new("Link stated by", Wide: true, Max: 16), new("Kind", Wide: true, Max: 11), new("Unit", Wide: true, Max: 12), new("Value"), new("Provisional"),
            new("Progress", Wide: true, Max: 26), new("Share of way to target", XlsxStyle.Share), new("Expected by now", XlsxStyle.Share),
            new("States counted", XlsxStyle.Count), new("States expected", XlsxStyle.Count), new("Coverage", Wide: true, Max: 24), new("Missing", Wide: true, Max: 24),
        ], []);
        foreach (var (_, k) in kras)
            foreach (var i in k.Indicators)
            {
                var p = i.Progress;
                indicators.Rows.Add([k.Code, i.PlanId, i.Code, i.Title, string.Join(", ", i.Via), Source(i.MappingSource), Words.Kind(i.Kind), i.Unit,
                    new XlsxCell(i.Figure?.Value, ExportTables.ValueStyle(i.Kind)), i.Provisional ? $"yes ({i.ProvisionalStates} awaiting review)" : "no",
                    p is null ? null : Words.Progress(p), new XlsxCell(p?.Share, XlsxStyle.Share), new XlsxCell(p?.Expected, XlsxStyle.Share),
                    p?.Coverage?.Counted ?? 0, p?.Coverage?.Expected ?? 0, p?.Coverage?.Text, Words.Missing(p?.Coverage?.Missing ?? [])]);
            }
        yield return indicators;

        var activities = new ExportTable("activities", "Activities",
        [
            new("KRA"), new("Plan", Wide: true, Max: 22), new("Outcome"), new("Activity", Wide: true, Max: 50), new("Counted because", Wide: true, Max: 26),
            new("Score (sum of 1-3)", XlsxStyle.Count), new("Times reported", XlsxStyle.Count), new("States", Wide: true, Max: 24),
        ], []);
        foreach (var (_, k) in kras)
            foreach (var a in k.Activities?.Lines ?? [])
                activities.Rows.Add([k.Code, a.PlanId, a.Outcome, a.Title, a.Basis == "named" ? "the activity names this area" : "its outcome serves this area",
                    a.Score, a.Activities, string.Join(", ", a.States)]);
        yield return activities;

        var gaps = new ExportTable("gaps", "Gaps", [new("Kind"), new("KRA"), new("Plan", Wide: true, Max: 22), new("Indicator"), new("Detail", Wide: true, Max: 90)], []);
        foreach (var code in e.Gaps.NotServed) gaps.Rows.Add(["not served", code, "", "", "no plan in this evaluation serves it"]);
        foreach (var g in e.Gaps.Indicators) gaps.Rows.Add(["indicator", g.Kra, g.PlanId, g.Indicator, $"{g.Title}: {Words.Progress(g.Status)}{(g.Coverage is null ? "" : $" ({g.Coverage})")}"]);
        foreach (var code in e.Gaps.Unconfirmed) gaps.Rows.Add(["unconfirmed", code, "", "", "the code or title is a working label no source confirmed"]);
        foreach (var call in e.Gaps.CallsFor) gaps.Rows.Add(["calls for", "", "", "", call]);
        yield return gaps;

        var plans = new ExportTable("plans", "Plans",
        [
            new("Plan"), new("Title", Wide: true, Max: 40), new("Sectoral body"), new("Version", XlsxStyle.Count), new("Figures", Wide: true, Max: 30),
            new("View", Wide: true, Max: 30), new("Serving indicators", XlsxStyle.Count), new("Data as of", XlsxStyle.DateTime), new("Stale"),
        ], []);
        foreach (var p in e.Plans)
            plans.Rows.Add([p.PlanId, p.Title, p.SectoralBody, p.Version, p.Figures, ViewWords(p), p.ServingIndicators, new XlsxCell(p.DataAsOf, XlsxStyle.DateTime), p.Stale ? "yes" : "no"]);
        yield return plans;
    }
}
