using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reporting.Aggregation;
using Reporting.Plans;

namespace Reporting.Reports;

/// <summary>
/// report.html: one self-contained file (no scripts, external fonts or images; charts are inline SVG from ScottPlot)
/// with print CSS for A4. Every piece of submitted text is HTML-escaped, so a narrative can never run as code.
/// </summary>
public static partial class ReportHtml
{
    private const string Css = """
        :root { --ink: #1a1a1a; --muted: #555; --line: #c8c8c8; --accent: #0b4f8a; --band: #eef3f8; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans", "Noto Sans Thai", "Noto Sans Lao", "Noto Sans Khmer", "Noto Sans Myanmar", "Leelawadee UI", "Tahoma", "Segoe UI", "DejaVu Sans", Arial, sans-serif;
               color: var(--ink); line-height: 1.5; margin: 0 auto; max-width: 62rem; padding: 1.5rem; font-size: 11pt; }
        h1 { color: var(--accent); font-size: 1.9rem; margin: 0.3rem 0 0.8rem; }
        h2 { color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 0.2rem; margin-top: 2rem; }
        h3 { margin: 1.4rem 0 0.4rem; }
        .cover { border-bottom: 4px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1rem; }
        .interim { background: #fff4d6; border: 1px solid #b7791f; padding: 0.6rem 0.9rem; margin: 1rem 0; }
        .muted { color: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.92em; }
        th, td { border: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
        th { background: var(--band); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .status-achieved { color: #1e6b2f; font-weight: 600; } .status-onTrack { color: #1e6b2f; }
        .status-atRisk { color: #8a5a00; font-weight: 600; } .status-offTrack { color: #a11d1d; font-weight: 600; } .status-noData { color: var(--muted); }
        .indicator { margin-bottom: 1.5rem; border-top: 1px solid var(--line); padding-top: 0.4rem; }
        h3, h4 { break-after: avoid; page-break-after: avoid; }
        table, .chart, tr { break-inside: avoid; page-break-inside: avoid; }
        .cover ul { margin: 0; padding-left: 1.1rem; }
        .keep { break-inside: avoid; page-break-inside: avoid; }
        .chart svg { max-width: 100%; height: auto; }
        .narrative { white-space: pre-wrap; border-left: 3px solid var(--line); padding-left: 0.7rem; margin: 0.3rem 0 0.8rem; }
        @page { size: A4; margin: 18mm 16mm; }
        @media print { body { max-width: none; padding: 0; font-size: 10pt; } h2 { break-before: page; } .cover + h2 { break-before: auto; } a { color: inherit; text-decoration: none; } }
        """;

