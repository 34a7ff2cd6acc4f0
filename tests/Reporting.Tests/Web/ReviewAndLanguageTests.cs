using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Reporting.Tests.Api;
using Reporting.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// The secretariat's review in words that match what it decided, and the pages in Thai: chosen by the person, remembered,
/// with dates and numbers written the Thai way while the plan's own texts stay as the plan gives them.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReviewAndLanguageTests(WebFixture web)
{
    private const string Plan = Samples.Plan;

    private static JObject Figures() => JObject.Parse("""
        {
          "values": {
            "5.2.2": { "numerator": 150000, "denominator": 600000,
                       "disaggregation": { "ageGroup": { "0-17": { "numerator": 10000, "denominator": 50000 }, "18-59": { "numerator": 90000, "denominator": 400000 },
                                                         "60plus": { "numerator": 50000, "denominator": 150000 } } } },
            "5.2.5": { "achieved": true, "evidenceUrl": "https://example.gov.vn/strategy.pdf" }
          },
          "activities": []
        }
        """);

    [Fact]
    public async Task Review_wording_matches_the_decision_and_the_table_reads_as_people_write()
    {
        var path = Samples.SubmissionPath(2024, "VNM");
        var vnm = web.Api.Keys["VNM"];
        await (await web.Api.PutAsync(path, vnm, Figures())).JsonAsync(201);
        await (await web.Api.PostAsync(path + "/submit", vnm, ifMatch: "\"r1\"")).JsonAsync(200);

        await using var s = await web.OpenAsync();
        await s.SignInAsync(web.Api.Keys["secretariat"]);
        await s.OpenAsync($"#/submission?plan={Plan}&year=2024&state=VNM", "Viet Nam: report for 2024");
        var row = s.Page.Locator("tr", new() { HasText = "5.2.2" });
        await Expect(row).ToContainTextAsync("150,000 / 600,000 (25%)");
        await Expect(row).ToContainTextAsync("Age group: 60 and over: 50,000 / 150,000");
        await Expect(s.Page.Locator("tr", new() { HasText = "5.2.5" }).GetByRole(AriaRole.Link, new() { Name = "https://example.gov.vn/strategy.pdf" })).ToHaveAttributeAsync("target", "_blank");
        Assert.DoesNotContain("60plus", await s.Page.Locator("main").InnerTextAsync());

        // Returning without a comment: the comment is named, at its field; nothing is sent.
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Return to the focal point" }).ClickAsync();
        var comment = s.Page.GetByLabel("Comment to the focal point");
        await Expect(comment).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(s.Page.Locator("main")).ToContainTextAsync("Say what the focal point should change before returning the report.");
        await Expect(comment).ToBeFocusedAsync();
        Assert.Equal("submitted", (await (await web.Api.GetAsync(path, vnm)).JsonAsync(200)).Value<string>("status"));
        await s.ScreenshotAsync("28-review-comment-missing");

        await comment.FillAsync("Please give the 2024 figure for persons over 60 again.");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Return to the focal point" }).ClickAsync();
        await Expect(s.Page.Locator("#status")).ToHaveTextAsync("Returned to the focal point with your comment.");
        await Expect(s.Page.Locator(".status-panel")).ToContainTextAsync("Returned for changes with this comment: “Please give the 2024 figure");

        // The focal point changes one figure and resubmits: the old comment is history, what changed is marked.
        var body = Figures();
        body["values"]!["5.2.2"]!["disaggregation"]!["ageGroup"]!["60plus"]!["numerator"] = 49000;
        body["values"]!["5.2.2"]!["numerator"] = 149000;
        await (await web.Api.PutAsync(path, vnm, body, ifMatch: "\"r3\"")).JsonAsync(200);
        await (await web.Api.PostAsync(path + "/submit", vnm, ifMatch: "\"r4\"")).JsonAsync(200);
        await s.OpenAsync($"#/submission?plan={Plan}&year=2024&state=VNM", "Viet Nam: report for 2024");
        await Expect(s.Page.Locator(".status-panel")).Not.ToContainTextAsync("Returned for changes with this comment");
        var since = s.Page.Locator("section", new() { HasText = "Since it was returned" });
        await Expect(since).ToContainTextAsync("Please give the 2024 figure for persons over 60 again.");
        await Expect(since).ToContainTextAsync("5.2.2");
        await Expect(s.Page.Locator("tr", new() { HasText = "5.2.2" }).Locator(".badge.changed")).ToBeVisibleAsync();
        await Expect(s.Page.Locator("tr", new() { HasText = "5.2.5" }).Locator(".badge.changed")).ToHaveCountAsync(0);
        await s.ScreenshotAsync("29-review-changes-since-return");

        // Accepting with a comment says accepted, never "returned".
        await s.Page.GetByLabel("Comment to the focal point").FillAsync("Thank you — accepted.");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(s.Page.Locator("#status")).ToHaveTextAsync("Accepted, with your comment to the focal point.");
        await Expect(s.Page.Locator(".status-panel")).ToContainTextAsync("Accepted with this comment: “Thank you — accepted.”");
        await Expect(s.Page.Locator("main")).Not.ToContainTextAsync("returned this report");
        // The history names people by their key's label, not by an id.
        await Expect(s.Page.Locator("section.history")).ToContainTextAsync("Test secretariat (ASEAN Secretariat)");
        Assert.DoesNotContain("key:", await s.Page.Locator("section.history").InnerTextAsync());
    }

    [Fact]
    public async Task Thai_is_chosen_remembered_and_formats_dates_while_plan_texts_stay_as_given()
    {
        await using var s = await web.OpenAsync();
        await s.GoAsync();
        await s.Page.GetByLabel("Language").SelectOptionAsync("th");
        await Expect(s.Page.Locator("main h1")).ToHaveTextAsync("เข้าสู่ระบบ");
        Assert.Equal("th", await s.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await s.SignInAsync(web.Api.Keys["THA"]);
        await Expect(s.Page.Locator("main h1")).ToContainTextAsync("รายงานของ Thailand");

        // Remembered in this browser: a new tab opens in Thai.
        await s.ReopenAsync();
        await s.GoAsync();
        await Expect(s.Page.Locator("main h1")).ToHaveTextAsync("เข้าสู่ระบบ");
        await s.SignInAsync(web.Api.Keys["THA"]);
        await s.OpenAsync($"#/report?plan={Plan}&year=2025", "รายงานประจำปี ค.ศ. 2025");
        await Expect(s.Page.Locator(".form-bar .badge")).ToHaveTextAsync("ยังไม่เริ่ม");
        // The plan's own words are as the plan gives them; the breakdown label is the plan's.
        await Expect(s.Page.Locator("fieldset.indicator", new() { HasText = "5.2.2" }).Locator("summary", new() { HasText = "Age group" })).ToHaveTextAsync("จำแนกตาม Age group");
        await Expect(s.Page.Locator("main")).ToContainTextAsync("Number of policies amended on children");

        await s.Field("/values/5.2.4/value").FillAsync("๑๒๓๔");      // Thai digits are taken as the number they are
        await s.Field("/values/5.1.1/value").FillAsync("-2");
        await Expect(s.Page.Locator(".form-bar .save-state")).ToContainTextAsync("ยกเว้น 1 รายการ", new() { Timeout = 20_000 });
        await Expect(s.Page.Locator(".error-summary")).ToContainTextAsync("ต้องไม่ติดลบ");
        var stored = await s.StoredAsync(Samples.SubmissionPath(2025, "THA"));
        Assert.Equal(1234, stored!["values"]!["5.2.4"]!.Value<int>("value"));
        await s.ScreenshotAsync("30-thai-form-with-a-problem");

        // Put right, then the page is opened again: dates in Thai words, Gregorian years as the plan counts them, the local zone
        // named, UTC on hover.
        await s.Field("/values/5.1.1/value").FillAsync("2");
        await Expect(s.Page.Locator(".form-bar .save-state")).ToContainTextAsync("บันทึกข้อมูลทั้งหมดแล้ว", new() { Timeout = 20_000 });
        await s.Page.ReloadAsync();
        await Expect(s.Page.Locator(".form-bar .save-state")).ToContainTextAsync(new Regex("บันทึกล่าสุดเมื่อ \\d{1,2} [ก-๙.]+ 20\\d\\d"));
        var time = s.Page.Locator("section.history time").First;
        await Expect(time).ToHaveAttributeAsync("title", new Regex("UTC$"));
        await Expect(time).ToContainTextAsync("GMT+7");
        await s.ScreenshotAsync("31-thai-history-dates");
    }
}
