using Newtonsoft.Json;

namespace Reporting.Http;

/// <summary>An RFC 9457 problem. <see cref="Code"/> is the typed reason a client can switch on.</summary>
public sealed record Problem
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public string? Detail { get; init; }
    public string? Code { get; init; }
    public IReadOnlyList<ProblemError>? Errors { get; init; }
    /// <summary>For uploaded files: each problem by sheet, row, column and indicator.</summary>
    public IReadOnlyList<object>? Cells { get; init; }
    [JsonIgnore] public int? RetryAfterSeconds { get; init; }
}

/// <summary>
/// One thing wrong with a request: a JSON Pointer into the body (or a parameter name) and a plain message. <see cref="Code"/>,
/// when given, is a stable reason (e.g. <c>required</c>, <c>exceeds-denominator</c>) a client can put in its own words and language.
/// </summary>
public sealed record ProblemError(string Pointer, string Message, string? Code = null);

/// <summary>Thrown anywhere below a handler to answer with a problem; nothing has been stored when it is thrown.</summary>
public sealed class ProblemException(Problem problem) : Exception(problem.Title)
{
    public Problem Problem { get; } = problem;
}

public static class Problems
{
    private const string TypeBase = "https://github.com/asean-reporting/problems/";

    public static Problem Create(int status, string code, string title, string? detail = null, IReadOnlyList<ProblemError>? errors = null) => new()
    {
        Type = TypeBase + code,
        Title = title,
        Status = status,
        Detail = detail,
        Code = code,
        Errors = errors is { Count: > 0 } ? errors : null,
    };

    public static Problem BadRequest(string title, string pointer, string message) =>
        Create(400, "bad-request", title, errors: [new ProblemError(pointer, message)]);

    public static Problem Validation(IReadOnlyList<ProblemError> errors, string title = "The request is not valid") =>
        Create(400, "validation", title, $"{errors.Count} problem(s) found; nothing was saved.", errors);

    public static Problem Unauthenticated(string detail) => Create(401, "unauthenticated", "Sign-in required", detail);

    public static Problem Forbidden(string detail) => Create(403, "forbidden", "Not allowed", detail);

    public static Problem NotFound(string detail) => Create(404, "not-found", "Not found", detail);

    public static Problem Conflict(string code, string title, string detail, IReadOnlyList<ProblemError>? errors = null) =>
        Create(409, code, title, detail, errors);

    public static Problem PreconditionFailed(string detail) => Create(412, "stale", "Someone else saved first", detail);

    public static Problem PreconditionRequired(string detail) => Create(428, "if-match-required", "If-Match header required", detail);

    public static Problem TooLarge(long limit) => Create(413, "too-large", "The request body is too large", $"The limit is {limit} bytes.");

    public static Problem UnsupportedMediaType() => Create(415, "unsupported-media-type", "Send JSON", "Use Content-Type: application/json.");

    public static Problem IdempotencyMismatch() => Create(422, "idempotency-key-reused",
        "Idempotency-Key already used for another request", "This Idempotency-Key was used before with a different request body. Use a new key for a new request.");

    // Honest about the case an outage leaves open (the fault suite sees it): a change can land just before the reply is lost.
    public static Problem StorageUnavailable() => Create(503, "storage-unavailable", "Storage is unavailable",
        "The data store did not answer, so this change may not have been saved. Reload to see what was saved, then try again; If-Match stops a change being applied twice.")
        with { RetryAfterSeconds = 5 };

    public static Problem ServerError() => Create(500, "server-error", "Unexpected server error",
        "The server failed while handling the request. Nothing was half-saved; the error was logged.");
}
