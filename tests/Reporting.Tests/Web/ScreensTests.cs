using Microsoft.Playwright;
using Reporting.Tests.Api;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// The main pages at 1280 px and 360 px, in English and in Thai: each saved as a screenshot to look at, and each checked for
/// labels, contrast and nothing wider than the screen (Thai words are long and unbroken).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ScreensTests(WebFixture web, ITestOutputHelper output)
{
    private const string Plan = Samples.Plan;

    public static TheoryData<int, string> Screens => new() { { 1280, "en" }, { 360, "en" }, { 1280, "th" }, { 360, "th" } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Main_pages_fit_the_screen_and_read_well_in_both_languages(int width, string language)
    {
        // A returned report to arrive to, and a form with one entry the server did not take.
        var path = Samples.SubmissionPath(2023, "LAO");
        var lao = web.Api.Keys["LAO"];
        if ((int)(await web.Api.GetAsync(path, lao)).StatusCode == 404)
        {
            await (await web.Api.PutAsync(path, lao, Samples.Submission())).JsonAsync(201);
            await (await web.Api.PostAsync(path + "/submit", lao, ifMatch: "\"r1\"")).JsonAsync(200);
            await (await web.Api.PostAsync(path + "/review", web.Api.Keys["secretariat"], new { decision = "return", comment = "ກະລຸນາກວດສອບຕົວເລກ 5.2.1 / Please check 5.2.1." }, ifMatch: "\"r2\"")).JsonAsync(200);
        }

        var problems = new List<string>();
        async Task LookAsync(WebFixture.Session s, string name)
        {
            await s.Page.WaitForTimeoutAsync(300);
            await s.ScreenshotAsync($"40-{name}-{width}px-{language}");
            var overflow = await s.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0) problems.Add($"{name}: {overflow}px wider than the screen");
            problems.AddRange((await s.Page.EvaluateAsync<string[]>(BrowserTests.AuditScript)).Select(p => $"{name}: {p}"));
        }

        await using (var s = await web.OpenAsync(width, 800, language == "th" ? "th-TH" : "en-GB"))
        {
            await s.GoAsync();
            await Expect(s.Page.Locator("input[type=password]")).ToBeVisibleAsync();
            await LookAsync(s, "sign-in");
            await s.SignInAsync(lao);
            await Expect(s.Page.Locator(".notice.returned")).ToBeVisibleAsync();
            await LookAsync(s, "arrival");
            await s.OpenAsync($"#/report?plan={Plan}&year=2023", "2023");
            await s.Field("/values/5.2.1/numerator").FillAsync("200");
            await s.Page.Locator(".form-bar button").ClickAsync(); // Save draft
            await Expect(s.Page.Locator(".error-summary")).ToBeFocusedAsync();
            await LookAsync(s, "form-with-a-problem");
            await s.Field("/values/5.2.1/numerator").FillAsync("45");
            await s.Page.Locator(".form-bar button").ClickAsync();
            await Expect(s.Page.Locator(".error-summary")).ToBeHiddenAsync();
        }
        await using (var s = await web.OpenAsync(width, 800, language == "th" ? "th-TH" : "en-GB"))
        {
            await s.SignInAsync(web.Api.Keys["secretariat"]);
            await s.OpenAsync($"#/submission?plan={Plan}&year=2023&state=LAO", "2023");
            await LookAsync(s, "review");
            await s.OpenAsync($"#/grid?plan={Plan}", language == "th" ? "ความครบถ้วน" : "Completeness");
            await Expect(s.Page.Locator("table.grid")).ToBeVisibleAsync();
            await LookAsync(s, "grid");
        }
        await using (var s = await web.OpenAsync(width, 800, language == "th" ? "th-TH" : "en-GB"))
        {
            await s.SignInAsync(web.Api.Keys["admin"]);
            await s.OpenAsync("#/keys", language == "th" ? "คีย์ API" : "API keys");
            await LookAsync(s, "keys");
        }
        output.WriteLine($"web: {width}px {language}: 6 pages looked at, {problems.Count} problems");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
