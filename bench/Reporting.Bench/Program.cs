// Benchmarks (not tests). Each one starts its own Azurite and measures side by side in one run, reporting ratios:
// absolute times on a shared 2-core machine are noise.
//   --only aggregation   the aggregation benchmark (AggregationBench.cs)
//   --only write         the write-path benchmark: raw SDK against full submissions through the HTTP API (WriteBench.cs)
//   --only report        the report benchmark: an end-of-plan report, time beyond storage and memory at half and full size (ReportBench.cs)
//   --only evaluation    the evaluation benchmark: 15 plans against a framework, time against reading their aggregates alone,
//                        and the work after one plan changes (EvaluationBench.cs)
// Without --only, all four run: aggregation, write, report, then evaluation.
var options = BenchOptions.Parse(args);
if (options.Only is null or "aggregation") await AggregationBench.RunAsync(options);
if (options.Only is null) Console.WriteLine();
if (options.Only is null or "write") await WriteBench.RunAsync(options);
if (options.Only is null) Console.WriteLine();
if (options.Only is null or "report") await ReportBench.RunAsync(options);
if (options.Only is null) Console.WriteLine();
if (options.Only is null or "evaluation") await EvaluationBench.RunAsync(options);

/// <param name="ReportIndicators">The report benchmark's plan size: the issue's 80 indicators unless --indicators is given.</param>
/// <param name="EvaluationPlans">The evaluation benchmark's plans: the issue's 15 unless --plans is given.</param>
internal sealed record BenchOptions(int Plans, int States, int Years, int Indicators, string? Only, int Clients, int Writes, int ReportIndicators, int EvaluationPlans)
{
    private static readonly string[] Known = ["plans", "states", "years", "indicators", "only", "clients", "writes"];

    public static BenchOptions Parse(string[] args)
    {
        for (var i = 0; i < args.Length; i += 2)
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !Known.Contains(args[i][2..]) || i + 1 >= args.Length)
                throw new ArgumentException($"Unknown or incomplete option '{args[i]}'. Options: {string.Join(" ", Known.Select(k => "--" + k + " N"))} (--only aggregation|write|report|evaluation).");
        string? Text(string name)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        int Get(string name, int fallback) => Text(name) is { } t ? int.Parse(t) : fallback;
        var only = Text("only");
        if (only is not (null or "aggregation" or "write" or "report" or "evaluation")) throw new ArgumentException("--only takes 'aggregation', 'write', 'report' or 'evaluation'.");
        return new BenchOptions(Get("plans", 20), Math.Min(Get("states", 11), 11), Get("years", 5), Get("indicators", 40), only,
            Get("clients", 16), Get("writes", 120), Get("indicators", 80), Get("plans", 15));
    }
}
