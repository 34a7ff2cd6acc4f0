using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reporting.Access;

namespace Reporting.Http;

/// <summary>What a handler gets: the caller (already authorised for the endpoint), the body text and the request.</summary>
public sealed class RequestContext(HttpRequest request, Caller? caller, string? body, byte[]? rawBody = null)
{
    /// <summary>The body as sent, for endpoints that take files (XLSX, CSV).</summary>
    public byte[] RawBody => rawBody ?? [];

    public HttpRequest Request { get; } = request;
    public Caller? CallerOrNull { get; } = caller;
    public Caller Caller => CallerOrNull ?? throw new InvalidOperationException("Endpoint allows anonymous callers.");
    public string Body => body ?? "";
    public CancellationToken Aborted => Request.HttpContext.RequestAborted;

    public string? IfMatch
    {
        get
        {
            var value = Request.Headers.IfMatch.ToString();
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }

    /// <summary>
    /// The value of a preference in the RFC 7240 Prefer header (<c>Prefer: handling=lenient</c> → "lenient"), or null. A
    /// preference named twice counts as its first mention, as the RFC says.
    /// </summary>
    public string? Preference(string name) => RequestPipeline.Preference(Request, name);

    public string? Query(string name)
    {
        var value = Request.Query[name].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}

/// <summary>
/// The cross-cutting steps every endpoint runs through, identically under both hosts: read the body within
/// limits, authenticate and authorise, honour Idempotency-Key, and map failures to problem+json
/// (storage down: 503 with Retry-After; anything unexpected: 500 with no internals).
/// </summary>
public sealed class RequestPipeline(CallerResolver callers, IdempotencyStore idempotency, ILogger<RequestPipeline> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public const int MaxFileBytes = 5 * 1024 * 1024;

    public enum Body { None, Json, File }

    public Task<IResult> RunAsync(HttpRequest request, Requirement requirement, Func<RequestContext, Task<ApiResult>> handler, bool readsBody = false) =>
        RunAsync(request, requirement, handler, readsBody ? Body.Json : Body.None);

    public async Task<IResult> RunAsync(HttpRequest request, Requirement requirement, Func<RequestContext, Task<ApiResult>> handler, Body body)
    {
        var ct = request.HttpContext.RequestAborted;
        try
        {
            Caller? caller;
            try
            {
                caller = await callers.ResolveAsync(request, ct);
            }
            catch (ProblemException ex) when (requirement == Requirement.Anonymous && ex.Problem.Status == 403)
            {
                // A signed-in person with no assignment may still read what anyone may (health, this API's document).
                caller = null;
            }
            if (requirement != Requirement.Anonymous && caller is null)
                return ApiResults.Problem(Problems.Unauthenticated("Send an API key in the X-Api-Key header."));
            if (requirement == Requirement.Secretariat && caller is { IsSecretariatAnywhere: false })
                return ApiResults.Problem(Problems.Forbidden("Only the ASEAN Secretariat may do this."));
            if (requirement == Requirement.Admin && caller is { IsAdmin: false })
                return ApiResults.Problem(Problems.Forbidden("Only an administrator may do this."));

            string? text = null;
            byte[]? raw = null;
            if (body == Body.Json)
            {
                if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
                    return ApiResults.Problem(Problems.UnsupportedMediaType());
                text = Json.DecodeUtf8(await ReadBytesAsync(request, MaxBodyBytes, ct));
            }
            else if (body == Body.File)
                raw = await ReadBytesAsync(request, MaxFileBytes, ct);

            var key = request.Headers[IdempotencyKeyHeader].ToString();
            if (caller is null || string.IsNullOrEmpty(key) || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)))
                return await handler(new RequestContext(request, caller, text, raw));

            if (key.Length > 200 || key.Any(c => c < 0x21 || c > 0x7E))
                return ApiResults.Problem(Problems.BadRequest("The Idempotency-Key header is not valid.", "header:Idempotency-Key", "use 1-200 visible ASCII characters, e.g. a UUID"));
            var scope = IdempotencyStore.Scope(caller.Id, key);
            // A stated handling preference changes what the answer is, so it is part of the request (added only when sent,
            // so requests without one keep the hash they always had).
            var handling = Preference(request, "handling") is { } h ? "\nPrefer: handling=" + h : "";
            var hash = IdempotencyStore.HashRequest(request.Method, request.Path.Value + request.QueryString.Value + handling, text ?? Convert.ToBase64String(raw ?? []));
            var stored = await idempotency.FindAsync(scope, ct);
            if (stored is not null)
            {
                if (stored.RequestHash != hash) return ApiResults.Problem(Problems.IdempotencyMismatch());
                request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                return stored.Result;
            }
            var result = await handler(new RequestContext(request, caller, text, raw));
            if (result.Status is >= 200 and < 300) await idempotency.SaveAsync(scope, hash, result, ct);
            return result;
        }
        catch (ProblemException ex)
        {
            return ApiResults.Problem(ex.Problem);
        }
        catch (Exception ex) when (IsStorageOutage(ex))
        {
            logger.LogWarning(ex, "Storage unavailable while handling {Method} {Path}", request.Method, request.Path.Value);
            return ApiResults.Problem(Problems.StorageUnavailable());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ApiResults.Problem(Problems.Create(499, ProblemCodes.ClientClosed, "The client closed the request"));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled error in {Method} {Path}", request.Method, request.Path.Value);
            return ApiResults.Problem(Problems.ServerError());
        }
    }

    /// <summary>See <see cref="RequestContext.Preference"/>.</summary>
    public static string? Preference(HttpRequest request, string name)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var preference in (header ?? "").Split(','))
            {
                var token = preference.Split(';')[0];
                var eq = token.IndexOf('=');
                var key = (eq < 0 ? token : token[..eq]).Trim();
                if (!key.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
                return eq < 0 ? "" : token[(eq + 1)..].Trim().Trim('"').ToLowerInvariant();
            }
        }
        return null;
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw new ProblemException(Problems.TooLarge(limit));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw new ProblemException(Problems.TooLarge(limit));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new ProblemException(Problems.BadRequest("The request body is empty.", "", "send a JSON object or a file"));
        return buffer.ToArray();
    }

    /// <summary>The emulator or service is down or unreachable: not the request's fault, worth retrying.</summary>
    public static bool IsStorageOutage(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is RequestFailedException { Status: 0 or >= 500 } || e is SocketException || e is HttpRequestException || e is TimeoutException)
                return true;
            if (e is TaskCanceledException && e.InnerException is TimeoutException) return true;
            if (e is AggregateException agg && agg.InnerExceptions.Any(IsStorageOutage)) return true;
        }
        return false;
    }
}
