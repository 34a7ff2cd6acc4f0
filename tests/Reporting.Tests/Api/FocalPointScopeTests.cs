using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Reporting.Aggregation;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>
/// Part of the access suites: a focal point's completeness, pending list, summary (JSON, every CSV view, XLSX) and gaps
/// name no other member state, while the official regional figures stay visible. Any other state's code anywhere in
/// such an answer fails the test, so a new field that leaks one is caught without a new assertion.
/// </summary>
public sealed partial class FocalPointScopeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Focal = "LAO";
    private const string Plan = "api/plans/somswd-2021-2025";
    private static readonly string[] Others = ["BRN", "IDN", "KHM", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM"];

    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "MYS", "LAO", "TLS");

    public async Task DisposeAsync() => await api.DisposeAsync();

    [GeneratedRegex("\\b(BRN|IDN|KHM|MMR|MYS|PHL|SGP|THA|TLS|VNM)\\b")]
    private static partial Regex OtherState();

    private async Task ReportAsync(int year, string state, string outcome)
    {
        var path = Samples.SubmissionPath(year, state);
        await (await api.PutAsync(path, api.Keys[state], Samples.Submission(narrative: $"Narrative of {state}"))).JsonAsync(201);
        if (outcome == "draft") return;
        await (await api.PostAsync(path + "/submit", api.Keys[state], ifMatch: "\"r1\"")).JsonAsync(200);
        if (outcome is "accept" or "return")
            await (await api.PostAsync(path + "/review", api.Keys["secretariat"],
                outcome == "accept" ? new { decision = "accept" } : new { decision = "return", comment = "Please check." }, ifMatch: "\"r2\"")).JsonAsync(200);
    }

    /// <summary>Every text an answer carries: the body, or for an XLSX every part of the package.</summary>
    private static string TextOf(byte[] body, string? mediaType)
    {
        if (mediaType != SummaryEndpoints.XlsxType) return Encoding.UTF8.GetString(body);
        using var zip = new ZipArchive(new MemoryStream(body), ZipArchiveMode.Read);
        return string.Join("\n", zip.Entries.Select(e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd()));
    }

    [Fact]
    public async Task A_focal_points_completeness_pending_summary_and_gaps_name_no_other_state()
    {
        // Other states in every situation an answer might name them in: accepted, awaiting review, returned, a draft,
        // missing, late, voluntary (TLS in 2025); LAO itself reports in 2024 and is missing in 2025.
        var now = DateTimeOffset.UtcNow;
        await (await api.PutAsync($"{Plan}/years/2025/window", api.Keys["secretariat"], new { due = now.AddDays(-3), locks = now.AddDays(30) })).JsonAsync(200);
        await ReportAsync(2024, "THA", "accept");
        await ReportAsync(2024, "VNM", "submit");
        await ReportAsync(2024, Focal, "accept");
        await ReportAsync(2025, "THA", "accept");
        await ReportAsync(2025, "VNM", "return");
        await ReportAsync(2025, "MYS", "draft");
        await ReportAsync(2025, "TLS", "submit");
        await (await api.PostAsync("api/jobs/aggregate-progress/run", api.Keys["secretariat"])).JsonAsync(200);

        var paths = new List<string>
        {
            $"{Plan}/completeness", $"{Plan}/completeness?year=2025", $"{Plan}/completeness?year=2024",
            $"{Plan}/pending", $"{Plan}/pending?year=2025", $"{Plan}/pending?year=2024",
            $"{Plan}/summary", $"{Plan}/summary?year=2025", $"{Plan}/summary?year=2024",
            $"{Plan}/summary?format=xlsx", $"{Plan}/summary?year=2025&format=xlsx",
            $"api/plans/{Samples.Plan}/years/2025/submissions",
        };
        foreach (var view in SummaryExport.Views)
        {
            paths.Add($"{Plan}/summary?format=csv&view={view}");
            paths.Add($"{Plan}/summary?year=2025&format=csv&view={view}");
        }

        var leaks = new List<string>();
        foreach (var path in paths)
        {
            var response = await api.GetAsync(path, api.Keys[Focal]);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var text = TextOf(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
            foreach (Match m in OtherState().Matches(text))
                leaks.Add($"{path}: …{text[Math.Max(0, m.Index - 60)..Math.Min(text.Length, m.Index + 40)]}…");
        }
        var summary = $"focal-point scope: {paths.Count} answers to {Focal}, {leaks.Count} mentions of another state (goal 0)";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(leaks.Count == 0, $"A focal point's answers name other states:\n{string.Join("\n", leaks.Take(20))}");

        // The counts and the official regional figures stay: LAO sees how many reported, and the accepted total.
        var completeness = await (await api.GetAsync($"{Plan}/completeness?year=2025", api.Keys[Focal])).JsonAsync(200);
        var y2025 = completeness["years"]![0]!;
        Assert.Equal((10, 2, 1, 1), (y2025.Value<int>("expected"), y2025.Value<int>("reported"), y2025.Value<int>("accepted"), y2025.Value<int>("returned")));
        Assert.Equal(8, y2025.Value<int>("missingCount"));
        Assert.Equal([Focal], y2025["missing"]!.Values<string>());
        Assert.Equal(1, y2025.Value<int>("voluntaryCount"));
        Assert.Contains("missing: LAO and 7 other states", y2025.Value<string>("text"));
        Assert.Contains("also reported voluntarily: 1 state", y2025.Value<string>("text"));

        var secretariat = await (await api.GetAsync($"{Plan}/summary?year=2024", api.Keys["secretariat"])).JsonAsync(200);
        var mine = await (await api.GetAsync($"{Plan}/summary?year=2024", api.Keys[Focal])).JsonAsync(200);
        var official = secretariat["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1")["official"]!.Value<decimal>("value");
        var seen = mine["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1");
        Assert.Equal(official, seen["regional"]!.Value<decimal>("value"));
        Assert.Equal(2, seen["coverage"]!.Value<int>("counted")); // THA and LAO accepted; VNM's provisional figure is not counted for LAO
        Assert.Equal([Focal], seen["byState"]!.Select(s => s.Value<string>("state")));
        Assert.Contains(Others, s => secretariat.ToString().Contains(s, StringComparison.Ordinal)); // the secretariat does see them
    }
}
