using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reporting.Aggregation;
using Reporting.Plans;

namespace Reporting.Reports;

/// <summary>
/// report.html: one self-contained file (no scripts, external fonts or images; charts are inline SVG from ScottPlot)
/// with print CSS for A4. Every piece of submitted text is HTML-escaped, so a narrative can never run as code.
/// After the cover comes the page a minister reads: a headline per goal, a status grid per outcome and what the
/// figures rest on. Every regional figure and judgement says how many states it rests on.
/// </summary>
public static partial class ReportHtml
{
    /// <summary>The text's fonts, also given to the charts' SVG text so a chart never falls back to a serif face.</summary>
    public const string FontStack = "'Noto Sans', 'Noto Sans Thai', 'Noto Sans Lao', 'Noto Sans Khmer', 'Noto Sans Myanmar', 'Leelawadee UI', Tahoma, 'Segoe UI', 'DejaVu Sans', Arial, 'Noto Color Emoji', 'Segoe UI Emoji', 'Apple Color Emoji', sans-serif";

    private const string Ink = "#0b4f8a";
    private const string ProvisionalFill = "#cfe0f0";
    private const string TargetColour = "#a11d1d";

    internal static readonly string Css = """
        :root { --ink: #1a1a1a; --muted: #555; --line: #c8c8c8; --accent: #0b4f8a; --band: #eef3f8; }
        * { box-sizing: border-box; }
        body { font-family: FONTS;
               color: var(--ink); line-height: 1.5; margin: 0 auto; max-width: 62rem; padding: 1.5rem; font-size: 11pt; }
        h1 { color: var(--accent); font-size: 1.9rem; margin: 0.3rem 0 0.8rem; }
        h2 { color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 0.2rem; margin-top: 2rem; }
        h3 { margin: 1.4rem 0 0.4rem; }
        .cover { border-bottom: 4px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1rem; }
        .interim { background: #fff4d6; border: 1px solid #b7791f; padding: 0.6rem 0.9rem; margin: 1rem 0; }
        .caveat { background: var(--band); border-left: 4px solid var(--accent); padding: 0.5rem 0.9rem; margin: 0.8rem 0; }
        .caveat p { margin: 0.3rem 0; }
        .headline { margin: 0.3rem 0 0.5rem; }
        .headline .goal { font-weight: 700; color: var(--accent); }
        .headline .aim { display: block; color: var(--muted); font-size: 0.82em; line-height: 1.35; }
        .muted { color: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.92em; }
        th, td { border: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
        th { background: var(--band); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .status-achieved { color: #1e6b2f; font-weight: 600; } .status-onTrack { color: #1e6b2f; }
        .status-atRisk { color: #8a5a00; font-weight: 600; } .status-offTrack { color: #a11d1d; font-weight: 600; }
        .status-noData, .status-noTarget, .status-notEnoughReports, .status-narrative { color: var(--muted); }
        .grid, .counts { break-inside: auto; page-break-inside: auto; }
        .glance { font-size: 0.94em; }
        .counts { font-size: 0.85em; }
        .grid td { padding: 0.25rem; }
        .grid th[scope=row] { width: 34%; font-weight: 600; background: none; font-size: 0.9em; }
        .tile { display: inline-block; vertical-align: top; width: calc(50% - 0.3rem); margin: 0.1rem; padding: 0.15rem 0.4rem; border: 1px solid var(--line); border-left-width: 5px; border-radius: 3px; font-size: 0.86em; line-height: 1.3; }
        .tile small { display: block; color: var(--muted); }
        .tile.status-achieved, .tile.status-onTrack { border-left-color: #1e6b2f; }
        .tile.status-atRisk { border-left-color: #b7791f; } .tile.status-offTrack { border-left-color: #a11d1d; }
        .tile.status-notEnoughReports, .tile.status-noData, .tile.status-noTarget { border-left-color: #9a9a9a; }
        .indicator { margin-bottom: 1.5rem; border-top: 1px solid var(--line); padding-top: 0.4rem; }
        h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
        h5 { font-size: 1em; margin: 0.6rem 0 0.2rem; }
        table, .chart, tr, .tile, .headline, .caveat { break-inside: avoid; page-break-inside: avoid; }
        .cover ul { margin: 0; padding-left: 1.1rem; }
        .keep { break-inside: avoid; page-break-inside: avoid; }
        .chart svg { max-width: 100%; height: auto; }
        .chart-title { font-weight: 600; font-size: 0.92em; margin: 0.6rem 0 0.1rem; }
        .narrative { white-space: pre-wrap; border-left: 3px solid var(--line); padding-left: 0.7rem; margin: 0.3rem 0 0.8rem; }
        .provisional-note { color: #8a5a00; font-weight: 600; }
        @page { size: A4; margin: 18mm 16mm; }
        @media print { body { max-width: none; padding: 0; font-size: 10pt; } h2 { break-before: page; margin-top: 0; } h2.flow { break-before: auto; margin-top: 1.4rem; }
                       a { color: inherit; text-decoration: none; } }
        """.Replace("FONTS", FontStack);

