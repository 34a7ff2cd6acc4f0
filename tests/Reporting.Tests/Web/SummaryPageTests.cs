using Microsoft.Playwright;
using Reporting.Aggregation;
using Reporting.Tests.Api;
using Reporting.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// The summary page in a real browser: any plan chosen from the selector, each figure with its baseline, target,
/// progress and what it rests on, a chart whose legend names the provisional bars, and every download offered.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SummaryPageTests(WebFixture web)
{
    private const string Informal = "informal-social-security-2024-2027";

    private async Task ReportAsync(string state, bool accept)
    {
        var path = $"api/plans/{Informal}/years/2024/submissions/{state}";
        await (await web.Api.PutAsync(path, web.Api.Keys[state], new { values = new Dictionary<string, object>
        {
            ["4.1"] = new { numerator = 15, denominator = 100 },
            ["4.2"] = new { value = 12500 },
        } })).JsonAsync(201);
        await (await web.Api.PostAsync(path + "/submit", web.Api.Keys[state], ifMatch: "\"r1\"")).JsonAsync(200);
        if (accept) await (await web.Api.PostAsync(path + "/review", web.Api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
    }

    [Fact]
    public async Task Secretariat_opens_any_plans_summary_sees_what_each_figure_rests_on_and_downloads_every_view()
    {
        await ReportAsync("LAO", accept: true);
        await ReportAsync("PHL", accept: false);
        await (await web.Api.PostAsync("api/jobs/aggregate-progress/run", web.Api.Keys["secretariat"])).JsonAsync(200);

        await using var secretariat = await web.OpenAsync();
        await secretariat.SignInAsync(web.Api.Keys["secretariat"]);
        await secretariat.OpenAsync($"#/summary?plan={Samples.Plan}", "Summary");
        // Another plan, chosen from the selector as a person would.
        await secretariat.Page.GetByLabel("Work plan").SelectOptionAsync(Informal);
        await Expect(secretariat.Page.Locator("main h1")).ToContainTextAsync("informal-sector");
        await secretariat.OpenAsync($"#/summary?plan={Informal}&year=2024", "informal-sector");

        var table = secretariat.Page.Locator("main table.stack");
        foreach (var heading in new[] { "Baseline", "Target", "Regional", "Official (accepted)", "Progress", "Rests on" })
            await Expect(table.Locator("thead")).ToContainTextAsync(heading);
        var workers = table.Locator("tbody tr", new() { HasText = "4.2" });
        await Expect(workers).ToContainTextAsync("0 (2023)");
        await Expect(workers).ToContainTextAsync("500,000 (2027)");
        await Expect(workers).ToContainTextAsync("25,000");
        await Expect(workers).ToContainTextAsync("Not enough reports to judge: 2 of 10 states (at least 7 needed)");
        await Expect(workers).ToContainTextAsync("from 2 of 10 states (1 provisional)");
        await Expect(table.Locator("tbody tr", new() { HasText = "4.1" })).ToContainTextAsync("15.0%");

        await secretariat.Page.GetByLabel("Chart for indicator").SelectOptionAsync("4.1");
        var chart = secretariat.Page.Locator("figure.chart-figure");
        await Expect(chart.Locator(".legend")).ToContainTextAsync("Awaiting review (provisional)");
        await Expect(chart.Locator(".legend")).ToContainTextAsync("Regional target");
        await Expect(chart.Locator("svg.chart")).ToContainTextAsync("Target 2027: 20.0%");
        await Expect(chart.Locator("svg.chart")).ToContainTextAsync("Per cent (%)");
        Assert.Equal(1, await chart.Locator("svg.chart rect[fill^='url(#']").CountAsync()); // PHL's provisional bar is hatched
        await secretariat.ScreenshotAsync("20-summary-any-plan");

        foreach (var view in SummaryExport.Views)
        {
            var button = secretariat.Page.GetByRole(AriaRole.Button, new() { NameRegex = new($"^CSV: ") }).Nth(SummaryExport.Views.ToList().IndexOf(view));
            var file = await secretariat.Page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
            Assert.Equal($"{Informal}-summary-2024-{view}.csv", file.SuggestedFilename);
        }
        var xlsx = await secretariat.Page.RunAndWaitForDownloadAsync(() => secretariat.Page.GetByRole(AriaRole.Button, new() { Name = "Download Excel (XLSX), every table" }).ClickAsync());
        Assert.Equal($"{Informal}-summary-2024.xlsx", xlsx.SuggestedFilename);

        // On a phone: nothing wider than the screen.
        await using var phone = await web.OpenAsync(width: 360, height: 740);
        await phone.SignInAsync(web.Api.Keys["LAO"]);
        await phone.OpenAsync($"#/summary?plan={Informal}&year=2024", "informal-sector");
        await phone.ScreenshotAsync("21-summary-360-focal");
        Assert.True(await phone.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 360);
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("2024: 2 of 10 reported (1 accepted, 1 awaiting review, 0 returned); missing: 8 states");
    }
}
