using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Reporting.Tests.Api;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// Civil society in the consultation (SOMSWD Work Plan 5.2.3), in a real browser: an admin assigns a person as observer of
/// SOMSWD in the admin pages; the person signs in with their organisation account (App Service Authentication, as the
/// platform sends it), sees final figures only, and comments on a final report; the SOMSWD desk sees the comment and
/// answers; the person sees the answer. At 1280 and 360 px, with every input labelled and every text at WCAG AA contrast.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ObserverBrowserTests(WebFixture web, ITestOutputHelper output)
{
    private const string Plan = Samples.Plan;
    private const string Comment = "ข้อ 5.1.2: ยังไม่มีการหารือกับองค์กรคนพิการ <b>markup stays text</b> & \"quotes\"";
    private const string Answer = "ขอบคุณครับ. The 2024 report will list the GO-NGO Forum consultation.";

    private readonly List<string> pageErrors = [];

    private static string Shot(string name) => Path.Combine(WebFixture.Screenshots, name + ".png");

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(ApiServer api, int width, Dictionary<string, string>? headers = null)
    {
        var context = await web.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = 900 }, Locale = "en-GB", ExtraHTTPHeaders = headers,
        });
        // A signed-in person behind App Service Authentication: the platform answers /.auth/me (200) and adds the principal
        // headers to every request. The standalone server has no /.auth/me, so the platform's answer is played here.
        if (headers is not null)
            await context.RouteAsync("**/.auth/me", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = "[]" }));
        var page = await context.NewPageAsync();
        // A 4xx the page asked for on purpose is logged by chromium as a failed resource; that is not a script fault.
        page.PageError += (_, e) => pageErrors.Add("page error: " + e);
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) pageErrors.Add("console: " + m.Text); };
        await page.GotoAsync(api.Http.BaseAddress!.ToString().TrimEnd('/') + "/");
        return (context, page);
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("#nav a").First.WaitForAsync();
    }

    private static async Task GoAsync(IPage page, string hash, string heading)
    {
        await page.EvaluateAsync("h => { location.hash = h; }", hash);
        await Expect(page.Locator("main h1")).ToContainTextAsync(heading);
    }

    [Fact]
    public async Task An_observer_signs_in_sees_final_figures_and_comments_and_the_secretariat_answers()
    {
        await using var api = await (await ApiServer.StartAsync(settings: new()
        {
            ["Web:Root"] = Path.Combine(Azurite.RepoRoot(), "web", "dist"), ["Access:TrustAppServiceAuthentication"] = "true",
        })).WithKeysAsync("THA", "VNM");
        var admin = ApiServer.AdminKey;
        var desk = (await (await api.PostAsync("api/access/keys", admin,
            new { role = "secretariat", label = "SOMSWD desk officer", scope = new { bodies = new[] { "SOMSWD" } } })).JsonAsync(201)).Value<string>("key")!;

        // 2023: THA accepted, window locked: a final report. 2024: THA accepted (7 policies), VNM submitted, not yet accepted (40).
        async Task ReportAsync(int year, string state, int policies, bool accept)
        {
            var path = Samples.SubmissionPath(year, state);
            await (await api.PutAsync(path, api.Keys[state], Samples.Submission(policies))).JsonAsync(201);
            await (await api.PostAsync(path + "/submit", api.Keys[state], ifMatch: "\"r1\"")).JsonAsync(200);
            if (accept) await (await api.PostAsync(path + "/review", desk, new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
        }
        await ReportAsync(2023, "THA", 2, accept: true);
        await ReportAsync(2024, "THA", 7, accept: true);
        await ReportAsync(2024, "VNM", 40, accept: false);
        await (await api.PutAsync($"api/plans/{Plan}/years/2023/window", desk, new { locks = "2024-06-01T00:00:00Z" })).JsonAsync(200);
        await (await api.PostAsync("api/jobs/aggregate-progress/run", desk)).JsonAsync(200);
        var report = await (await api.PostAsync($"api/plans/{Plan}/reports", desk, new { kind = "annual", year = 2023 })).JsonAsync(202);
        Assert.False(report.Value<bool>("interim"));

        // The admin assigns the person in the admin pages; a malformed object id is refused at its field first.
        var oid = Principals.NewObjectId();
        var (adminContext, adminPage) = await OpenAsync(api, 1280);
        await SignInAsync(adminPage, admin);
        await GoAsync(adminPage, "#/access", "People and their access");
        await adminPage.GetByLabel("Entra object id").FillAsync("somchai@tdn.example.org");
        await adminPage.GetByLabel("Name", new() { Exact = true }).FillAsync("Somchai, Thai Disability Network");
        await adminPage.GetByLabel("Role").SelectOptionAsync("observer");
        await adminPage.GetByLabel("SOMSWD – Senior Officials Meeting on Social Welfare and Development").CheckAsync();
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Expect(adminPage.Locator(".error-summary")).ToContainTextAsync("/principalId");
        await adminPage.GetByLabel("Entra object id").FillAsync(oid);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Expect(adminPage.Locator("#status")).ToContainTextAsync("assigned as Observer");
        await Expect(adminPage.Locator("main table")).ToContainTextAsync(oid);
        await adminPage.ScreenshotAsync(new() { Path = Shot("30-admin-access"), FullPage = true });
        var problems = (await adminPage.EvaluateAsync<string[]>(BrowserTests.AuditScript)).Select(p => "access page: " + p).ToList();
        await adminContext.CloseAsync();

        // The person signs in with their organisation account: the platform sends the principal with every request.
        var person = Principals.Headers(oid, "somchai@tdn.example.org", ["Reporting.User"]);
        foreach (var width in new[] { 1280, 360 })
        {
            var (context, page) = await OpenAsync(api, width, person);
            await Expect(page.Locator("main h1")).ToContainTextAsync("Final figures");
            await Expect(page.Locator("#who")).ToContainTextAsync("Observer (civil society)");
            await GoAsync(page, $"#/figures?plan={Plan}&year=2024", "Final figures");
            var row = page.Locator("main tbody tr").Filter(new() { HasText = "5.1.1" });
            await Expect(row).ToContainTextAsync("7"); // THA's accepted 7, not 47 with VNM's figure under review
            await Expect(row).ToContainTextAsync("1 of 10 states");
            Assert.DoesNotContain("47", await row.InnerTextAsync());
            await Expect(page.Locator("#nav")).Not.ToContainTextAsync("My report");
            await page.ScreenshotAsync(new() { Path = Shot($"31-observer-final-figures-{width}px"), FullPage = true });
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the figures page is {overflow}px wider than a {width}px screen");
            problems.AddRange((await page.EvaluateAsync<string[]>(BrowserTests.AuditScript)).Select(p => $"figures {width}px: {p}"));

            // A draft or a submission is not open to an observer, whatever the page asks.
            var status = await page.EvaluateAsync<int>("p => fetch(p).then(r => r.status)", "/" + Samples.SubmissionPath(2024, "VNM"));
            Assert.Equal(403, status);
            await context.CloseAsync();
        }

        var (observerContext, observer) = await OpenAsync(api, 1280, person);
        await GoAsync(observer, $"#/consult?plan={Plan}", "Final reports");
        await Expect(observer.Locator("main section.card")).ToHaveCountAsync(1); // the final 2023 report only
        await observer.GetByRole(AriaRole.Button, new() { Name = "Send comment" }).ClickAsync();
        await Expect(observer.Locator("#status")).ToHaveTextAsync("Write your comment first.");
        await observer.GetByLabel("Your comment on this report").FillAsync(Comment);
        await observer.GetByRole(AriaRole.Button, new() { Name = "Send comment" }).ClickAsync();
        await Expect(observer.Locator("#status")).ToHaveTextAsync("Your comment was sent to the ASEAN Secretariat.");
        await Expect(observer.Locator(".thread")).ToContainTextAsync(Comment);
        Assert.Equal(0, await observer.Locator("main .thread b").CountAsync()); // set as text, never as markup
        await observer.ScreenshotAsync(new() { Path = Shot("32-observer-commented"), FullPage = true });

        // The SOMSWD desk sees it and answers.
        var (deskContext, deskPage) = await OpenAsync(api, 1280);
        await SignInAsync(deskPage, desk);
        await GoAsync(deskPage, $"#/comments?plan={Plan}", "Comments on reports");
        await Expect(deskPage.Locator("main")).ToContainTextAsync(Comment);
        await Expect(deskPage.Locator("main")).ToContainTextAsync("1 not answered");
        await deskPage.GetByLabel("Your answer to Somchai, Thai Disability Network").FillAsync(Answer);
        await deskPage.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
        await Expect(deskPage.Locator("#status")).ToHaveTextAsync("Answer sent.");
        await Expect(deskPage.Locator("main .badge").First).ToHaveTextAsync("Answered");
        await deskPage.ScreenshotAsync(new() { Path = Shot("33-secretariat-answered"), FullPage = true });
        problems.AddRange((await deskPage.EvaluateAsync<string[]>(BrowserTests.AuditScript)).Select(p => "comments page: " + p));
        await deskContext.CloseAsync();

        foreach (var width in new[] { 1280, 360 })
        {
            await observer.SetViewportSizeAsync(width, 900);
            await GoAsync(observer, $"#/figures?plan={Plan}", "Final figures");
            await GoAsync(observer, $"#/consult?plan={Plan}", "Final reports");
            await Expect(observer.Locator(".thread .answer")).ToContainTextAsync(Answer);
            await observer.ScreenshotAsync(new() { Path = Shot($"34-observer-sees-answer-{width}px"), FullPage = true });
            var overflow = await observer.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the reports page is {overflow}px wider than a {width}px screen");
            problems.AddRange((await observer.EvaluateAsync<string[]>(BrowserTests.AuditScript)).Select(p => $"reports {width}px: {p}"));
        }
        await observerContext.CloseAsync();

        var stored = await (await api.GetAsync($"api/plans/{Plan}/comments/{report.Value<string>("reportId")}", desk)).JsonAsync(200);
        Assert.Equal([Comment, Answer], stored["entries"]!.Select(e => e.Value<string>("text")));
        output.WriteLine($"web: observer story at 1280 and 360 px, {problems.Count} label or contrast problems");
        Assert.Empty(problems);
        Assert.True(pageErrors.Count == 0, "The pages reported errors:\n" + string.Join("\n", pageErrors));
    }
}
