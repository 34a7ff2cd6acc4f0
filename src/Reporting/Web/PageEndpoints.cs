using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Reporting.Http;

namespace Reporting.Web;

public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>The built pages (web/dist). Default: a wwwroot folder beside the app, where publishing puts them.</summary>
    public string? Root { get; set; }
}

/// <summary>
/// The web pages (web/, built by Vite) as one anonymous endpoint, so both hosts serve them the same way and in Azure
/// they share the API's origin and its App Service Authentication. The pages hold no data; every call they make is
/// checked by the API like any other client's.
/// </summary>
public sealed class PageEndpoints(IOptions<WebOptions> options)
{
    // Pages run no inline script or style and talk only to their own origin.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The report viewer (report-view.html) shows a generated report.html in its own tab: the report is one self-contained
    /// page whose styles are inline (so it prints and saves as one file), which the pages' policy forbids. Its own policy
    /// allows inline style and nothing else inline: the report carries no script, and every submitted text in it is escaped.
    /// </summary>
    public const string ReportViewerPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public const string ReportViewer = "report-view.html";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset Modified, string ETag)> etags = new();

    private string Root => options.Value.Root is { Length: > 0 } root ? Path.GetFullPath(root) : Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public Task<IResult> GetPage(HttpRequest request, string path)
    {
        path ??= ""; // Functions may bind an empty catch-all as null
        // /api/web must end in a slash, or the pages' relative asset links would resolve one level up.
        if (path.Length == 0 && !request.Path.Value!.EndsWith('/'))
            return Task.FromResult<IResult>(new PageResult { Status = 308, Location = request.PathBase + request.Path + "/" });

        var root = Root;
        if (!Directory.Exists(root))
            return Problem(Problems.NotFound($"The web pages are not installed on this server (no folder {Path.GetFileName(root)}). Build them with `npm run --prefix web build`."));
        using var files = new PhysicalFileProvider(root);
        // PhysicalFileProvider refuses "..", rooted paths and hidden files itself.
        var file = files.GetFileInfo(path.Length == 0 ? "index.html" : path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
            return Problem(Problems.NotFound("There is no such page."));

        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? (type.StartsWith("text/", StringComparison.Ordinal) ? type + "; charset=utf-8" : type) : "application/octet-stream";
        // The build writes a brotli and a gzip copy beside each text file (web/vite.config.ts): sent as they are, so neither
        // host compresses on the fly and a slow line gets the smallest bytes.
        string? encoding = null;
        var compressible = Compression.IsCompressible(contentType);
        if (compressible)
        {
            foreach (var candidate in (string[])[Compression.Brotli, Compression.Gzip])
            {
                if (!Compression.Takes(request.Headers.AcceptEncoding, candidate)) continue;
                var packed = files.GetFileInfo((path.Length == 0 ? "index.html" : path) + (candidate == Compression.Brotli ? ".br" : ".gz"));
                if (packed is { Exists: true, IsDirectory: false, PhysicalPath: not null })
                {
                    (file, encoding) = (packed, candidate);
                    break;
                }
            }
        }
        var etag = ETagOf(file); // each encoding its own bytes, so its own tag
        var immutable = path.StartsWith("assets/", StringComparison.Ordinal); // Vite puts a content hash in these names
        var result = new PageResult
        {
            Status = 200,
            ContentType = contentType,
            PhysicalPath = file.PhysicalPath,
            ETag = etag,
            CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache",
            ContentEncoding = encoding,
            VaryOnEncoding = compressible,
            Policy = path == ReportViewer ? ReportViewerPolicy : ContentSecurityPolicy,
        };
        if (request.Headers.IfNoneMatch.Any(v => v == etag)) result = result with { Status = 304, PhysicalPath = null };
        return Task.FromResult<IResult>(result);
    }

    private string ETagOf(IFileInfo file)
    {
        var cached = etags.GetValueOrDefault(file.PhysicalPath!);
        if (cached.ETag is not null && cached.Modified == file.LastModified) return cached.ETag;
        using var stream = file.CreateReadStream();
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(stream))[..16] + "\"";
        etags[file.PhysicalPath!] = (file.LastModified, etag);
        return etag;
    }

    private static Task<IResult> Problem(Problem problem) => Task.FromResult<IResult>(ApiResults.Problem(problem));

    private sealed record PageResult : IResult
    {
        public required int Status { get; init; }
        public string? ContentType { get; init; }
        public string? PhysicalPath { get; init; }
        public string? ETag { get; init; }
        public string? CacheControl { get; init; }
        public string? Location { get; init; }
        public string? ContentEncoding { get; init; }
        public bool VaryOnEncoding { get; init; }
        public string Policy { get; init; } = ContentSecurityPolicy;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = Status;
            response.Headers.ContentSecurityPolicy = Policy;
            if (VaryOnEncoding) response.Headers.Vary = "Accept-Encoding";
            if (ContentEncoding is not null) response.Headers.ContentEncoding = ContentEncoding;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.XFrameOptions = "DENY";
            if (Location is not null) response.Headers.Location = Location;
            if (ETag is not null) response.Headers.ETag = ETag;
            if (CacheControl is not null) response.Headers.CacheControl = CacheControl;
            if (PhysicalPath is null) return;
            response.ContentType = ContentType;
            await response.SendFileAsync(PhysicalPath, httpContext.RequestAborted);
        }
    }
}
