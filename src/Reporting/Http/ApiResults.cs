using System.Text;
using Microsoft.AspNetCore.Http;

namespace Reporting.Http;

/// <summary>A response both hosts execute as-is. Kept as data so idempotent replays can store and return it.</summary>
public sealed class ApiResult : IResult
{
    /// <summary>Smaller bodies gain nothing worth the CPU from compression.</summary>
    public const int CompressFrom = 1024;

    public required int Status { get; init; }
    /// <summary>Empty for an answer without a body (204): no Content-Type is sent then.</summary>
    public required string ContentType { get; init; }
    public required byte[] Body { get; init; }
    public string? ETag { get; init; }
    public string? Location { get; init; }
    public string? FileName { get; init; }
    public int? RetryAfterSeconds { get; init; }
    /// <summary>The Allow header of a 405.</summary>
    public string? Allow { get; init; }
    /// <summary>Holds a secret shown once (a new API key): never kept for idempotent replay, never compressed.</summary>
    public bool Sensitive { get; init; }
    /// <summary>RFC 7240: the preference the answer honoured, e.g. <c>handling=lenient</c>.</summary>
    public string? PreferenceApplied { get; init; }
    /// <summary>Most answers are personal and change: no-store. What does not change (a plan version) says so.</summary>
    public string CacheControl { get; init; } = "no-store";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (ETag is not null) response.Headers.ETag = ETag;
        response.Headers.CacheControl = CacheControl;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        // A cacheable answer the client already holds: 304, no body.
        if (Status == 200 && ETag is not null && CacheControl != "no-store" && HttpMethods.IsGet(request.Method) && Matches(request.Headers.IfNoneMatch.ToString(), ETag))
        {
            response.StatusCode = 304;
            return;
        }
        response.StatusCode = Status;
        if (ContentType.Length > 0) response.ContentType = ContentType;
        if (Location is not null) response.Headers.Location = Location;
        if (Allow is not null) response.Headers.Allow = Allow;
        if (RetryAfterSeconds is { } retry) response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (PreferenceApplied is not null) response.Headers["Preference-Applied"] = PreferenceApplied;
        if (FileName is not null)
            response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = FileName, DispositionType = "attachment" }.ToString();
        var body = Body;
        if (!Sensitive && Compression.IsCompressible(ContentType))
        {
            response.Headers.Vary = "Accept-Encoding";
            if (body.Length >= CompressFrom && Compression.Choose(request.Headers.AcceptEncoding) is { } encoding)
            {
                body = Compression.Compress(body, encoding);
                response.Headers.ContentEncoding = encoding;
            }
        }
        response.ContentLength = body.Length;
        if (body.Length > 0) await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    /// <summary>The same answer with a header added.</summary>
    public ApiResult With(string? preferenceApplied = null, string? cacheControl = null, string? etag = null) => new()
    {
        Status = Status, ContentType = ContentType, Body = Body, ETag = etag ?? ETag, Location = Location, FileName = FileName,
        RetryAfterSeconds = RetryAfterSeconds, Sensitive = Sensitive, Allow = Allow,
        PreferenceApplied = preferenceApplied ?? PreferenceApplied, CacheControl = cacheControl ?? CacheControl,
    };

    private static bool Matches(string ifNoneMatch, string etag) =>
        ifNoneMatch.Split(',').Select(v => v.Trim()).Any(v => v == "*" || v == etag || v == "W/" + etag);
}

public static class ApiResults
{
    public const string JsonType = "application/json; charset=utf-8";
    public const string ProblemType = "application/problem+json; charset=utf-8";

    public static ApiResult Json(object body, int status = 200, string? etag = null, string? location = null) => new()
    {
        Status = status,
        ContentType = JsonType,
        Body = Encoding.UTF8.GetBytes(Http.Json.Serialize(body)),
        ETag = etag,
        Location = location,
    };

    public static ApiResult Ok(object body, string? etag = null) => Json(body, 200, etag);

    /// <summary>What never changes at its address (a plan version): the browser keeps it for a year.</summary>
    public const string Immutable = "private, max-age=31536000, immutable";

    /// <summary>What rarely changes: the browser keeps it but asks each time, and gets 304 without a body while it is the same.</summary>
    public const string Revalidate = "private, no-cache";

    /// <summary>An answer the browser may keep and revalidate, with an ETag made from its bytes.</summary>
    public static ApiResult Revalidated(object body)
    {
        var ok = Json(body);
        var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ok.Body))[..16] + "\"";
        return ok.With(cacheControl: Revalidate, etag: etag);
    }

    public static ApiResult Created(object body, string location, string? etag = null) => Json(body, 201, etag, location);

    public static ApiResult NoContent() => new() { Status = 204, ContentType = "", Body = [] };

    public static ApiResult Problem(Problem problem) => new()
    {
        Status = problem.Status,
        ContentType = ProblemType,
        Body = Encoding.UTF8.GetBytes(Http.Json.Serialize(problem)),
        RetryAfterSeconds = problem.RetryAfterSeconds,
        Allow = problem.Allow,
    };

    public static ApiResult File(byte[] content, string contentType, string fileName) => new()
    {
        Status = 200, ContentType = contentType, Body = content, FileName = fileName,
    };
}
