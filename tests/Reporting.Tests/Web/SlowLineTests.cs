using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reporting.Tests.Web;

/// <summary>
/// How long a focal point waits on a slow line, with a cold cache: open /api/web/, sign in, reach a usable SOMSWD form.
/// Chromium's own network emulation (CDP) sets the round trip and the bandwidth. Only page time is counted, not the time the
/// person takes to type or click. The figures are printed (prefix "slow line:"); goals 3.5 s at 400 ms / 50 KB/s and 12 s on
/// "Slow 3G" (2,000 ms, 50 KB/s). A measurement, not a timed assertion: the test fails only if a step does not happen.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SlowLineTests(WebFixture web, ITestOutputHelper output)
{
    public static TheoryData<string, int, int> Lines => new()
    {
        { "400 ms RTT, 50 KB/s", 400, 50 },
        { "Slow 3G (2,000 ms RTT, 50 KB/s)", 2000, 50 },
    };

    private static Task UntilAsync(IPage page, string predicate) =>
        page.WaitForFunctionAsync(predicate, null, new() { PollingInterval = null, Timeout = 120_000 });

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task Opening_signing_in_and_reaching_a_usable_form_is_measured_on_a_slow_line(string line, int latencyMs, int kilobytesPerSecond)
    {
        await using var session = await web.OpenAsync(); // a new browser context: nothing cached
        var page = session.Page;
        var cdp = await session.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = latencyMs,
            ["downloadThroughput"] = kilobytesPerSecond * 1024,
            ["uploadThroughput"] = kilobytesPerSecond * 1024,
        });
        var requests = 0;
        long bytes = 0;
        page.Request += (_, _) => Interlocked.Increment(ref requests);
        page.Response += async (_, r) =>
        {
            try { Interlocked.Add(ref bytes, (await r.Request.SizesAsync()).ResponseBodySize); } catch (PlaywrightException) { }
        };

        // Every request with when it started and ended (since opening), for the waterfall printed below the figures.
        var started = Stopwatch.StartNew();
        var waterfall = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.RequestFinished += (_, r) => waterfall.Enqueue($"{started.Elapsed.TotalSeconds,6:F2} s  {r.Method} {new Uri(r.Url).PathAndQuery}");

        var clock = Stopwatch.StartNew();
        await page.GotoAsync(web.BaseUrl + "/api/web/", new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        // Each milestone is watched in the page on every frame, so the figure is not rounded up to a polling interval.
        var key = page.Locator("input[type=password]");
        await UntilAsync(page, "() => { const k = document.querySelector('input[type=password]'); return !!k && k.offsetParent !== null && !k.disabled; }");
        var open = clock.Elapsed;

        await key.FillAsync(web.Api.Keys["LAO"]); // the person's typing: not counted
        clock.Restart();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await UntilAsync(page, "() => !!document.querySelector('a[href*=\"plan=somswd-2021-2025&year=2025\"]')");
        var signIn = clock.Elapsed;
        var somswd = page.Locator("section", new() { HasText = "SOMSWD" }).Locator("tr", new() { HasText = "2025" }).GetByRole(AriaRole.Link);
        await Expect(somswd).ToBeVisibleAsync();

        clock.Restart();
        await somswd.ClickAsync();
        // Usable: the form is there and takes input (its first field is editable, the save line says where things stand).
        await UntilAsync(page, "() => { const f = document.getElementById('f:/values/5.1.1/value'); const line = document.querySelector('.form-bar .save-state');"
            + " return !!f && !f.closest('fieldset[disabled]') && !!line && line.textContent.length > 0; }");
        var form = clock.Elapsed;
        await Expect(session.Field("/values/5.1.1/value")).ToBeEditableAsync();

        var total = open + signIn + form;
        var summary = $"slow line: {line}: open {open.TotalSeconds:F2} s + sign in {signIn.TotalSeconds:F2} s + form {form.TotalSeconds:F2} s = {total.TotalSeconds:F2} s page time, {requests} requests, {bytes / 1024.0:F1} KB on the wire";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var step in waterfall) output.WriteLine("  finished at " + step);
        await session.ScreenshotAsync($"27-slow-line-{latencyMs}ms");
    }
}
