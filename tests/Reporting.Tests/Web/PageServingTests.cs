using System.Net;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Web;

/// <summary>The pages as plain HTTP: what both hosts send, with which headers, and what they refuse.</summary>
[Collection(WebCollection.Name)]
public sealed class PageServingTests(WebFixture web)
{
    private HttpClient Http => web.Api.Http;

    [Fact]
    public async Task Index_is_served_with_a_strict_content_security_policy_and_revalidation()
    {
        var response = await Http.GetAsync("api/web/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoCache);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=", html);
        Assert.DoesNotContain("<script>", html); // no inline script: the CSP would block it

        var again = new HttpRequestMessage(HttpMethod.Get, "api/web/");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        var revalidated = await Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_a_year_and_small()
    {
        var html = await Http.GetStringAsync("api/web/");
        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"\\.?/?(assets/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        long total = 0;
        foreach (var asset in assets)
        {
            var response = await Http.GetAsync("api/web/" + asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }
        // A slow connection in Vientiane: the whole front end, uncompressed, stays small.
        Assert.True(total < 250_000, $"pages weigh {total:N0} bytes uncompressed");
    }

    [Theory]
    [InlineData("api/web/../appsettings.json")]
    [InlineData("api/web/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("api/web/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("api/web/nope.js")]
    [InlineData("api/web/.hidden")]
    public async Task Paths_outside_the_pages_are_404_problems(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("ConnectionString", body);
        // Dot segments that leave /api are resolved by the server before routing: a plain 404 outside the API.
        if (response.Content.Headers.ContentLength > 0)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Site_root_and_bare_prefix_lead_to_the_pages()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };
        var bare = await http.GetAsync("api/web");
        Assert.Equal(HttpStatusCode.PermanentRedirect, bare.StatusCode);
        Assert.Equal("/api/web/", bare.Headers.Location?.ToString());
        var root = await http.GetAsync("");
        Assert.True((int)root.StatusCode is 302 or 307 or 308, $"root answered {(int)root.StatusCode}");
        Assert.Equal("/api/web/", root.Headers.Location?.ToString());
        await (await Http.GetAsync("api/nothing-here")).ProblemAsync(404);
    }
}
