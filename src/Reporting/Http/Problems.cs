using Newtonsoft.Json;
using Reporting.Import;
using Reporting.OpenApi;
using Reporting.Workflow;

namespace Reporting.Http;

/// <summary>An RFC 9457 problem. <see cref="Code"/> is the typed reason a client can switch on.</summary>
public sealed record Problem
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public string? Detail { get; init; }
    /// <summary>One of <see cref="ProblemCodes"/> or the workflow's reasons: the OpenAPI document lists them as an enum.</summary>
    [OneOfConstants(typeof(ProblemCodes), typeof(SubmissionWorkflow.Reasons))]
    public required string Code { get; init; }
    public IReadOnlyList<ProblemError>? Errors { get; init; }
    /// <summary>For uploaded files: each problem by sheet, row, column and indicator.</summary>
    public IReadOnlyList<CellProblem>? Cells { get; init; }
    [JsonIgnore] public int? RetryAfterSeconds { get; init; }
    /// <summary>For 405: the methods the path has (the Allow header).</summary>
    [JsonIgnore] public string? Allow { get; init; }
}

/// <summary>
/// One thing wrong with a request: a JSON Pointer into the body (or a parameter name) and a plain message. <see cref="Code"/>,
/// when given, is a stable reason (e.g. <c>required</c>, <c>exceeds-denominator</c>) a client can put in its own words and language.
/// </summary>
public sealed record ProblemError(string Pointer, string Message, string? Code = null);

/// <summary>
/// Every problem code the API answers with besides the workflow's reasons (<see cref="SubmissionWorkflow.Reasons"/>).
/// The OpenAPI document's Problem.code enum is read from these constants, and a test fails when code passes a
/// code to <see cref="Problems"/> that is not here: add a new code here, not only at the call.
/// </summary>
public static class ProblemCodes
{
    public const string BadRequest = "bad-request";
    public const string Validation = "validation";
    public const string BadFile = "bad-file";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string VersionConflict = "version-conflict";
    public const string IndicatorsInUse = "indicators-in-use";
    public const string ConcurrentChange = "concurrent-change";
    public const string AlreadyDone = "already-done";
    public const string Stale = "stale";
    public const string TooLarge = "too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string IfMatchRequired = "if-match-required";
    public const string ClientClosed = "client-closed";
    public const string ServerError = "server-error";
    public const string StorageUnavailable = "storage-unavailable";
    public const string Busy = "busy";
    public const string OwnKey = "own-key";
    public const string SectoralBodyFixed = "sectoral-body-fixed";
    public const string OtherState = "other-state";

    public static readonly IReadOnlyList<string> All = OneOfConstantsAttribute.ValuesOf([typeof(ProblemCodes), typeof(SubmissionWorkflow.Reasons)]);
}

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
        Create(400, ProblemCodes.BadRequest, title, errors: [new ProblemError(pointer, message)]);

    public static Problem Validation(IReadOnlyList<ProblemError> errors, string title = "The request is not valid") =>
        Create(400, ProblemCodes.Validation, title, $"{errors.Count} problem(s) found; nothing was saved.", errors);

    public static Problem Unauthenticated(string detail) => Create(401, ProblemCodes.Unauthenticated, "Sign-in required", detail);

    public static Problem Forbidden(string detail) => Create(403, ProblemCodes.Forbidden, "Not allowed", detail);

    public static Problem NotFound(string detail) => Create(404, ProblemCodes.NotFound, "Not found", detail);

    /// <summary>A known path asked with a method it does not have (the standalone server; in Azure the platform answers 404 itself).</summary>
    public static Problem MethodNotAllowed(string method, string path, IReadOnlyList<string> allowed) =>
        Create(405, ProblemCodes.MethodNotAllowed, "Method not allowed", $"{path} does not take {method}; it takes {string.Join(", ", allowed)}.")
            with { Allow = string.Join(", ", allowed) };

    public static Problem Conflict(string code, string title, string detail, IReadOnlyList<ProblemError>? errors = null) =>
        Create(409, code, title, detail, errors);

    public static Problem PreconditionFailed(string detail) => Create(412, ProblemCodes.Stale, "Someone else saved first", detail);

    public static Problem PreconditionRequired(string detail) => Create(428, ProblemCodes.IfMatchRequired, "If-Match header required", detail);

    public static Problem TooLarge(long limit) => Create(413, ProblemCodes.TooLarge, "The request body is too large", $"The limit is {limit} bytes.");

    public static Problem UnsupportedMediaType() => Create(415, ProblemCodes.UnsupportedMediaType, "Send JSON", "Use Content-Type: application/json.");

    public static Problem IdempotencyMismatch() => Create(422, ProblemCodes.IdempotencyKeyReused,
        "Idempotency-Key already used for another request", "This Idempotency-Key was used before with a different request body. Use a new key for a new request.");

    // Honest about the case an outage leaves open (the fault suite sees it): a change can land just before the reply is lost.
    public static Problem StorageUnavailable() => Create(503, ProblemCodes.StorageUnavailable, "Storage is unavailable",
        "The data store did not answer, so this change may not have been saved. Reload to see what was saved, then try again; If-Match stops a change being applied twice.")
        with { RetryAfterSeconds = 5 };

    public static Problem ServerError() => Create(500, ProblemCodes.ServerError, "Unexpected server error",
        "The server failed while handling the request. Nothing was half-saved; the error was logged.");
}
