using System.Collections.Concurrent;
using Microsoft.Playwright;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Web;

/// <summary>
/// One real server on Azurite serving the built pages (web/dist) and one headless Debian chromium driven by Playwright,
/// shared by the browser tests. Screenshots go to TestResults/screenshots (the test artifacts).
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public static readonly string[] FocalStates = ["THA", "LAO", "VNM", "PHL"];

    public ApiServer Api { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => Api.Http.BaseAddress!.ToString().TrimEnd('/');
    public static string Screenshots { get; } = Path.Combine(Azurite.RepoRoot(), "TestResults", "screenshots");

    private IPlaywright playwright = null!;

    public async Task InitializeAsync()
    {
        var dist = Path.Combine(Azurite.RepoRoot(), "web", "dist");
        if (!File.Exists(Path.Combine(dist, "index.html")))
            throw new InvalidOperationException($"The web pages are not built in {dist}. Run `npm ci --prefix web && npm run --prefix web build` (the README's test command does this).");
        Api = await (await ApiServer.StartAsync(settings: new() { ["Web:Root"] = dist })).WithKeysAsync(FocalStates);
        Directory.CreateDirectory(Screenshots);

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"No chromium at {chromium}. Install Debian's chromium (the README's test command does this) or set CHROMIUM_PATH.");
        // The whole suite runs at once on two cores: give pages time before calling them wrong.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await Api.DisposeAsync();
    }

    /// <summary>A fresh browser session (its own sessionStorage), failing the test on any script error or CSP violation.</summary>
    public async Task<Session> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var session = new Session(this, context, page);
        page.PageError += (_, error) => session.Errors.Add("page error: " + error);
        page.Console += (_, message) =>
        {
            // A 4xx the page asked for on purpose is logged by chromium as a failed resource; that is not a script fault.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                session.Errors.Add("console: " + message.Text);
        };
        return session;
    }

    public sealed class Session(WebFixture fixture, IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;
        public ConcurrentBag<string> Errors { get; } = [];

        public async Task GoAsync(string hash = "")
        {
            await Page.GotoAsync(fixture.BaseUrl + "/" + hash);
        }

        /// <summary>Signs in with an API key through the page's own form and waits for the menu.</summary>
        public async Task SignInAsync(string key)
        {
            await GoAsync();
            await Page.GetByLabel("API key").FillAsync(key);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Page.Locator("#nav a").First.WaitForAsync();
        }

        /// <summary>Goes to a page of the app and waits until its heading is there.</summary>
        public async Task OpenAsync(string hash, string heading)
        {
            // The same address again is a reload (the app listens for hashchange, which the same hash does not fire).
            await Page.EvaluateAsync("h => { if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = h; }", hash);
            await Assertions.Expect(Page.Locator("main h1")).ToContainTextAsync(heading);
        }

        /// <summary>The control the API's JSON Pointer names (the form gives each control that id).</summary>
        public ILocator Field(string pointer) => Page.Locator($"[id='f:{pointer}']");

        public async Task ScreenshotAsync(string name)
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        }

        public async ValueTask DisposeAsync()
        {
            await context.DisposeAsync();
            Assert.True(Errors.IsEmpty, "The page reported errors:\n" + string.Join("\n", Errors));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web pages";
}
