using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reporting.Tests.Api;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// The evaluation page in chromium, on a server of its own (its reports would change what the shared fixture's other pages
/// show): the two sample plans of two bodies, the gaps, a key result area marked unconfirmed, the downloads and the stored
/// report opening in its viewer; at 1280 and 360 px in English and Thai, each screen saved and audited; a desk of one body
/// sees its own plan only.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class EvaluationPageTests(WebFixture web, ITestOutputHelper output) : IAsyncLifetime
{
    private ApiServer api = null!;

    public async Task InitializeAsync()
    {
        api = await ApiServer.StartAsync(settings: new() { ["Web:Root"] = Path.Combine(Azurite.RepoRoot(), "web", "dist") });
        await EvaluationTests.LoadAsync(api);
        await (await api.PostAsync("api/frameworks/ascc-blueprint-2025/reports", api.Keys["admin"], new { })).JsonAsync(202);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    private string BaseUrl => api.Http.BaseAddress!.ToString().TrimEnd('/');

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(int width, string locale, string key)
    {
        var context = await web.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, Locale = locale, TimezoneId = "Asia/Bangkok", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add("console: " + m.Text); };
        await page.GotoAsync(BaseUrl + "/");
        await page.Locator("input[type=password]").FillAsync(key);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator("#nav a").First.WaitForAsync();
        await page.EvaluateAsync("() => { location.hash = '#/evaluation'; }");
        await Expect(page.Locator("main h1")).ToContainTextAsync("ASCC Blueprint 2025");
        return (context, page, errors);
    }

    public static TheoryData<int, string> Screens => new() { { 1280, "en" }, { 360, "en" }, { 1280, "th" }, { 360, "th" } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_evaluation_page_shows_both_bodies_plans_per_key_result_area_and_fits_the_screen(int width, string language)
    {
        var (context, page, errors) = await OpenAsync(width, language == "th" ? "th-TH" : "en-GB", api.Keys["admin"]);
        var main = page.Locator("main");
        await Expect(main.Locator("caption").First).ToBeVisibleAsync();
        await Expect(main).ToContainTextAsync("informal-social-security-2024-2027");
        await Expect(main).ToContainTextAsync("somswd-2021-2025");
        var d4 = page.Locator("#kra-D\\.4");
        await Expect(d4.Locator(".badge.draft")).ToBeVisibleAsync();
        // The card lists every serving indicator the API gives for the area, and its five highest-scored activities.
        var evaluation = await (await api.GetAsync("api/frameworks/ascc-blueprint-2025/evaluation", api.Keys["admin"])).JsonAsync(200);
        var area = evaluation["characteristics"]!.SelectMany(c => c["keyResultAreas"]!).Single(k => (string?)k["code"] == "D.4");
        Assert.True(area["indicators"]!.Count() >= 2, "the sample data gives D.4 indicators of both plans");
        await Expect(d4.Locator("table:has(caption) tbody tr")).ToHaveCountAsync(area["indicators"]!.Count());
        await Expect(d4.Locator("table:not(:has(caption)) tbody tr")).ToHaveCountAsync(Math.Min(5, area["activities"]!["lines"]!.Count()));
        await Expect(page.Locator("#kra-C\\.1")).ToContainTextAsync(language == "th" ? "ไม่มีแผนงาน" : "No plan you can see serves this area");
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebFixture.Screenshots, $"50-evaluation-{width}px-{language}.png"), FullPage = true });

        var problems = new List<string>();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 0) problems.Add($"{overflow}px wider than the screen");
        // On a phone the tables stack into one block per row: none may need sideways scrolling inside its card.
        if (width == 360)
            foreach (var wide in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main .scroll')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => (e.closest('section[id]')?.id ?? e.closest('section')?.querySelector('h2')?.textContent ?? e.querySelector('caption')?.textContent ?? 'page') + ': ' + (e.scrollWidth - e.clientWidth) + 'px hidden sideways')"))
                problems.Add(wide);
        problems.AddRange(await page.EvaluateAsync<string[]>(BrowserTests.AuditScript));

        // The stored report opens in the viewer, a tab of its own.
        var report = main.Locator("button.link", new() { HasText = "report.html" }).First;
        var viewer = await context.RunAndWaitForPageAsync(() => report.ClickAsync());
        await Expect(viewer.Locator("h1")).ToContainTextAsync("Evaluation against the ASCC Blueprint 2025");
        if (width == 1280 && language == "en")
            await viewer.ScreenshotAsync(new() { Path = Path.Combine(WebFixture.Screenshots, "50-evaluation-report-view.png") });

        // Every download is a file.
        var xlsx = await page.RunAndWaitForDownloadAsync(() => main.Locator(".actions button").First.ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        await context.DisposeAsync();
        output.WriteLine($"web: evaluation page {width}px {language}: {problems.Count} problems");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_desk_of_one_body_sees_its_own_plan_only_and_no_stored_report()
    {
        var store = api.Services.GetRequiredService<Reporting.Access.ApiKeyStore>();
        var desk = (await store.CreateAsync(Reporting.Access.Role.Secretariat, null, "SOMSWD desk", null, "tests", default,
            scope: new Reporting.Access.AccessScope { Bodies = ["SOMSWD"] })).Key;
        var (context, page, errors) = await OpenAsync(1280, "en-GB", desk);
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("somswd-2021-2025");
        var text = await main.InnerTextAsync();
        Assert.DoesNotContain("informal", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SLOM", text);
        Assert.DoesNotContain("Evaluation reports", text);
        await context.DisposeAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