    public static string Render(ReportData r, string reportId)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
         .Append("<title>").Append(E(r.Title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        Cover(h, r, reportId);
        AtAGlance(h, r);

        // Counts by goal and outcome
        h.Append("<h2 class=\"flow\">Indicators by status, per goal and outcome</h2>\n<table class=\"counts\">\n<thead><tr><th>Goal / outcome</th><th>Achieved</th><th>On track</th><th>At risk</th><th>Off track</th>")
         .Append("<th>Not enough reports</th><th>No data or target</th></tr></thead>\n<tbody>\n");
        foreach (var g in r.Goals)
        {
            h.Append("<tr><th>").Append(E($"Goal {g.Code}: {g.Text}")).Append("</th>").Append(Counts(g.Status)).Append("</tr>\n");
            foreach (var o in g.Outcomes)
                h.Append("<tr><td>").Append(E($"Outcome {o.Code}: {o.Text}")).Append("</td>").Append(Counts(o.Status)).Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");

        // Indicators by outcome
        h.Append("<h2>Progress by outcome and indicator</h2>\n");
        var chart = 0;
        var outcomes = r.Goals.SelectMany(g => g.Outcomes).DistinctBy(o => o.Code).ToList();
        foreach (var o in outcomes)
        {
            h.Append("<h3>").Append(E($"Outcome {o.Code}: {o.Text}")).Append("</h3>\n");
            foreach (var code in o.Indicators)
            {
                var i = r.Indicators.First(x => x.Code == code);
                h.Append(Indicator(i, r.Details.FirstOrDefault(d => d.Code == code), ++chart, r.DisaggregationLabels));
            }
        }
        var unlinked = r.Indicators.Where(i => outcomes.All(o => !o.Indicators.Contains(i.Code))).ToList();
        if (unlinked.Count > 0)
        {
            h.Append("<h3>Indicators linked to outputs</h3>\n");
            foreach (var i in unlinked) h.Append(Indicator(i, r.Details.FirstOrDefault(d => d.Code == i.Code), ++chart, r.DisaggregationLabels));
        }

        // Activities
        h.Append("<h2>Activities ranked by importance</h2>\n");
        if (r.Activities.Count == 0) h.Append("<p class=\"muted\">No activities were reported.</p>\n");
        else
        {
            h.Append("<table>\n<thead><tr><th>Outcome</th><th>Rank</th><th>Activity</th><th>Score</th><th>Reported by</th></tr></thead>\n<tbody>\n");
            foreach (var a in r.Activities)
                h.Append("<tr><td>").Append(E(a.Outcome)).Append("</td><td class=\"num\">").Append(a.Rank).Append("</td><td>").Append(E(a.Title))
                 .Append("</td><td class=\"num\">").Append(a.Score).Append("</td><td>").Append(E(string.Join(", ", a.States))).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }

        Highlights(h, r);

        // Gaps
        h.Append("<h2>Gaps and what they call for</h2>\n<ul>\n");
        foreach (var call in r.Gaps.CallsFor) h.Append("<li>").Append(E(call)).Append("</li>\n");
        if (r.Gaps.CallsFor.Count == 0) h.Append("<li>No gaps: every indicator is achieved or on track and every expected report is in.</li>\n");
        h.Append("</ul>\n");
        if (r.Gaps.Indicators.Count > 0)
        {
            h.Append("<table>\n<thead><tr><th>Indicator</th><th>Outcome</th><th>Status</th><th>Rests on</th></tr></thead>\n<tbody>\n");
            foreach (var g in r.Gaps.Indicators)
                h.Append("<tr><td>").Append(E($"{g.Code} {g.Title}")).Append("</td><td>").Append(E(g.Outcome ?? "")).Append("</td><td class=\"status-").Append(g.Status).Append("\">")
                 .Append(E(Words.Progress(g.Status))).Append("</td><td>").Append(E(g.Coverage ?? "")).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }

        CompletenessAnnex(h, r);

        h.Append("<h2>Annex B. Method</h2>\n<ul>\n");
        foreach (var m in r.Method) h.Append("<li>").Append(E(m)).Append("</li>\n");
        h.Append("</ul>\n<p class=\"muted\">").Append(E($"Reference {reportId}. Generated by the ASEAN work-plan reporting API from the figures in data.json beside this file.")).Append("</p>\n");
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Cover(StringBuilder h, ReportData r, string reportId)
    {
        h.Append("<section class=\"cover\">\n<p class=\"muted\">").Append(E(r.SectoralBody)).Append(" · ASEAN Secretariat</p>\n")
         .Append("<h1>").Append(E(r.Title)).Append("</h1>\n<table>\n")
         .Append(Row("Plan", $"{r.PlanTitle} ({r.PlanId}, version {r.PlanVersion})"))
         .Append(Row("Sectoral body", r.SectoralBody))
         .Append(Row("Period", r.Kind == ReportKinds.Annual ? $"{r.Year} (plan {r.FirstYear}-{r.LastYear})" : $"{r.FirstYear}-{r.LastYear}"))
         .Append(Row("Report", r.Kind == ReportKinds.Annual ? "Annual progress report to the senior officials' meeting (plan section 5.3.1)" : "End-of-plan report (plan section 5.3.2)"))
         .Append(Row("Data as of", r.DataAsOf?.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no reports counted yet"))
         .Append("<tr><th scope=\"row\">Completeness</th><td><ul>").Append(string.Concat(r.Completeness.Select(c => $"<li>{E(c.Text)}</li>")))
         .Append(string.Concat(r.YearsNotStarted.Select(y => $"<li>{y}: the reporting year has not started</li>"))).Append("</ul></td></tr>\n")
         .Append(Row("Reference", reportId))
         .Append("</table>\n");
        InterimNote(h, r.Interim, r.InterimReasons);
        h.Append("</section>\n");
    }

    /// <summary>On the cover of an interim report (plan or evaluation): why its figures may still change.</summary>
    internal static void InterimNote(StringBuilder h, bool interim, IEnumerable<string> reasons)
    {
        if (!interim) return;
        h.Append("<div class=\"interim\" role=\"note\"><strong>Interim report.</strong> ");
        foreach (var reason in reasons) h.Append(E(reason)).Append(' ');
        h.Append("</div>\n");
    }

    /// <summary>The page after the cover: one headline per goal, what the figures rest on, and a status grid per outcome.</summary>
    private static void AtAGlance(StringBuilder h, ReportData r)
    {
        h.Append("<h2>At a glance</h2>\n<section class=\"glance\">\n");
        foreach (var g in r.Goals)
            h.Append("<p class=\"headline\"><span class=\"goal\">").Append(E($"Goal {g.Code}.")).Append("</span> ").Append(E(g.Headline))
             .Append("<span class=\"aim\">").Append(E(g.Text)).Append("</span></p>\n");

        // Read with the headlines, so on the same page.
        h.Append("<div class=\"caveat\" role=\"note\"><p><strong>What these figures rest on.</strong> ").Append(E(r.CoverageCaveat.FirstOrDefault())).Append("</p>\n");
        foreach (var line in r.CoverageCaveat.Skip(1)) h.Append("<p>").Append(E(line)).Append("</p>\n");
        h.Append("</div>\n");

        h.Append("<table class=\"grid\">\n<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Its indicators: status and the states it rests on</th></tr></thead>\n<tbody>\n");
        foreach (var o in r.Goals.SelectMany(g => g.Outcomes).DistinctBy(o => o.Code))
        {
            h.Append("<tr><th scope=\"row\">").Append(E($"{o.Code} {o.Text}")).Append("</th><td>");
            if (o.Grid.Count == 0) h.Append("<span class=\"muted\">No measured indicator.</span>");
            foreach (var c in o.Grid)
                h.Append("<span class=\"tile status-").Append(c.Status).Append("\" title=\"").Append(E(c.Title)).Append("\"><strong>").Append(E(c.Code)).Append("</strong> ")
                 .Append(E(c.Words)).Append(c.Provisional ? " *" : "").Append("<small>").Append(E(c.Coverage ?? "")).Append("</small></span>");
            h.Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        if (r.Goals.SelectMany(g => g.Outcomes).SelectMany(o => o.Grid).Any(c => c.Provisional))
            h.Append("<p class=\"muted\">* includes provisional figures (reports awaiting review).</p>\n");
        h.Append("</section>\n");
    }

    private static void Highlights(StringBuilder h, ReportData r)
    {
        h.Append("<h2>Highlights from member states</h2>\n");
        if (r.Narratives.Count == 0) h.Append("<p class=\"muted\">No narratives in the reports counted so far.</p>\n");
        else h.Append("<p class=\"muted\">From every report whose figures are counted. Reports awaiting the ASEAN Secretariat's review are marked provisional.</p>\n");
        string? lastState = null;
        foreach (var n in r.Narratives.OrderBy(n => n.State, StringComparer.Ordinal).ThenBy(n => n.Year))
        {
            if (n.State != lastState) h.Append("<h3>").Append(E($"{n.Name} ({n.State})")).Append("</h3>\n");
            lastState = n.State;
            h.Append("<h4>").Append(n.Year)
             .Append(n.Provisional ? " <span class=\"provisional-note\">provisional: awaiting review</span>" : "").Append("</h4>\n");
            if (!string.IsNullOrWhiteSpace(n.Overall)) h.Append("<div class=\"narrative\">").Append(E(n.Overall)).Append("</div>\n");
            foreach (var i in n.Indicators)
                h.Append("<h5>").Append(E($"{i.Code} {i.Title}")).Append("</h5>\n<div class=\"narrative\">").Append(E(i.Text)).Append("</div>\n");
        }
    }

    private static void CompletenessAnnex(StringBuilder h, ReportData r)
    {
        h.Append("<h2>Annex A. Completeness of reporting</h2>\n");
        var years = r.Completeness.Select(c => c.Year).Union(r.CompletenessMatrix.Select(s => s.Year)).Order().ToList();
        var states = r.CompletenessMatrix.Select(s => s.State)
            .Concat(r.Completeness.SelectMany(c => c.Missing.Concat(c.Voluntary)))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        h.Append("<table>\n<thead><tr><th>Member state</th>");
        foreach (var y in years) h.Append("<th>").Append(y).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var state in states)
        {
            h.Append("<tr><th>").Append(E(state)).Append("</th>");
            foreach (var y in years)
            {
                var cell = r.CompletenessMatrix.FirstOrDefault(s => s.State == state && s.Year == y);
                var view = r.Completeness.FirstOrDefault(c => c.Year == y);
                var late = view?.Late.Contains(state) == true;
                var text = cell is not null ? StateStatus(cell) + (cell.Expected ? "" : " (voluntary)")
                    : view?.Missing.Contains(state) == true ? "missing" : "not expected";
                h.Append("<td>").Append(E(text + (late ? " (late)" : ""))).Append("</td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        foreach (var c in r.Completeness) h.Append("<p>").Append(E(c.Text)).Append("</p>\n");
        foreach (var y in r.YearsNotStarted) h.Append("<p>").Append(E($"{y}: the reporting year has not started.")).Append("</p>\n");
    }

    private static string Indicator(IndicatorAggregate i, IndicatorDetail? detail, int chartNumber, Dictionary<string, DisaggregationLabel>? labels)
    {
        var h = new StringBuilder();
        h.Append("<div class=\"indicator\">\n<div class=\"keep\"><h4>").Append(E($"{i.Code} {i.Title}")).Append("</h4>\n<table>\n");
        h.Append(Row("Kind", $"{Words.Kind(i.Kind).ToLowerInvariant()}{(i.Unit is null ? "" : $" ({i.Unit})")}; states combined by {Words.Rule(i.StateRule)}, years by {Words.Rule(i.YearRule)}"));
        if (i.Kind != IndicatorKind.Narrative)
        {
            h.Append(Row("Baseline", Measure(i.Kind, detail?.Baseline)));
            h.Append(Row("Target", Measure(i.Kind, detail?.Target) + (i.YearRule == YearAggregation.Sum && detail?.Target is not null ? " (cumulative over the plan)" : "")));
        }
        if (i.Progress is { } p && i.Kind != IndicatorKind.Narrative)
        {
            var judgement = p.Share is { } share
                ? $": {Percent(share)} of the way from baseline to target; {Percent(p.Expected ?? 0)} expected by {p.AsOfYear}; judged {p.Coverage?.Text}"
                : p.Status == "notEnoughReports" ? $"; a judgement needs at least {Words.Share(p.MinimumCoverage ?? WorkPlan.DefaultMinimumCoverage)} of the expected states" : "";
            h.Append("<tr><th>Progress</th><td class=\"status-").Append(p.Status).Append("\">").Append(E(Words.Progress(p))).Append(E(judgement)).Append("</td></tr>\n");
        }
        var provisional = i.Provisional ? $" (provisional: includes {string.Join(", ", i.ProvisionalStates)})" : "";
        h.Append(Row("Value to date", i.Kind == IndicatorKind.Narrative ? "narratives below" : Figure(i.Kind, i.Regional) + provisional));
        if (i.Coverage is { } c)
            h.Append(Row("Rests on", c.Text[0..1].ToUpperInvariant() + c.Text[1..]
                + (c.Missing.Count > 0 ? $"; missing: {Words.Missing(c.Missing)}" : "; no expected state missing")
                + (c.Voluntary.Count > 0 ? $"; voluntary: {string.Join(", ", c.Voluntary)}" : "")));
        h.Append("</table>\n</div>\n");
        if (i.ByYear is { Count: > 0 } byYear && i.Kind != IndicatorKind.Narrative)
        {
            h.Append("<table>\n<thead><tr><th>Year</th><th>Regional value</th><th>Official (accepted only)</th><th>Rests on</th></tr></thead>\n<tbody>\n");
            foreach (var y in byYear)
                h.Append("<tr><td>").Append(y.Year).Append("</td><td class=\"num\">").Append(E(Figure(i.Kind, y.Regional))).Append(y.Provisional ? " *" : "")
                 .Append("</td><td class=\"num\">").Append(E(Figure(i.Kind, y.Official))).Append("</td><td>").Append(E(y.Coverage?.Text ?? "")).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
            if (byYear.Any(y => y.Provisional)) h.Append("<p class=\"muted\">* includes provisional figures.</p>\n");
            h.Append("<div class=\"chart\" role=\"img\" aria-label=\"").Append(E(ChartLabel(i, byYear))).Append("\"><p class=\"chart-title\">")
             .Append(E($"{i.Code} {i.Title}: {(i.YearRule == YearAggregation.Sum ? "running total" : "regional value")} by year, and the states each rests on")).Append("</p>")
             .Append(Chart(i, detail, byYear, chartNumber)).Append("</div>\n");
        }
        var perYear = detail?.StatesByYear ?? [];
        if (perYear.Count > 0 && i.Kind != IndicatorKind.Narrative)
        {
            var years = perYear.Select(f => f.Year).Distinct().Order().ToList();
            h.Append("<table>\n<thead><tr><th>Member state</th>");
            foreach (var y in years) h.Append("<th>").Append(y).Append("</th>");
            if (years.Count > 1) h.Append("<th>To date</th>");
            h.Append("</tr></thead>\n<tbody>\n");
            foreach (var state in perYear.Select(f => f.State).Distinct().Order(StringComparer.Ordinal))
            {
                h.Append("<tr><th scope=\"row\">").Append(E(state)).Append("</th>");
                foreach (var y in years)
                {
                    var f = perYear.FirstOrDefault(x => x.State == state && x.Year == y);
                    h.Append("<td class=\"num\">").Append(f is null ? "–" : E(StateFigure(i.Kind, f, compact: true)) + (f.Status == "submitted" ? " *" : "")).Append("</td>");
                }
                if (years.Count > 1)
                {
                    var toDate = i.ByState.FirstOrDefault(x => x.State == state);
                    h.Append("<td class=\"num\">").Append(toDate is null ? "–" : E(StateFigure(i.Kind, toDate, compact: true))).Append("</td>");
                }
                h.Append("</tr>\n");
            }
            h.Append("</tbody>\n</table>\n<p class=\"muted\">– not reported; * provisional (submitted, not yet accepted).</p>\n");
        }
        foreach (var (dimension, parts) in i.Disaggregation)
        {
            // In the plan's words where it gives them ("Age group", "60 and over"); a code without a label as it is.
            var label = labels?.GetValueOrDefault(dimension);
            h.Append("<table>\n<thead><tr><th>").Append(E(label?.Label is { Length: > 0 } l ? l : dimension)).Append("</th><th>Value</th><th>States</th></tr></thead>\n<tbody>\n");
            foreach (var (category, figure) in parts)
                h.Append("<tr><td>").Append(E(label?.Categories.GetValueOrDefault(category) ?? category)).Append("</td><td class=\"num\">").Append(E(Figure(i.Kind, figure))).Append("</td><td class=\"num\">").Append(figure.StatesCounted).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</div>\n");
        return h.ToString();
    }

    private static string ChartLabel(IndicatorAggregate i, List<YearFigure> byYear) =>
        $"Chart of {i.Code} by year: " + string.Join("; ", byYear.Select(y => $"{y.Year} {Figure(i.Kind, y.Regional)}{(y.Provisional ? " provisional" : "")} {y.Coverage?.Text}"));

    /// <summary>
    /// A bar per year (for a sum over years, the running total, so it compares with the cumulative target), the value on
    /// top and the states it rests on under the year. Official bars are solid; bars that include provisional figures are
    /// light with a dark outline; the target is a labelled dashed line; the legend sits below the plot, clear of the data.
    /// Rendered to SVG by ScottPlot in the text's font; ids made unique per chart.
    /// </summary>
    private static string Chart(IndicatorAggregate i, IndicatorDetail? detail, List<YearFigure> byYear, int n)
    {
        var cumulative = i.YearRule == YearAggregation.Sum;
        var plot = new ScottPlot.Plot();
        plot.Font.Set("Noto Sans");
        var values = new List<double?>();
        decimal running = 0;
        foreach (var y in byYear)
        {
            if (y.Regional?.Value is { } v) running += v;
            // A year with no figure stays "no data", also in a running total: it is missing, not zero.
            values.Add(y.Regional?.Value is null ? null : cumulative ? (double)running : (double)y.Regional.Value);
        }
        var years = byYear.Select(y => (double)y.Year).ToArray();
        var bars = plot.Add.Bars(years, values.Select(v => v ?? 0).ToArray());
        var anyProvisional = false;
        for (var k = 0; k < byYear.Count; k++)
        {
            var bar = bars.Bars[k];
            bar.Size = 0.6;
            bar.LineWidth = 1.5f;
            if (values[k] is null)
            {
                bar.FillColor = ScottPlot.Colors.Transparent;
                bar.LineColor = ScottPlot.Colors.Transparent;
                bar.Label = "no data";
                continue;
            }
            // With a running total, a year is provisional when any year up to it was.
            var provisional = cumulative ? byYear.Take(k + 1).Any(y => y.Provisional) : byYear[k].Provisional;
            anyProvisional |= provisional;
            bar.FillColor = ScottPlot.Color.FromHex(provisional ? ProvisionalFill : Ink);
            bar.LineColor = ScottPlot.Color.FromHex(Ink);
            bar.Label = Short(i.Kind, (decimal)values[k]!.Value) + (provisional ? " *" : "");
        }
        bars.ValueLabelStyle.FontSize = 12;
        bars.ValueLabelStyle.ForeColor = ScottPlot.Color.FromHex("#1a1a1a");
        var ticks = byYear.Select(y => $"{y.Year}\n{(y.Coverage is { } c ? $"{c.Counted} of {c.Expected} states" : "")}").ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(years, ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        var top = values.Select(v => v ?? 0).DefaultIfEmpty(0).Max();

        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "Official (accepted reports)", FillColor = ScottPlot.Color.FromHex(Ink), LineColor = ScottPlot.Color.FromHex(Ink) });
        if (anyProvisional)
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem
            {
                LabelText = "* Includes provisional reports", FillColor = ScottPlot.Color.FromHex(ProvisionalFill), OutlineColor = ScottPlot.Color.FromHex(Ink), OutlineWidth = 1.5f,
            });
        if (detail?.Target is { } target)
        {
            var line = plot.Add.HorizontalLine((double)target.Value, 2, ScottPlot.Color.FromHex(TargetColour), ScottPlot.LinePattern.Dashed);
            line.ExcludeFromLegend = true;
            var label = plot.Add.Text($"Target {target.Year}: {Short(i.Kind, target.Value)}", years.Length == 0 ? 0 : years[0] - 0.45, (double)target.Value);
            label.LabelFontColor = ScottPlot.Color.FromHex(TargetColour);
            label.LabelFontSize = 12;
            label.LabelBold = true;
            label.LabelAlignment = ScottPlot.Alignment.LowerLeft;
            label.LabelOffsetY = -3;
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = cumulative ? "Target (cumulative)" : "Target", LineColor = ScottPlot.Color.FromHex(TargetColour), LineWidth = 2, LinePattern = ScottPlot.LinePattern.Dashed });
            top = Math.Max(top, (double)target.Value);
        }
        plot.Axes.SetLimitsY(0, Math.Max(1, top) * 1.18);
        if (years.Length > 0) plot.Axes.SetLimitsX(years[0] - 0.5, years[^1] + 0.5);
        plot.Legend.FontSize = 12;
        plot.Legend.Orientation = ScottPlot.Orientation.Horizontal;
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        plot.YLabel(AxisUnit(i) + (cumulative ? " (running total)" : ""));
        plot.Axes.Left.Label.FontSize = 12;
        var svg = plot.GetSvgXml(660, 320);
        svg = XmlDeclaration().Replace(svg, "");
        svg = FontFamily().Replace(svg, $"font-family=\"{FontStack.Replace("\"", "")}\"");
        return svg.Replace("id=\"", $"id=\"c{n}-").Replace("url(#", $"url(#c{n}-");
    }

    private static string AxisUnit(IndicatorAggregate i) => i.Kind switch
    {
        IndicatorKind.Percentage => "Per cent (%)",
        IndicatorKind.Milestone => i.Unit is null ? "States answering yes" : $"{Capital(i.Unit)} answering yes",
        IndicatorKind.Ratio => i.Unit is null ? "Ratio" : Capital(i.Unit),
        _ => i.Unit is null ? "Value" : Capital(i.Unit),
    };

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Short(IndicatorKind kind, decimal v) => kind switch
    {
        IndicatorKind.Percentage => v.ToString("0.0", CultureInfo.InvariantCulture) + "%",
        IndicatorKind.Ratio => v.ToString("0.00", CultureInfo.InvariantCulture),
        _ => v.ToString("#,##0.##", CultureInfo.InvariantCulture),
    };

    private static string Percent(decimal share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Measure(IndicatorKind kind, Plans.Measure? m)
    {
        if (m is null) return "not set";
        var value = kind == IndicatorKind.Percentage ? m.Value.ToString("0.#", CultureInfo.InvariantCulture) + "%" : m.Value.ToString("#,##0.##", CultureInfo.InvariantCulture);
        return $"{value} ({m.Year}){(m.Illustrative ? ", illustrative: not given by the plan document" : "")}";
    }

    private static string Counts(StatusCounts c) =>
        $"<td class=\"num\">{c.Achieved}</td><td class=\"num\">{c.OnTrack}</td><td class=\"num\">{c.AtRisk}</td><td class=\"num\">{c.OffTrack}</td><td class=\"num\">{c.NotEnoughReports}</td><td class=\"num\">{c.NoData + c.NoTarget}</td>";

    /// <summary>A row of a cover table: its label and its value, both escaped.</summary>
    internal static string Row(string label, string value) => $"<tr><th scope=\"row\">{E(label)}</th><td>{E(value)}</td></tr>\n";

    private static string StateStatus(StateReport s) => s.Status switch
    {
        "accepted" => "accepted",
        "submitted" => "awaiting review",
        "returned" => "returned",
        _ => s.Expected ? "missing" : "not expected",
    };

    private static string Figure(IndicatorKind kind, Figure? f)
    {
        if (f?.Value is not { } v) return "no data";
        return kind switch
        {
            IndicatorKind.Percentage => $"{v.ToString("0.0", CultureInfo.InvariantCulture)}% ({f.Numerator?.ToString("#,##0.##", CultureInfo.InvariantCulture)} of {f.Denominator?.ToString("#,##0.##", CultureInfo.InvariantCulture)})",
            IndicatorKind.Ratio => v.ToString("0.00", CultureInfo.InvariantCulture),
            IndicatorKind.Milestone => $"{v.ToString("0", CultureInfo.InvariantCulture)} of {f.StatesCounted} states reporting",
            _ => v.ToString("#,##0.##", CultureInfo.InvariantCulture),
        };
    }

    private static string StateFigure(IndicatorKind kind, StateFigure s, bool compact = false) => kind switch
    {
        IndicatorKind.Milestone => s.Achieved == true ? "yes" : "no",
        IndicatorKind.Percentage when compact => $"{s.Value?.ToString("0.0", CultureInfo.InvariantCulture)}%",
        IndicatorKind.Percentage => $"{s.Value?.ToString("0.0", CultureInfo.InvariantCulture)}% ({s.Numerator?.ToString("#,##0.##", CultureInfo.InvariantCulture)} of {s.Denominator?.ToString("#,##0.##", CultureInfo.InvariantCulture)})",
        _ => s.Value?.ToString("#,##0.##", CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Escapes text for HTML element and quoted-attribute content. Non-ASCII (Thai, Lao…) is left as UTF-8, byte for byte.</summary>
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        return sb.ToString();
    }

    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("font-family=\"[^\"]*\"")]
    private static partial Regex FontFamily();
}
