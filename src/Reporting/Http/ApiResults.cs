using System.Text;
using Microsoft.AspNetCore.Http;

namespace Reporting.Http;

/// <summary>A response both hosts execute as-is. Kept as data so idempotent replays can store and return it.</summary>
public sealed class ApiResult : IResult
{
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
    /// <summary>Holds a secret shown once (a new API key): never kept for idempotent replay.</summary>
    public bool Sensitive { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        if (ContentType.Length > 0) response.ContentType = ContentType;
        if (ETag is not null) response.Headers.ETag = ETag;
        if (Location is not null) response.Headers.Location = Location;
        if (Allow is not null) response.Headers.Allow = Allow;
        if (RetryAfterSeconds is { } retry) response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (FileName is not null)
            response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = FileName, DispositionType = "attachment" }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.ContentLength = Body.Length;
        if (Body.Length > 0) await response.Body.WriteAsync(Body, httpContext.RequestAborted);
    }
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
