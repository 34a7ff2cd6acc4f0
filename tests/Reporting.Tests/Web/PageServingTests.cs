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
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_and_scripts_travel_precompressed_and_unpack_to_the_same_bytes(string encoding)
    {
        var html = await Http.GetStringAsync("api/web/");
        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"\\.?/?(assets/[^\"]+)\"").Select(m => m.Groups[1].Value).Append("").ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
        long plain = 0, sent = 0;
        foreach (var asset in assets)
        {
            var identity = await Http.GetByteArrayAsync("api/web/" + asset);
            var request = new HttpRequestMessage(HttpMethod.Get, "api/web/" + asset);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            var packed = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(identity, Unpack(packed, encoding));
            plain += identity.Length;
            sent += packed.Length;

            // Each encoding has its own tag, and revalidates to 304 like the plain file.
            var again = new HttpRequestMessage(HttpMethod.Get, "api/web/" + asset);
            again.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.NotModified, (await Http.SendAsync(again)).StatusCode);
        }
        Console.WriteLine($"web: pages {plain / 1024.0:F1} KB, as {encoding} {sent / 1024.0:F1} KB");
        Assert.True(sent * 2 < plain, $"{encoding}: {sent:N0} of {plain:N0} bytes");
    }

    [Fact]
    public async Task Json_and_csv_answers_are_compressed_when_the_client_takes_it_and_plans_are_cached()
    {
        var key = web.Api.Keys["THA"];
        foreach (var path in new[] { $"api/plans/{Reporting.Tests.Api.Samples.Plan}", $"api/plans/{Reporting.Tests.Api.Samples.Plan}/summary?format=csv&view=regional" })
        {
            var plain = await web.Api.GetAsync(path, key);
            Assert.Empty(plain.Content.Headers.ContentEncoding); // a client that does not ask gets plain bytes
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Api-Key", key);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
            var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
            Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), Unpack(await response.Content.ReadAsByteArrayAsync(), "br"));
        }

        // A plan version never changes: kept a year. The current plan revalidates: 304 while it is the same.
        var versioned = await web.Api.GetAsync($"api/plans/{Reporting.Tests.Api.Samples.Plan}?version=1", key);
        Assert.Equal(TimeSpan.FromDays(365), versioned.Headers.CacheControl?.MaxAge);
        Assert.True(versioned.Headers.CacheControl?.Private);
        var current = await web.Api.GetAsync($"api/plans/{Reporting.Tests.Api.Samples.Plan}", key);
        Assert.True(current.Headers.CacheControl?.NoCache);
        var revalidate = new HttpRequestMessage(HttpMethod.Get, $"api/plans/{Reporting.Tests.Api.Samples.Plan}");
        revalidate.Headers.Add("X-Api-Key", key);
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await Http.SendAsync(revalidate)).StatusCode);
        // Personal answers are never kept.
        Assert.True((await web.Api.GetAsync(Reporting.Tests.Api.Samples.SubmissionPath(2024, "THA"), key)).Headers.CacheControl?.NoStore ?? true);
    }

    [Fact]
    public async Task Report_viewer_allows_the_reports_inline_styles_and_still_no_inline_script()
    {
        var response = await Http.GetAsync("api/web/report-view.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        // Everywhere else, nothing inline at all.
        Assert.DoesNotContain("unsafe-inline", string.Join(";", (await Http.GetAsync("api/web/")).Headers.GetValues("Content-Security-Policy")));
    }

    private static byte[] Unpack(byte[] packed, string encoding)
    {
        using var input = new MemoryStream(packed);
        using Stream unpack = encoding == "br"
            ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        unpack.CopyTo(output);
        return output.ToArray();
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
