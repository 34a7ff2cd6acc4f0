using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Reporting.Tests.Api;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// The pages in a real browser (Debian chromium) against the real server on Azurite: what a focal point, the secretariat
/// and an admin do, end to end. Screenshots of every page go to TestResults/screenshots.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BrowserTests(WebFixture web, ITestOutputHelper output)
{
    private const string Plan = Samples.Plan;
    private const string ThaiNote = "ปรับปรุงนโยบายคุ้มครองเด็ก ๓ ฉบับ ในปี ๒๕๖๗ — กระทรวงการพัฒนาสังคมฯ";
    private const string LaoOverall = "ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ ໄດ້ປັບປຸງນະໂຍບາຍ";
    private const string ReturnComment = "Please check 5.2.1 against the ministry's figure.";

    private string Report(int year) => $"#/report?plan={Plan}&year={year}";

    [Fact]
    public async Task Focal_point_reports_secretariat_returns_and_accepts_and_downloads_summary_and_report()
    {
        const int year = 2024;
        await using var thai = await web.OpenAsync();
        await thai.SignInAsync(web.Api.Keys["THA"]);
        await thai.OpenAsync(Report(year), $"Thailand: report for {year}");
        await thai.ScreenshotAsync("01-focal-form-empty");

        // Fill the SOMSWD form, with one mistake: more children in family-based care than in care at all.
        await thai.Field("/values/5.1.1/value").FillAsync("3");
        await thai.Field("/values/5.1.1/narrative").FillAsync(ThaiNote);
        await thai.Field("/values/5.2.1/numerator").FillAsync("200");
        await thai.Field("/values/5.2.1/denominator").FillAsync("120");
        await thai.Field("/values/5.2.5/achieved").SelectOptionAsync("true");
        await thai.Field("/values/5.2.5/evidenceUrl").FillAsync("https://example.go.th/strategy.pdf");
        await thai.Field("/narrative").FillAsync(LaoOverall);
        await thai.Page.GetByRole(AriaRole.Button, new() { Name = "Add an activity" }).ClickAsync();
        await thai.Field("/activities/0/title").FillAsync("ASEAN GO-NGO Forum");
        await thai.Field("/activities/0/outcome").SelectOptionAsync("3.2.4");
        await thai.Field("/activities/0/importance").SelectOptionAsync("3");
        await thai.Field("/activities/0/kra").SelectOptionAsync("A.1"); // a key result area of the plan's framework (ASCC Blueprint 2025)
        await thai.Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        // The server's error is shown at the field it points at, and listed on top with a way to get there.
        var numerator = thai.Field("/values/5.2.1/numerator");
        await Expect(numerator).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await numerator.GetAttributeAsync("aria-describedby");
        Assert.NotNull(describedBy);
        await Expect(thai.Page.Locator($"[id='{describedBy!.Split(' ')[^1]}']")).ToContainTextAsync("must not be more than the denominator");
        await Expect(thai.Page.Locator(".error-summary")).ToContainTextAsync("5.2.1");
        await Expect(thai.Page.Locator(".error-summary")).ToBeFocusedAsync(); // an explicit Save moves focus to the list
        await thai.ScreenshotAsync("02-focal-validation-error");
        // The draft is saved leniently: every valid entry is stored, the wrong one is not (and is named at its field).
        var first = await (await web.Api.GetAsync(Samples.SubmissionPath(year, "THA"), web.Api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(ThaiNote, first["values"]!["5.1.1"]!.Value<string>("narrative"));
        Assert.Null(first["values"]!["5.2.1"]);

        await thai.Page.Locator(".error-summary button.link").First.ClickAsync();
        await Expect(numerator).ToBeFocusedAsync();
        await numerator.FillAsync("45");
        await thai.Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(thai.Page.Locator(".save-state")).ToContainTextAsync("All entries saved");
        await Expect(numerator).Not.ToHaveAttributeAsync("aria-invalid", "true");

        // Thai and Lao typed in the browser are stored byte for byte.
        var stored = await (await web.Api.GetAsync(Samples.SubmissionPath(year, "THA"), web.Api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(ThaiNote, stored["values"]!["5.1.1"]!.Value<string>("narrative"));
        Assert.Equal(LaoOverall, stored.Value<string>("narrative"));
        Assert.Equal(45, stored["values"]!["5.2.1"]!.Value<int>("numerator"));
        Assert.Equal("ASEAN GO-NGO Forum", stored["activities"]![0]!.Value<string>("title"));
        Assert.Equal("A.1", stored["activities"]![0]!.Value<string>("kra"));

        // Another state's focal point cannot see the draft: not through the pages, not through the API from the page.
        await using (var lao = await web.OpenAsync())
        {
            await lao.SignInAsync(web.Api.Keys["LAO"]);
            await lao.Page.EvaluateAsync("h => { location.hash = h; }", $"#/submission?plan={Plan}&year={year}&state=THA");
            await Expect(lao.Page.Locator("main h1")).ToContainTextAsync("Reports of Lao PDR"); // the secretariat's page is not theirs
            Assert.DoesNotContain(ThaiNote, await lao.Page.ContentAsync());
            var status = await lao.Page.EvaluateAsync<int>(
                "p => fetch(p, { headers: { 'X-Api-Key': sessionStorage.getItem('reporting.apiKey') } }).then(r => r.status)",
                "/" + Samples.SubmissionPath(year, "THA"));
            Assert.Equal(403, status);
        }

        await thai.Page.GetByRole(AriaRole.Button, new() { Name = "Submit to the ASEAN Secretariat" }).ClickAsync();
        // Submitting asks first, listing what has nothing filled in.
        var dialog = thai.Page.Locator("dialog[open]");
        await Expect(dialog).ToContainTextAsync("5.1.3");
        await thai.ScreenshotAsync("03a-focal-submit-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(thai.Page.Locator(".status-panel .badge")).ToHaveTextAsync("Submitted, awaiting review");
        await thai.ScreenshotAsync("03-focal-submitted");

        // The secretariat sees it in the grid and returns it with a comment.
        await using var secretariat = await web.OpenAsync();
        await secretariat.SignInAsync(web.Api.Keys["secretariat"]);
        await secretariat.OpenAsync($"#/grid?plan={Plan}", "Completeness");
        var cell = secretariat.Page.GetByRole(AriaRole.Link, new() { Name = $"Thailand {year}: Submitted, awaiting review" });
        await Expect(cell).ToBeVisibleAsync();
        await secretariat.ScreenshotAsync("04-secretariat-grid");
        await cell.ClickAsync();
        await Expect(secretariat.Page.Locator("main h1")).ToContainTextAsync($"Thailand: report for {year}");
        await Expect(secretariat.Page.Locator("main")).ToContainTextAsync(ThaiNote);
        await secretariat.Page.GetByLabel("Comment to the focal point").FillAsync(ReturnComment);
        await secretariat.ScreenshotAsync("05-secretariat-review");
        await secretariat.Page.GetByRole(AriaRole.Button, new() { Name = "Return to the focal point" }).ClickAsync();
        await Expect(secretariat.Page.Locator("#status")).ToHaveTextAsync("Returned to the focal point with your comment.");
        await Expect(secretariat.Page.Locator("main .badge").First).ToHaveTextAsync("Returned for changes");

        // The focal point sees the comment, corrects and resubmits; the secretariat accepts.
        await thai.OpenAsync($"#/summary?plan={Plan}", "Summary");
        await thai.OpenAsync(Report(year), $"Thailand: report for {year}");
        await Expect(thai.Page.Locator(".status-panel")).ToContainTextAsync(ReturnComment);
        await thai.Field("/values/5.2.1/numerator").FillAsync("44");
        await thai.ScreenshotAsync("06-focal-returned-with-comment");
        await thai.Page.GetByRole(AriaRole.Button, new() { Name = "Submit to the ASEAN Secretariat" }).ClickAsync();
        await thai.Page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(thai.Page.Locator(".status-panel .badge")).ToHaveTextAsync("Submitted, awaiting review");
        Assert.Equal(44, (await (await web.Api.GetAsync(Samples.SubmissionPath(year, "THA"), web.Api.Keys["THA"])).JsonAsync(200))["values"]!["5.2.1"]!.Value<int>("numerator"));

        await secretariat.OpenAsync($"#/submission?plan={Plan}&year={year}&state=THA", $"Thailand: report for {year}");
        // What changed since the return is marked, with the earlier comment.
        await Expect(secretariat.Page.Locator("main")).ToContainTextAsync("Since it was returned");
        await Expect(secretariat.Page.Locator("tr", new() { HasText = "5.2.1" }).Locator(".badge.changed")).ToBeVisibleAsync();
        await secretariat.Page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(secretariat.Page.Locator("main .badge").First).ToHaveTextAsync("Accepted");
        var history = (JArray)(await (await web.Api.GetAsync(Samples.SubmissionPath(year, "THA") + "/history", web.Api.Keys["secretariat"])).JsonAsync(200))["entries"]!;
        // Autosave may add saves of its own between these steps; the story is the same.
        var actions = history.Select(e => e.Value<string>("action")!).ToList();
        Assert.Equal(["created", "updated", "submitted", "returned", "updated", "submitted", "accepted"], actions.Where((a, i) => i == 0 || a != actions[i - 1]));

        // Run aggregation, download the summary CSV and a report, as the secretariat would before the meeting.
        await secretariat.OpenAsync($"#/reports?plan={Plan}", "Reports");
        await secretariat.Page.GetByRole(AriaRole.Button, new() { Name = "Run aggregation now" }).ClickAsync();
        await Expect(secretariat.Page.Locator("#status")).ToContainTextAsync("Aggregation");
        await secretariat.OpenAsync($"#/summary?plan={Plan}&year={year}", "Summary");
        await Expect(secretariat.Page.Locator("main table")).ToContainTextAsync("5.1.1");
        await secretariat.ScreenshotAsync("07-secretariat-summary");
        var csv = await secretariat.Page.RunAndWaitForDownloadAsync(() => secretariat.Page.GetByRole(AriaRole.Button, new() { Name = "CSV: regional figures" }).ClickAsync());
        Assert.EndsWith(".csv", csv.SuggestedFilename);
        var csvText = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Contains("5.1.1", csvText);

        await secretariat.OpenAsync($"#/reports?plan={Plan}", "Reports");
        await secretariat.Page.GetByRole(AriaRole.Button, new() { Name = "Create the end-of-plan report now" }).ClickAsync();
        var reportLink = secretariat.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^report\\.html") }).First;
        await Expect(reportLink).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await secretariat.ScreenshotAsync("08-secretariat-reports");
        // The report opens in a tab of its own, styled as it prints (its inline styles are allowed there and only there).
        var report = await secretariat.Page.Context.RunAndWaitForPageAsync(() => reportLink.ClickAsync());
        await Expect(report.Locator("body")).ToContainTextAsync(ThaiNote);
        Assert.Equal("#0b4f8a", await report.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"));
        Assert.Equal("collapse", await report.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('table')).borderCollapse"));
        await report.ScreenshotAsync(new() { Path = Path.Combine(WebFixture.Screenshots, "08a-report-in-a-tab.png") });
        await report.CloseAsync();
        output.WriteLine($"web: screenshots in {WebFixture.Screenshots}");
    }

    [Fact]
    public async Task Keyboard_alone_reaches_every_control_of_the_form()
    {
        await using var session = await web.OpenAsync();
        await session.SignInAsync(web.Api.Keys["VNM"]);
        await session.OpenAsync(Report(2023), "Viet Nam: report for 2023");
        var page = session.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Add an activity" }).ClickAsync();
        // Number every control the form has (summaries open their breakdowns; the others take input or act).
        var total = await page.EvaluateAsync<int>("""
            () => { let n = 0;
              for (const el of document.querySelectorAll('form.report :is(input, select, textarea, button, summary)'))
                if (!el.disabled) el.dataset.kb = String(n++);
              return n; }
            """);
        Assert.True(total > 40, $"only {total} controls found");

        await page.Locator("main h1").FocusAsync();
        var reached = new HashSet<string>();
        for (var step = 0; step < 3 * total && reached.Count < total; step++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<JsonElementInfo>(
                "() => ({ kb: document.activeElement?.dataset?.kb ?? null, tag: document.activeElement?.tagName ?? '', open: document.activeElement?.parentElement?.open ?? true })");
            if (focused.kb is null) continue;
            reached.Add(focused.kb);
            // A closed breakdown opens with Enter, as a keyboard user would, so its inputs become reachable.
            if (focused.tag == "SUMMARY" && !focused.open) await page.Keyboard.PressAsync("Enter");
        }
        await session.ScreenshotAsync("09-keyboard-form-all-open");
        var missed = await page.EvaluateAsync<string[]>(
            "r => [...document.querySelectorAll('[data-kb]')].filter(e => !r.includes(e.dataset.kb)).map(e => e.id || e.textContent)", reached.ToArray());
        output.WriteLine($"web: keyboard reached {reached.Count} of {total} form controls");
        Assert.Empty(missed);
    }

    private sealed class JsonElementInfo
    {
        public string? kb { get; set; }
        public string tag { get; set; } = "";
        public bool open { get; set; }
    }

    [Fact]
    public async Task Reporting_windows_are_typed_in_the_officers_own_time_zone_and_read_in_each_focal_points()
    {
        var path = $"api/plans/{Plan}/years/2021/window";
        var before = await (await web.Api.GetAsync(path, web.Api.Keys["admin"])).JsonAsync(200);
        try
        {
            // An officer in Jakarta (GMT+7) sets the due time as the clock on the wall says it.
            await using var desk = await web.OpenAsync(timezone: "Asia/Jakarta");
            await desk.SignInAsync(web.Api.Keys["admin"]);
            await desk.OpenAsync($"#/windows?plan={Plan}&year=2021", "Reporting windows");
            await Expect(desk.Page.Locator("main")).ToContainTextAsync("your own time zone (GMT+7)");
            var due = desk.Page.GetByLabel("Due", new() { Exact = true });
            await due.FillAsync("2025-03-31T23:59");
            await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Save window" }).ClickAsync();
            await Expect(desk.Page.Locator("#status")).ToContainTextAsync("Window for 2021 saved.");

            var stored = await (await web.Api.GetAsync(path, web.Api.Keys["admin"])).JsonAsync(200);
            Assert.Equal(new DateTimeOffset(2025, 3, 31, 16, 59, 0, TimeSpan.Zero), new DateTimeOffset(stored.Value<DateTime>("due").ToUniversalTime()));
            // Drawn again from what was stored: the same wall-clock time, and the instant beside it.
            await Expect(due).ToHaveValueAsync("2025-03-31T23:59");
            await Expect(desk.Page.Locator("main")).ToContainTextAsync("Saved as 2025-03-31 16:59 UTC.");
            await desk.ScreenshotAsync("16b-windows-in-local-time");

            // A focal point in Manila (GMT+8) reads the same instant on its own clock.
            await using var focal = await web.OpenAsync(timezone: "Asia/Manila");
            await focal.SignInAsync(web.Api.Keys["PHL"]);
            await focal.OpenAsync(Report(2021), "Philippines: report for 2021");
            await Expect(focal.Page.Locator(".status-panel")).ToContainTextAsync("1 Apr 2025, 00:59 GMT+8");
        }
        finally
        {
            (await web.Api.PutAsync(path, web.Api.Keys["admin"], new
            {
                opens = before.Value<DateTime?>("opens"), due = before.Value<DateTime?>("due"), locks = before.Value<DateTime?>("locks"),
            })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Every_page_labels_its_inputs_meets_contrast_and_fits_a_narrow_screen()
    {
        await using var admin = await web.OpenAsync();
        await admin.SignInAsync(web.Api.Keys["admin"]);
        var pages = new (string Hash, string Heading, string Shot)[]
        {
            (Report(2022) + "&state=THA", "Thailand: report for 2022", "10-admin-report-form"),
            ($"#/grid?plan={Plan}", "Completeness", "11-grid"),
            ($"#/summary?plan={Plan}", "Summary", "12-summary"),
            ($"#/reports?plan={Plan}", "Reports", "13-reports"),
            ("#/plans", "Work plans", "14-admin-plans"),
            ("#/keys", "API keys", "15-admin-keys"),
            ($"#/windows?plan={Plan}&year=2025", "Reporting windows", "16-admin-windows"),
        };
        var problems = new List<string>();
        foreach (var (hash, heading, shot) in pages)
        {
            await admin.OpenAsync(hash, heading);
            await admin.ScreenshotAsync(shot);
            problems.AddRange((await admin.Page.EvaluateAsync<string[]>(AuditScript)).Select(p => $"{hash}: {p}"));
        }

        // A narrow laptop or phone: nothing wider than the screen.
        await using var narrow = await web.OpenAsync(width: 360, height: 740);
        await narrow.SignInAsync(web.Api.Keys["PHL"]);
        await narrow.OpenAsync(Report(2024), "Philippines: report for 2024");
        await narrow.ScreenshotAsync("17-focal-form-360px");
        var overflow = await narrow.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the form is {overflow}px wider than a 360px screen");
        problems.AddRange((await narrow.Page.EvaluateAsync<string[]>(AuditScript)).Select(p => $"360px form: {p}"));

        await using var signIn = await web.OpenAsync();
        await signIn.GoAsync();
        await Expect(signIn.Page.GetByLabel("API key")).ToBeVisibleAsync();
        await signIn.ScreenshotAsync("00-sign-in");
        problems.AddRange(await signIn.Page.EvaluateAsync<string[]>(AuditScript));

        output.WriteLine($"web: {pages.Length + 2} pages audited, {problems.Count} problems");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Admin_creates_a_key_shown_once_revokes_it_and_sees_why_a_plan_is_refused()
    {
        await using var admin = await web.OpenAsync();
        await admin.SignInAsync(web.Api.Keys["admin"]);
        await admin.OpenAsync("#/keys", "API keys");
        await admin.Page.GetByLabel("Role").SelectOptionAsync("focalPoint");
        await admin.Page.GetByLabel("Member state").SelectOptionAsync("KHM");
        await admin.Page.GetByLabel("SOMSWD – Senior Officials Meeting on Social Welfare and Development").CheckAsync();
        await admin.Page.GetByLabel("Label (who holds it)").FillAsync("Ministry of Social Affairs, Phnom Penh");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = admin.Page.GetByLabel("New key");
        await Expect(secret).ToHaveValueAsync(new Regex("^rk_[0-9a-f]{16}_"));
        var key = await secret.InputValueAsync();
        await admin.ScreenshotAsync("18-admin-key-created");
        var me = await (await web.Api.GetAsync("api/access/me", key)).JsonAsync(200);
        Assert.Equal([Plan], me["plans"]!.Select(p => p.Value<string>("id"))); // the body ticked, nothing else

        // Keys are listed with label, role, state and expiry; revoking asks first, and Cancel keeps the key.
        var row = admin.Page.Locator("tr", new() { HasText = "Ministry of Social Affairs, Phnom Penh" });
        await Expect(row).ToContainTextAsync("Cambodia");
        await Expect(row).ToContainTextAsync("Never");
        await Expect(row).ToContainTextAsync("In use");
        var revoke = admin.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Revoke Ministry of Social Affairs, Phnom Penh") });
        await revoke.ClickAsync();
        await Expect(admin.Page.Locator("dialog[open]")).ToContainTextAsync("will no longer be able to sign in");
        await admin.ScreenshotAsync("18a-admin-revoke-confirm");
        await admin.Page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await (await web.Api.GetAsync("api/access/me", key)).JsonAsync(200);
        await revoke.ClickAsync();
        await admin.Page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(admin.Page.Locator("#status")).ToContainTextAsync("revoked");
        await Expect(row).ToContainTextAsync("Revoked");

        // An admin signed in with a key of their own sees it marked and cannot revoke it from itself (the API refuses too).
        var own = await web.Api.Services.GetRequiredService<Reporting.Access.ApiKeyStore>().CreateAsync(Reporting.Access.Role.Admin, null, "Second admin, ASEC", null, "tests", default);
        await using (var second = await web.OpenAsync())
        {
            await second.SignInAsync(own.Key);
            await second.OpenAsync("#/keys", "API keys");
            var ownRow = second.Page.Locator("tr", new() { HasText = "Second admin, ASEC" });
            await Expect(ownRow).ToContainTextAsync("Your key (cannot revoke itself)");
            await Expect(ownRow.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        }
        await (await web.Api.SendAsync(HttpMethod.Delete, "api/access/keys/" + own.Id, own.Key)).ProblemAsync(409, "own-key");
        await Expect(admin.Page.GetByLabel("New key")).ToHaveCountAsync(0); // shown once: gone after the page changes
        Assert.Equal(401, (int)(await web.Api.GetAsync("api/access/me", key)).StatusCode);

        // A plan whose years run backwards is refused, with the field named on the page.
        var plan = await (await web.Api.GetAsync($"api/plans/{Plan}", web.Api.Keys["admin"])).JsonAsync(200);
        plan["lastYear"] = 2019;
        await admin.OpenAsync("#/plans", "Work plans");
        await admin.Page.GetByLabel("Plan file (JSON)").SetInputFilesAsync(new FilePayload
        {
            Name = "somswd.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(plan.ToString()),
        });
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Upload plan" }).ClickAsync();
        await Expect(admin.Page.Locator(".error-summary")).ToContainTextAsync("/lastYear");
        await admin.ScreenshotAsync("19-admin-plan-refused");
        Assert.Equal(1, (await (await web.Api.GetAsync($"api/plans/{Plan}", web.Api.Keys["admin"])).JsonAsync(200)).Value<int>("version"));
    }

    /// <summary>
    /// Every visible input, select and textarea has a label; every text meets WCAG AA contrast (4.5:1, 3:1 for large
    /// text) against the background it sits on.
    /// </summary>
    internal const string AuditScript = """
        () => {
          const problems = [];
          const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
          for (const el of document.querySelectorAll('input, select, textarea')) {
            if (el.type === 'hidden' || !visible(el)) continue;
            const named = (el.labels && el.labels.length > 0 && el.labels[0].textContent.trim()) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            if (!named) problems.push('no label: ' + (el.id || el.outerHTML.slice(0, 80)));
          }
          const rgb = c => { const m = c.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
          const lum = ({ r, g, b }) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          const seen = new Set();
          for (const el of document.querySelectorAll('body *')) {
            if (!visible(el) || el.closest('svg')) continue;
            const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
            if (!text) continue;
            const s = getComputedStyle(el);
            if (el.disabled || el.closest('fieldset[disabled]')) continue;
            const fg = rgb(s.color), bg = background(el);
            const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
            const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            const key = s.color + '|' + JSON.stringify(bg) + '|' + need;
            if (ratio < need && !seen.has(key)) { seen.add(key); problems.push(`contrast ${ratio.toFixed(2)} < ${need}: "${text.slice(0, 40)}" (${s.color} on rgb(${bg.r},${bg.g},${bg.b}))`); }
          }
          return problems;
        }
        """;
}
