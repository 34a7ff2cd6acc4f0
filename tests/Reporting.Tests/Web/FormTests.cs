using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Reporting.Tests.Api;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// The report form as a focal point on a patchy line meets it, in chromium against the real server on Azurite: typing is
/// never disturbed, valid entries are saved while another is wrong, nothing typed is lost (offline, reload, closed tab, a
/// newer copy on the server), and the arrival page says what is due. Each test works on its own state and year.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FormTests(WebFixture web, ITestOutputHelper output)
{
    private const string Plan = Samples.Plan;
    private static string Report(int year) => $"#/report?plan={Plan}&year={year}";

    private static async Task PauseForAutosaveAsync(IPage page, string expected = "saved")
    {
        // The autosave runs a few seconds after typing stops; its outcome is said in the save line.
        await Expect(page.Locator(".form-bar .save-state")).ToContainTextAsync(expected, new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Typing_with_an_open_error_keeps_focus_scroll_and_every_keystroke()
    {
        await using var s = await web.OpenAsync();
        await s.SignInAsync(web.Api.Keys["KHM"]);
        await s.OpenAsync(Report(2024), "Cambodia: report for 2024");
        await s.Field("/values/5.2.1/numerator").FillAsync("200");
        await s.Field("/values/5.2.1/denominator").FillAsync("120");
        await PauseForAutosaveAsync(s.Page, "except 1 entry");
        var numerator = s.Field("/values/5.2.1/numerator");
        await Expect(numerator).ToHaveAttributeAsync("aria-invalid", "true");

        // "4", a pause long enough for an autosave, then "50": with the error still open, every key lands in the field.
        var box = s.Field("/values/5.1.2/value");
        await box.ClickAsync();
        var scroll = await s.Page.EvaluateAsync<double>("() => scrollY");
        await s.Page.Keyboard.TypeAsync("4");
        await s.Page.WaitForTimeoutAsync(4500);
        await s.Page.Keyboard.TypeAsync("50");
        await s.Page.WaitForTimeoutAsync(4500);
        await Expect(box).ToHaveValueAsync("450");
        await Expect(box).ToBeFocusedAsync();
        Assert.Equal(scroll, await s.Page.EvaluateAsync<double>("() => scrollY"));
        await Expect(s.Page.Locator(".error-summary")).Not.ToBeFocusedAsync();
        // The outcome is said in the polite live region, not by moving the person.
        Assert.Equal("polite", await s.Page.Locator(".form-bar .save-state").GetAttributeAsync("aria-live"));
        await Expect(s.Page.Locator(".form-bar .save-state")).ToContainTextAsync("except 1 entry");
        await s.ScreenshotAsync("20-typing-with-an-open-error");

        var stored = await s.StoredAsync(Samples.SubmissionPath(2024, "KHM"));
        Assert.Equal(450, stored!["values"]!["5.1.2"]!.Value<int>("value"));

        // The list takes focus only after an explicit Save.
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(s.Page.Locator(".error-summary")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Lenient_save_stores_the_valid_entries_and_names_the_rest_next_to_them()
    {
        await using var s = await web.OpenAsync();
        await s.SignInAsync(web.Api.Keys["MYS"]);
        await s.OpenAsync(Report(2024), "Malaysia: report for 2024");
        await s.Field("/values/5.2.1/numerator").FillAsync("200");
        await s.Field("/values/5.2.1/denominator").FillAsync("120");
        await s.Field("/values/5.2.6/narrative").FillAsync("Program bantuan warga emas di Sabah");
        await s.Field("/values/5.1.2/value").FillAsync("6");
        // Two new activity rows: the first left empty (ignored until it has content), the second half filled.
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Add an activity" }).ClickAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Add an activity" }).ClickAsync();
        await s.Field("/activities/1/title").FillAsync("ASEAN GO-NGO Forum");
        await PauseForAutosaveAsync(s.Page, "except");

        var stored = await s.StoredAsync(Samples.SubmissionPath(2024, "MYS"));
        Assert.Equal("Program bantuan warga emas di Sabah", stored!["values"]!["5.2.6"]!.Value<string>("narrative"));
        Assert.Equal(6, stored["values"]!["5.1.2"]!.Value<int>("value"));
        Assert.Null(stored["values"]!["5.2.1"]);
        Assert.Empty((JArray)stored["activities"]!);

        // Next to each entry: not saved, and why, in plain words; the activity by the number the person sees.
        var note = s.Page.Locator("fieldset.indicator", new() { Has = s.Field("/values/5.2.1/numerator") }).Locator(".part-note");
        await Expect(note).ToContainTextAsync("Not saved yet");
        await Expect(note).ToContainTextAsync("Numerator: must not be more than the denominator");
        var activity = s.Page.Locator("fieldset.activity", new() { Has = s.Field("/activities/1/title") }).Locator(".part-note");
        await Expect(activity).ToContainTextAsync("Activity 2 – Outcome: is required");
        await Expect(s.Page.Locator("fieldset.activity", new() { Has = s.Field("/activities/0/title") }).Locator(".part-note")).ToBeHiddenAsync();
        var summary = s.Page.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync("3 entries were not saved");
        await Expect(summary).ToContainTextAsync("Activity 2 – Importance");
        var text = await s.Page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("/values/", text);
        Assert.DoesNotContain("problem(s)", text);
        await s.ScreenshotAsync("21-lenient-save-names-what-was-not-saved");

        // Put right, the rest is saved with it.
        await s.Field("/values/5.2.1/numerator").FillAsync("45");
        await s.Field("/activities/1/outcome").SelectOptionAsync("3.2.4");
        await s.Field("/activities/1/importance").SelectOptionAsync("3");
        await PauseForAutosaveAsync(s.Page, "All entries saved");
        await Expect(note).ToBeHiddenAsync();
        stored = await s.StoredAsync(Samples.SubmissionPath(2024, "MYS"));
        Assert.Equal(45, stored!["values"]!["5.2.1"]!.Value<int>("numerator"));
        Assert.Equal(["ASEAN GO-NGO Forum"], ((JArray)stored["activities"]!).Select(a => a.Value<string>("title")));
        var history = (JArray)(await s.StoredAsync(Samples.SubmissionPath(2024, "MYS") + "/history"))!["entries"]!;
        Assert.Contains(history, e => e["leftOut"] is JArray l && l.Any(p => p.Value<string>("pointer") == "/values/5.2.1/numerator"));
    }

    [Fact]
    public async Task Offline_typing_survives_a_closed_tab_and_is_saved_without_a_click()
    {
        await using var s = await web.OpenAsync();
        await s.TracedAsync(async () =>
        {
            await StartIndonesiaDraftAsync(s, 2024, "2");

            await DropTheLineAsync(s);
            await s.Field("/values/5.1.2/value").FillAsync("9");
            await s.Field("/narrative").FillAsync("Laporan ditulis tanpa sambungan internet");
            await PauseForAutosaveAsync(s.Page, "no connection");
            // The banner says what is true: not saved yet, kept in this browser.
            await Expect(s.Page.Locator(".form-bar .save-state")).ToContainTextAsync("kept in this browser");
            await Expect(s.Page.Locator("main")).Not.ToContainTextAsync("Nothing was lost");
            await s.ScreenshotAsync("22-offline-kept-in-the-browser");

            // The tab is closed while offline; later, back online, the focal point opens the report again.
            await s.ReopenAsync();
            await s.Context.SetOfflineAsync(false);
            await s.SignInAsync(web.Api.Keys["IDN"]);
            await s.OpenAsync(Report(2024), "Indonesia: report for 2024");
            var notice = s.Page.Locator(".notices .notice");
            await Expect(notice).ToContainTextAsync("put back in the form");
            await Expect(notice).ToContainTextAsync("5.1.2");
            await Expect(notice).ToContainTextAsync("Overall narrative");
            await Expect(notice.Locator("time")).ToHaveCountAsync(1);
            await Expect(s.Field("/values/5.1.2/value")).ToHaveValueAsync("9");
            await Expect(notice).ToContainTextAsync("now saved");
            await s.ScreenshotAsync("23-restored-after-a-closed-tab");

            var stored = await s.StoredAsync(Samples.SubmissionPath(2024, "IDN"));
            Assert.Equal(9, stored!["values"]!["5.1.2"]!.Value<int>("value"));
            Assert.Equal("Laporan ditulis tanpa sambungan internet", stored.Value<string>("narrative"));
            Assert.Empty(await UnsavedCopiesAsync(s.Page));

            // Drawn again over the same form (here in Thai), the page still says what became of the entries.
            await s.Page.Locator("select.language").SelectOptionAsync("th");
            await Expect(notice).ToContainTextAsync("บันทึกข้อมูลที่นำกลับมาจากเบราว์เซอร์นี้เรียบร้อยแล้ว");
            await Expect(notice).ToContainTextAsync("5.1.2");
            await Expect(s.Field("/values/5.1.2/value")).ToHaveValueAsync("9");
        });
    }

    [Fact]
    public async Task A_save_that_arrived_though_its_answer_was_lost_is_said_to_be_saved_and_its_copy_goes()
    {
        await using var s = await web.OpenAsync();
        await s.TracedAsync(async () =>
        {
            await StartIndonesiaDraftAsync(s, 2023, "4");

            // The line drops on the way back: the server stores the save, the page never hears so and keeps its copy.
            await s.Page.RouteAsync("**/submissions/IDN", async r =>
            {
                if (r.Request.Method != "PUT")
                {
                    await r.ContinueAsync();
                    return;
                }
                await r.FetchAsync();
                await r.AbortAsync("connectionreset");
            });
            await s.Field("/values/5.1.2/value").FillAsync("6");
            await PauseForAutosaveAsync(s.Page, "no connection");
            var stored = await s.StoredAsync(Samples.SubmissionPath(2023, "IDN"));
            Assert.Equal(2, stored!.Value<int>("revision"));
            Assert.Single(await UnsavedCopiesAsync(s.Page));

            await s.ReopenAsync();
            await s.SignInAsync(web.Api.Keys["IDN"]);
            await s.OpenAsync(Report(2023), "Indonesia: report for 2023");
            var notice = s.Page.Locator(".notices .notice");
            await Expect(notice).ToContainTextAsync("reached the server after all");
            await Expect(notice).ToContainTextAsync("5.1.2");
            await Expect(s.Field("/values/5.1.2/value")).ToHaveValueAsync("6");
            await Expect(s.Page.Locator(".conflict")).ToHaveCountAsync(0);
            await s.ScreenshotAsync("24-a-save-that-arrived-though-its-answer-was-lost");
            // The copy is spent: it is not offered again, and nothing was saved twice.
            await s.Page.WaitForFunctionAsync("() => !Object.keys(localStorage).some(k => k.startsWith('reporting.unsaved'))");
            Assert.Equal(2, (await s.StoredAsync(Samples.SubmissionPath(2023, "IDN")))!.Value<int>("revision"));
        });
    }

    [Fact]
    public async Task Entries_typed_on_a_revision_since_saved_elsewhere_without_them_are_put_back_and_saved()
    {
        await using var s = await web.OpenAsync();
        await s.TracedAsync(async () =>
        {
            await StartIndonesiaDraftAsync(s, 2022, "5");
            await DropTheLineAsync(s);
            await s.Field("/values/5.1.2/value").FillAsync("8");
            await PauseForAutosaveAsync(s.Page, "no connection");
            await s.ReopenAsync();
            await s.Context.SetOfflineAsync(false);

            // Meanwhile the same entries are saved again from elsewhere: a newer revision that changes none of the parts.
            var path = Samples.SubmissionPath(2022, "IDN");
            var current = await web.Api.GetAsync(path, web.Api.Keys["IDN"]);
            var again = await web.Api.PutAsync(path, web.Api.Keys["IDN"], new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = 5 } } },
                current.Headers.ETag!.Tag);
            Assert.Equal(2, (await again.JsonAsync(200)).Value<int>("revision"));

            await s.SignInAsync(web.Api.Keys["IDN"]);
            await s.OpenAsync(Report(2022), "Indonesia: report for 2022");
            var notice = s.Page.Locator(".notices .notice");
            await Expect(notice).ToContainTextAsync("put back in the form");
            await Expect(notice).ToContainTextAsync("5.1.2");
            await Expect(s.Field("/values/5.1.2/value")).ToHaveValueAsync("8");
            await Expect(notice).ToContainTextAsync("now saved");
            var stored = await s.StoredAsync(path);
            Assert.Equal(8, stored!["values"]!["5.1.2"]!.Value<int>("value"));
            Assert.Equal(5, stored["values"]!["5.1.1"]!.Value<int>("value"));
            Assert.Empty(await UnsavedCopiesAsync(s.Page));
        });
    }

    /// <summary>Indonesia's focal point opens a report of the year and its first entry is saved: the revision the rest builds on.</summary>
    private async Task StartIndonesiaDraftAsync(WebFixture.Session s, int year, string value)
    {
        await s.SignInAsync(web.Api.Keys["IDN"]);
        await s.OpenAsync(Report(year), $"Indonesia: report for {year}");
        await s.Field("/values/5.1.1/value").FillAsync(value);
        await PauseForAutosaveAsync(s.Page, "All entries saved");
    }

    /// <summary>The line drops for this tab. Chromium's offline switch can lag behind under load and let a save through, so
    /// every call is refused as well: the dropped line is certain.</summary>
    private static async Task DropTheLineAsync(WebFixture.Session s)
    {
        await s.Context.SetOfflineAsync(true);
        await s.Page.RouteAsync("**/api/**", r => r.AbortAsync("internetdisconnected"));
    }

    private static Task<string[]> UnsavedCopiesAsync(IPage page) =>
        page.EvaluateAsync<string[]>("() => Object.keys(localStorage).filter(k => k.startsWith('reporting.unsaved'))");

    [Fact]
    public async Task Saving_resumes_by_itself_after_reconnecting()
    {
        await using var s = await web.OpenAsync();
        await s.SignInAsync(web.Api.Keys["BRN"]);
        await s.OpenAsync(Report(2024), "Brunei Darussalam: report for 2024");
        await s.Context.SetOfflineAsync(true);
        await s.Field("/values/5.1.1/value").FillAsync("5");
        await PauseForAutosaveAsync(s.Page, "no connection");
        Assert.Equal(404, (int)(await web.Api.GetAsync(Samples.SubmissionPath(2024, "BRN"), web.Api.Keys["BRN"])).StatusCode);

        await s.Context.SetOfflineAsync(false);
        await PauseForAutosaveAsync(s.Page, "All entries saved");
        var stored = await s.StoredAsync(Samples.SubmissionPath(2024, "BRN"));
        Assert.Equal(5, stored!["values"]!["5.1.1"]!.Value<int>("value"));
    }

    [Fact]
    public async Task Leaving_with_unsaved_entries_asks_first()
    {
        await using var s = await web.OpenAsync();
        await s.SignInAsync(web.Api.Keys["LAO"]);
        await s.OpenAsync(Report(2022), "Lao PDR: report for 2022");
        await s.Context.SetOfflineAsync(true);
        await s.Field("/values/5.1.1/value").FillAsync("8");

        string? asked = null;
        void Dismiss(object? _, IDialog d) { asked = d.Message; _ = d.DismissAsync(); }
        s.Page.Dialog += Dismiss;
        await s.Page.Locator("#nav a", new() { HasText = "Summary" }).ClickAsync();
        await Expect(s.Page.Locator("main h1")).ToContainTextAsync("Lao PDR: report for 2022"); // stayed
        Assert.Contains("not saved on the server yet", asked);
        Assert.Contains("#/report", s.Page.Url);
        await Expect(s.Field("/values/5.1.1/value")).ToHaveValueAsync("8");
        s.Page.Dialog -= Dismiss;
        await s.Context.SetOfflineAsync(false);
        await PauseForAutosaveAsync(s.Page, "All entries saved");
    }

    [Fact]
    public async Task A_newer_revision_on_the_server_is_shown_beside_the_entries_and_nothing_is_dropped()
    {
        await using var first = await web.OpenAsync();
        await using var second = await web.OpenAsync();
        foreach (var tab in new[] { first, second })
        {
            await tab.SignInAsync(web.Api.Keys["PHL"]);
            await tab.OpenAsync(Report(2021), "Philippines: report for 2021");
        }
        await first.Field("/values/5.1.1/value").FillAsync("1");
        await first.Field("/narrative").FillAsync("Written in the first tab");
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(first.Page.Locator(".form-bar .save-state")).ToContainTextAsync("All entries saved");

        await second.Field("/values/5.1.2/value").FillAsync("2");
        await second.Field("/narrative").FillAsync("Written in the second tab");
        var panel = second.Page.Locator(".notice.conflict");
        await Expect(panel).ToContainTextAsync("saved elsewhere", new() { Timeout = 20_000 });
        // Changed only there: taken over; changed on both sides: both shown, the person decides.
        await Expect(panel).ToContainTextAsync("5.1.1");
        await Expect(panel).ToContainTextAsync("Written in the first tab");
        await Expect(panel).ToContainTextAsync("Written in the second tab");
        await second.ScreenshotAsync("24-newer-revision-both-shown");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Combine and save" }).ClickAsync();
        await Expect(second.Page.Locator(".form-bar .save-state")).ToContainTextAsync("All entries saved");

        var stored = await second.StoredAsync(Samples.SubmissionPath(2021, "PHL"));
        Assert.Equal(1, stored!["values"]!["5.1.1"]!.Value<int>("value"));
        Assert.Equal(2, stored["values"]!["5.1.2"]!.Value<int>("value"));
        Assert.Equal("Written in the second tab", stored.Value<string>("narrative"));
        await Expect(second.Field("/values/5.1.1/value")).ToHaveValueAsync("1");
    }

    [Fact]
    public async Task Arrival_shows_due_dates_days_left_overdue_and_a_returned_comment()
    {
        const string other = "informal-social-security-2024-2027";
        var admin = web.Api.Keys["admin"];
        var now = DateTimeOffset.UtcNow;
        await (await web.Api.PutAsync($"api/plans/{other}/years/2025/window", admin,
            new { opens = "2025-01-01T00:00:00Z", due = now.AddDays(-3).ToString("O"), locks = now.AddDays(60).ToString("O") })).JsonAsync(200);
        await (await web.Api.PutAsync($"api/plans/{other}/years/2024/window", admin,
            new { opens = "2024-01-01T00:00:00Z", due = now.AddDays(12).AddHours(-1).ToString("O"), locks = now.AddDays(90).ToString("O") })).JsonAsync(200);
        var path = Samples.SubmissionPath(2023, "SGP");
        await (await web.Api.PutAsync(path, web.Api.Keys["SGP"], Samples.Submission())).JsonAsync(201);
        await (await web.Api.PostAsync(path + "/submit", web.Api.Keys["SGP"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await web.Api.PostAsync(path + "/review", web.Api.Keys["secretariat"], new { decision = "return", comment = "Please add the 2023 seminar count." }, ifMatch: "\"r2\"")).JsonAsync(200);

        await using var s = await web.OpenAsync();
        await s.SignInAsync(web.Api.Keys["SGP"]);
        await Expect(s.Page.Locator("main h1")).ToContainTextAsync("Reports of Singapore");
        var returned = s.Page.Locator(".notice.returned");
        await Expect(returned).ToContainTextAsync("returned your 2023 report");
        await Expect(returned).ToContainTextAsync("Please add the 2023 seminar count.");
        var overdue = s.Page.Locator("section", new() { HasText = "informal-sector" }).Locator("tr", new() { HasText = "2025" });
        await Expect(overdue).ToContainTextAsync("overdue by 3 days");
        await Expect(overdue).ToContainTextAsync("Locks");
        await Expect(s.Page.Locator("section", new() { HasText = "informal-sector" }).Locator("tr", new() { HasText = "2024" })).ToContainTextAsync("12 days left");
        // Times in the reader's zone (Bangkok here), the UTC instant on hover.
        var due = overdue.Locator("time").First;
        await Expect(due).ToHaveAttributeAsync("title", new Regex("UTC$"));
        await Expect(due).ToContainTextAsync("GMT+7");
        await s.ScreenshotAsync("25-arrival-due-overdue-returned");

        await returned.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(s.Page.Locator("main h1")).ToContainTextAsync("Singapore: report for 2023");
        await Expect(s.Page.Locator(".status-panel")).ToContainTextAsync("Please add the 2023 seminar count.");
        await Expect(s.Page.Locator(".form-bar .badge")).ToHaveTextAsync("Returned for changes");
        output.WriteLine("web: arrival page shows due, overdue and the returned comment");
    }

    [Fact]
    public async Task Status_badge_and_save_line_stay_in_sight_and_current()
    {
        await using var s = await web.OpenAsync(width: 360, height: 740);
        await s.SignInAsync(web.Api.Keys["MMR"]);
        await s.OpenAsync(Report(2022), "Myanmar: report for 2022");
        await Expect(s.Page.Locator(".form-bar .badge")).ToHaveTextAsync("Not started");
        // Far down the form, the bar is still at the top of the window.
        await s.Field("/narrative").FillAsync("Overall, in Burmese script: မြန်မာ");
        await PauseForAutosaveAsync(s.Page, "All entries saved");
        var top = await s.Page.Locator(".form-bar").EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        Assert.InRange(top, -1, 1);
        await Expect(s.Page.Locator(".form-bar .badge")).ToHaveTextAsync("Draft");
        await Expect(s.Page.Locator(".status-panel .badge")).ToHaveTextAsync("Draft");
        await s.ScreenshotAsync("26-bar-in-sight-360px");
    }
}