    public static string Render(ReportData r, string reportId)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
         .Append("<title>").Append(E(r.Title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        // Cover
        h.Append("<section class=\"cover\">\n<p class=\"muted\">").Append(E(r.SectoralBody)).Append(" · ASEAN Secretariat</p>\n")
         .Append("<h1>").Append(E(r.Title)).Append("</h1>\n<table>\n")
         .Append(Row("Plan", $"{r.PlanTitle} ({r.PlanId}, version {r.PlanVersion})"))
         .Append(Row("Sectoral body", r.SectoralBody))
         .Append(Row("Period", r.Kind == ReportKinds.Annual ? $"{r.Year} (plan {r.FirstYear}-{r.LastYear})" : $"{r.FirstYear}-{r.LastYear}"))
         .Append(Row("Report", r.Kind == ReportKinds.Annual ? "Annual progress report to the senior officials' meeting (plan section 5.3.1)" : "End-of-plan report (plan section 5.3.2)"))
         .Append(Row("Data as of", r.DataAsOf?.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no reports counted yet"))
         .Append("<tr><th scope=\"row\">Completeness</th><td><ul>").Append(string.Concat(r.Completeness.Select(c => $"<li>{E(c.Text)}</li>"))).Append("</ul></td></tr>\n")
         .Append(Row("Reference", reportId))
         .Append("</table>\n");
        if (r.Interim)
        {
            h.Append("<div class=\"interim\" role=\"note\"><strong>Interim report.</strong> ");
            foreach (var reason in r.InterimReasons) h.Append(E(reason)).Append(' ');
            h.Append("</div>\n");
        }
        h.Append("</section>\n");

        // Executive summary
        h.Append("<h2>Executive summary</h2>\n<table>\n<thead><tr><th>Goal / outcome</th><th>Achieved</th><th>On track</th><th>At risk</th><th>Off track</th><th>No data</th></tr></thead>\n<tbody>\n");
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
                h.Append(Indicator(i, r.Details.FirstOrDefault(d => d.Code == code), ++chart));
            }
        }
        var unlinked = r.Indicators.Where(i => outcomes.All(o => !o.Indicators.Contains(i.Code))).ToList();
        if (unlinked.Count > 0)
        {
            h.Append("<h3>Indicators linked to outputs</h3>\n");
            foreach (var i in unlinked) h.Append(Indicator(i, r.Details.FirstOrDefault(d => d.Code == i.Code), ++chart));
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

        // Narratives
        h.Append("<h2>Highlights from member states</h2>\n");
        if (r.Narratives.Count == 0) h.Append("<p class=\"muted\">No accepted narratives yet.</p>\n");
        string? lastState = null;
        foreach (var n in r.Narratives.OrderBy(n => n.State, StringComparer.Ordinal).ThenBy(n => n.Year))
        {
            if (n.State != lastState) h.Append("<h3>").Append(E($"{n.Name} ({n.State})")).Append("</h3>\n");
            lastState = n.State;
            h.Append("<p><strong>").Append(n.Year).Append("</strong></p>\n");
            if (!string.IsNullOrWhiteSpace(n.Overall)) h.Append("<div class=\"narrative\">").Append(E(n.Overall)).Append("</div>\n");
            foreach (var i in n.Indicators)
                h.Append("<p><strong>").Append(E(i.Indicator)).Append("</strong></p>\n<div class=\"narrative\">").Append(E(i.Text)).Append("</div>\n");
        }

        // Gaps
        h.Append("<h2>Gaps and what they call for</h2>\n<ul>\n");
        foreach (var call in r.Gaps.CallsFor) h.Append("<li>").Append(E(call)).Append("</li>\n");
        if (r.Gaps.CallsFor.Count == 0) h.Append("<li>No gaps: every indicator is achieved or on track and every expected report is in.</li>\n");
        h.Append("</ul>\n");
        if (r.Gaps.Indicators.Count > 0)
        {
            h.Append("<table>\n<thead><tr><th>Indicator</th><th>Outcome</th><th>Status</th></tr></thead>\n<tbody>\n");
            foreach (var g in r.Gaps.Indicators)
                h.Append("<tr><td>").Append(E($"{g.Code} {g.Title}")).Append("</td><td>").Append(E(g.Outcome ?? "")).Append("</td><td class=\"status-").Append(g.Status).Append("\">").Append(StatusText(g.Status)).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }

        // Annex
        h.Append("<h2>Annex A. Completeness of reporting</h2>\n");
        var years = r.CompletenessMatrix.Select(s => s.Year).Distinct().Order().ToList();
        h.Append("<table>\n<thead><tr><th>Member state</th>");
        foreach (var y in years) h.Append("<th>").Append(y).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var state in r.CompletenessMatrix.Select(s => s.State).Distinct().Order(StringComparer.Ordinal))
        {
            h.Append("<tr><th>").Append(E(state)).Append("</th>");
            foreach (var y in years)
            {
                var cell = r.CompletenessMatrix.FirstOrDefault(s => s.State == state && s.Year == y);
                var late = r.Completeness.FirstOrDefault(c => c.Year == y)?.Late.Contains(state) == true;
                h.Append("<td>").Append(cell is null ? "not expected" : E(StateStatus(cell) + (late ? " (late)" : ""))).Append("</td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        foreach (var c in r.Completeness) h.Append("<p>").Append(E(c.Text)).Append("</p>\n");

        h.Append("<h2>Annex B. Method</h2>\n<ul>\n");
        foreach (var m in r.Method) h.Append("<li>").Append(E(m)).Append("</li>\n");
        h.Append("</ul>\n<p class=\"muted\">").Append(E($"Reference {reportId}. Generated by the ASEAN work-plan reporting API from the figures in data.json beside this file.")).Append("</p>\n");
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static string Indicator(IndicatorAggregate i, IndicatorDetail? detail, int chartNumber)
    {
        var h = new StringBuilder();
        h.Append("<div class=\"indicator\">\n<div class=\"keep\"><h4>").Append(E($"{i.Code} {i.Title}")).Append("</h4>\n<table>\n");
        h.Append(Row("Kind", $"{i.Kind.ToString().ToLowerInvariant()}{(i.Unit is null ? "" : $" ({i.Unit})")}; states combined by {Rule(i.StateRule)}, years by {i.YearRule.ToString().ToLowerInvariant()}"));
        if (i.Kind != IndicatorKind.Narrative)
        {
            h.Append(Row("Baseline", Measure(i.Kind, detail?.Baseline)));
            h.Append(Row("Target", Measure(i.Kind, detail?.Target) + (i.YearRule == YearAggregation.Sum && detail?.Target is not null ? " (cumulative over the plan)" : "")));
        }
        if (i.Progress is { } p && i.Kind != IndicatorKind.Narrative)
            h.Append("<tr><th>Progress</th><td class=\"status-").Append(p.Status).Append("\">").Append(StatusText(p.Status))
             .Append(p.Share is { } share ? E($": {Percent(share)} of the way from baseline to target; {Percent(p.Expected ?? 0)} expected by {p.AsOfYear}") : "").Append("</td></tr>\n");
        h.Append(Row("Value to date", Figure(i.Kind, i.Regional) + (i.Provisional ? $" (provisional: includes {string.Join(", ", i.ProvisionalStates)})" : "")));
        h.Append("</table>\n</div>\n");
        if (i.ByYear is { Count: > 0 } byYear && i.Kind != IndicatorKind.Narrative)
        {
            h.Append("<table>\n<thead><tr><th>Year</th><th>Regional value</th><th>Official (accepted only)</th><th>States counted</th></tr></thead>\n<tbody>\n");
            foreach (var y in byYear)
                h.Append("<tr><td>").Append(y.Year).Append("</td><td class=\"num\">").Append(E(Figure(i.Kind, y.Regional))).Append(y.Provisional ? " *" : "")
                 .Append("</td><td class=\"num\">").Append(E(Figure(i.Kind, y.Official))).Append("</td><td class=\"num\">").Append(y.Regional?.StatesCounted ?? 0).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
            if (byYear.Any(y => y.Provisional)) h.Append("<p class=\"muted\">* includes provisional figures.</p>\n");
            h.Append("<div class=\"chart\" role=\"img\" aria-label=\"").Append(E($"Chart of {i.Code} by year")).Append("\">").Append(Chart(i, detail, byYear, chartNumber)).Append("</div>\n");
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
            h.Append("<table>\n<thead><tr><th>").Append(E(dimension)).Append("</th><th>Value</th></tr></thead>\n<tbody>\n");
            foreach (var (category, figure) in parts)
                h.Append("<tr><td>").Append(E(category)).Append("</td><td class=\"num\">").Append(E(Figure(i.Kind, figure))).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</div>\n");
        return h.ToString();
    }

    /// <summary>A bar per year with the target as a dashed line, rendered to SVG by ScottPlot; ids made unique per chart.</summary>
    private static string Chart(IndicatorAggregate i, IndicatorDetail? detail, List<YearFigure> byYear, int n)
    {
        var plot = new ScottPlot.Plot();
        var years = byYear.Select(y => (double)y.Year).ToArray();
        var values = byYear.Select(y => (double)(y.Regional?.Value ?? 0)).ToArray();
        var bars = plot.Add.Bars(years, values);
        bars.Color = ScottPlot.Color.FromHex("#0b4f8a");
        for (var k = 0; k < byYear.Count; k++)
            if (byYear[k].Regional?.Value is null) bars.Bars[k].FillColor = ScottPlot.Colors.Transparent;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(years, byYear.Select(y => y.Year.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Margins(bottom: 0);
        // A yearly bar can be compared with the target only when years are not summed (the target is then a level, not a total).
        if (i.YearRule == YearAggregation.Latest && detail?.Target is { } target)
        {
            var line = plot.Add.HorizontalLine((double)target.Value, 2, ScottPlot.Color.FromHex("#a11d1d"), ScottPlot.LinePattern.Dashed);
            line.LegendText = $"Target {target.Year}";
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            plot.Axes.SetLimitsY(0, Math.Max((double)target.Value, values.DefaultIfEmpty(0).Max()) * 1.12);
        }
        plot.YLabel(i.Kind == IndicatorKind.Percentage ? "%" : i.Unit ?? "value");
        var svg = plot.GetSvgXml(640, 260);
        svg = XmlDeclaration().Replace(svg, "");
        return svg.Replace("id=\"", $"id=\"c{n}-").Replace("url(#", $"url(#c{n}-");
    }

    private static string Percent(decimal share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Measure(IndicatorKind kind, Plans.Measure? m)
    {
        if (m is null) return "not set";
        var value = kind == IndicatorKind.Percentage ? m.Value.ToString("0.#", CultureInfo.InvariantCulture) + "%" : m.Value.ToString("#,##0.##", CultureInfo.InvariantCulture);
        return $"{value} ({m.Year}){(m.Illustrative ? ", illustrative: not given by the plan document" : "")}";
    }

    private static string Counts(StatusCounts c) =>
        $"<td class=\"num\">{c.Achieved}</td><td class=\"num\">{c.OnTrack}</td><td class=\"num\">{c.AtRisk}</td><td class=\"num\">{c.OffTrack}</td><td class=\"num\">{c.NoData}</td>";

    private static string Row(string label, string value) => $"<tr><th scope=\"row\">{E(label)}</th><td>{E(value)}</td></tr>\n";

    private static string Rule(StateAggregation rule) => rule switch
    {
        StateAggregation.WeightedMean => "weighted mean",
        StateAggregation.CountYes => "count of yes",
        _ => rule.ToString().ToLowerInvariant(),
    };

    public static string StatusText(string status) => status switch
    {
        "achieved" => "Achieved",
        "onTrack" => "On track",
        "atRisk" => "At risk",
        "offTrack" => "Off track",
        "noData" => "No data",
        "noTarget" => "No target set",
        _ => status,
    };

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
            IndicatorKind.Milestone => $"{v.ToString("0", CultureInfo.InvariantCulture)} of {f.StatesCounted} states",
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
}
