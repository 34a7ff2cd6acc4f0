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
    public static readonly string[] FocalStates = ["THA", "LAO", "VNM", "PHL", "KHM", "MYS", "IDN", "BRN", "SGP", "MMR"];

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
    public async Task<Session> OpenAsync(int width = 1280, int height = 900, string locale = "en-GB", string timezone = "Asia/Bangkok")
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true, Locale = locale, TimezoneId = timezone,
        });
        var session = new Session(this, context, await context.NewPageAsync());
        session.Watch(session.Page);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        context.Response += (_, r) => session.Calls.Enqueue($"{clock.ElapsedMilliseconds,6} ms  {r.Request.Method} {new Uri(r.Url).PathAndQuery} {r.Status}");
        context.RequestFailed += (_, r) => session.Calls.Enqueue($"{clock.ElapsedMilliseconds,6} ms  {r.Method} {new Uri(r.Url).PathAndQuery} failed: {r.Failure}");
        return session;
    }

    public sealed class Session(WebFixture fixture, IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; private set; } = page;

        internal void Watch(IPage watched)
        {
            watched.PageError += (_, error) => Errors.Add("page error: " + error);
            watched.Console += (_, message) =>
            {
                // A 4xx the page asked for on purpose is logged by chromium as a failed resource; that is not a script fault.
                if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                    Errors.Add("console: " + message.Text);
            };
        }

        /// <summary>Closes the tab and opens a new one in the same browser: what was kept in the browser (localStorage) stays, the sign-in does not.</summary>
        public async Task ReopenAsync()
        {
            await Page.CloseAsync(new() { RunBeforeUnload = false });
            Page = await Context.NewPageAsync();
            Watch(Page);
        }
        public IBrowserContext Context { get; } = context;
        public ConcurrentBag<string> Errors { get; } = [];
        /// <summary>Every request of this session's tabs with its answer, in order.</summary>
        public ConcurrentQueue<string> Calls { get; } = [];

        /// <summary>Runs a test's steps; if one fails, its message starts with what the pages asked and were answered.</summary>
        public async Task TracedAsync(Func<Task> steps)
        {
            try
            {
                await steps();
            }
            catch (Exception e)
            {
                var calls = Calls.Where(c => c.Contains("/api/", StringComparison.Ordinal) && !c.Contains("/api/web/", StringComparison.Ordinal));
                // What failed first (CI keeps the first lines of a failure), then the calls, then the whole message.
                var headline = string.Join("\n", e.Message.Split('\n').Take(4));
                throw new Xunit.Sdk.XunitException(headline + "\nThe session's API calls:\n" + string.Join("\n", calls) + "\n---\n" + e.Message, e);
            }
        }

        public async Task GoAsync(string hash = "")
        {
            await Page.GotoAsync(fixture.BaseUrl + "/" + hash);
        }

        /// <summary>Signs in with an API key through the page's own form (in whichever language it shows) and waits for the menu.</summary>
        public async Task SignInAsync(string key)
        {
            await GoAsync();
            await Page.Locator("input[type=password]").FillAsync(key);
            await Page.Locator("main form button[type=submit]").ClickAsync();
            await Page.Locator("#nav a").First.WaitForAsync();
        }

        /// <summary>What the server holds now, read with this session's key as the page would.</summary>
        public async Task<Newtonsoft.Json.Linq.JObject?> StoredAsync(string path)
        {
            var text = await Page.EvaluateAsync<string?>(
                "p => fetch(p, { headers: { 'X-Api-Key': sessionStorage.getItem('reporting.apiKey') } }).then(r => r.ok ? r.text() : null)", "/" + path);
            return text is null ? null : Newtonsoft.Json.Linq.JObject.Parse(text);
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
            await Context.DisposeAsync();
            Assert.True(Errors.IsEmpty, "The page reported errors:\n" + string.Join("\n", Errors));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web pages";
}
