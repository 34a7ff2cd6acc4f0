using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Http;
using Reporting.Import;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.Reports;
using Reporting.Submissions;
using Reporting.Workflow;

namespace Reporting.OpenApi;

/// <summary>Who may call an endpoint, as the document and the README say it.</summary>
public enum Audience
{
    Anonymous,
    SignedIn,
    /// <summary>A focal point for its own state, or the secretariat for any state.</summary>
    OwnStateOrSecretariat,
    Secretariat,
    Admin,
}

/// <summary>A query parameter. <paramref name="Type"/> is a JSON Schema type name; <paramref name="Values"/> closes a string to a list.</summary>
public sealed record QueryParameter(string Name, string Description, string Type = "string", IReadOnlyList<string>? Values = null);

/// <summary>One media type of a body. <paramref name="Schema"/> is the C# type the API reads or writes as JSON; null for a file.</summary>
public sealed record Content(string MediaType, Type? Schema = null);

/// <summary>A successful answer (2xx), or a non-problem answer such as the aggregation job's 409.</summary>
public sealed record Answer(int Status, string Description, params Content[] Contents);

/// <summary>What the document says about one endpoint; the route and verb come from <see cref="ApiEndpoints.All"/>.</summary>
public sealed record Operation
{
    public required string Summary { get; init; }
    public string? Description { get; init; }
    public required string Tag { get; init; }
    public required Audience Access { get; init; }
    public IReadOnlyList<QueryParameter> Query { get; init; } = [];
    /// <summary>The request body's media types; empty when the endpoint reads no body.</summary>
    public IReadOnlyList<Content> Body { get; init; } = [];
    public required IReadOnlyList<Answer> Answers { get; init; }
    /// <summary>Problem statuses beyond those every endpoint of its kind can give (401, 403, 404, 400, 413, 415, 422, 500, 503).</summary>
    public IReadOnlyList<int> Problems { get; init; } = [];
    /// <summary>Takes If-Match (the ETag of the last read) to change an existing resource.</summary>
    public bool IfMatch { get; init; }
    /// <summary>Its 2xx answers carry an ETag.</summary>
    public bool ETag { get; init; }
}

/// <summary>A path parameter of the routes in <see cref="Routes"/>.</summary>
public sealed record PathParameter(string Description, string Type = "string", string? Pattern = null, IReadOnlyList<string>? Values = null);

/// <summary>
/// The one place that describes each endpoint for the OpenAPI document, keyed by <see cref="ApiEndpoint.Name"/>.
/// Routes and verbs are not repeated here: the document takes them from <see cref="ApiEndpoints.All"/>, and
/// OpenApiTests fail when an endpoint has no entry here or an entry names no endpoint.
/// </summary>
public static class OpenApiCatalog
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Csv = "text/csv";

    private static readonly QueryParameter Year = new("year", "A four-digit year inside the plan; without it, the whole plan to date.", "integer");

    public static readonly IReadOnlyDictionary<string, PathParameter> PathParameters = new Dictionary<string, PathParameter>
    {
        ["planId"] = new("The plan's id, e.g. somswd-2021-2025."),
        ["year"] = new("A four-digit year inside the plan, not in the future, e.g. 2024.", "integer"),
        ["state"] = new("The member state's ISO 3166-1 alpha-3 code, e.g. THA.", Pattern: "^[A-Z]{3}$"),
        ["reportId"] = new("A report version's id from GET reports, e.g. annual-2024.20261123T031500Z-ab12cd34.", Pattern: ReportStore.ReportIdPattern().ToString()),
        ["file"] = new("A file of the report version.", Values: [.. ReportStore.Files.Keys]),
        ["keyId"] = new("The key's id (the 16 hex digits after rk_)."),
        ["path"] = new("A file of the web pages, e.g. assets/index-1a2b3c.js; empty for index.html."),
    };

    public static readonly IReadOnlyDictionary<string, Operation> Operations = new Dictionary<string, Operation>
    {
        [nameof(HealthEndpoints.GetHealth)] = new()
        {
            Summary = "Liveness with a storage round trip", Tag = "Service", Access = Audience.Anonymous,
            Description = "Answers 503 when storage does not answer, so a probe sees an outage.",
            Answers = [new(200, "The service and its storage answer.", new Content(Json, typeof(HealthEndpoints.HealthStatus)))],
        },
        [nameof(OpenApiEndpoints.GetOpenApiDocument)] = new()
        {
            Summary = "This OpenAPI 3.1 document", Tag = "Service", Access = Audience.Anonymous,
            Description = "Generated from the endpoint table the hosts map, so it lists exactly the endpoints that exist.",
            Answers = [new(200, "The OpenAPI document.", new Content(Json))],
        },
        [nameof(Web.PageEndpoints.GetPage)] = new()
        {
            Summary = "The web pages for focal points and the secretariat", Tag = "Service", Access = Audience.Anonymous,
            Description = "Static files (HTML, JS, CSS) with a strict Content-Security-Policy; they hold no data and call this API like any client.",
            Answers = [new(200, "A page or one of its files.", new Content("text/html"))],
        },
        [nameof(CallerEndpoints.GetCaller)] = new()
        {
            Summary = "Who the API takes the caller to be", Tag = "Access", Access = Audience.SignedIn,
            Description = "Role, member state (focal points) and name of the API key or signed-in account; the web pages ask this after sign-in.",
            Answers = [new(200, "The caller.", new Content(Json, typeof(CallerEndpoints.CallerView)))],
        },
        [nameof(MemberStateEndpoints.ListMemberStates)] = new()
        {
            Summary = "ASEAN member states with membership dates", Tag = "Reference data", Access = Audience.SignedIn,
            Query = [new("year", "Only the states that may report for this year (members during it).", "integer")],
            Answers = [new(200, "The member states.", new Content(Json, typeof(List<MemberStateEndpoints.MemberStateView>)))],
        },
        [nameof(PlanEndpoints.ListPlans)] = new()
        {
            Summary = "Work plans (current versions)", Tag = "Plans", Access = Audience.SignedIn,
            Answers = [new(200, "The plans.", new Content(Json, typeof(List<PlanStore.PlanSummary>)))],
        },
        [nameof(PlanEndpoints.GetPlan)] = new()
        {
            Summary = "A work plan's results framework", Tag = "Plans", Access = Audience.SignedIn, ETag = true,
            Query = [new("version", "A past version (1 or more); without it, the current one.", "integer")],
            Answers = [new(200, "The plan.", new Content(Json, typeof(WorkPlan)))],
        },
        [nameof(PlanEndpoints.PutPlan)] = new()
        {
            Summary = "Create a plan, or upload its next version", Tag = "Plans", Access = Audience.Admin, IfMatch = true, ETag = true,
            Description = "A version may not drop an indicator that has submissions or change its kind (409 indicators-in-use). "
                + "minimumCoverage (plan, or one indicator) is the share of the expected states, above 0 and at most 1, that must be counted before progress is judged; "
                + "without it, two thirds.",
            Body = [new(Json, typeof(WorkPlan))],
            Answers = [new(201, "The plan was created (version 1).", new Content(Json, typeof(WorkPlan))), new(200, "The next version was saved.", new Content(Json, typeof(WorkPlan)))],
            Problems = [409, 412],
        },
        [nameof(WindowEndpoints.GetWindow)] = new()
        {
            Summary = "A plan-year's reporting window", Tag = "Windows", Access = Audience.SignedIn,
            Answers = [new(200, "The window; with none set, the year is open with no due date.", new Content(Json, typeof(WindowEndpoints.WindowView)))],
        },
        [nameof(WindowEndpoints.PutWindow)] = new()
        {
            Summary = "Set a plan-year's reporting window", Tag = "Windows", Access = Audience.Secretariat,
            Body = [new(Json, typeof(WindowEndpoints.WindowInput))],
            Answers = [new(200, "The window as set.", new Content(Json, typeof(WindowEndpoints.WindowView)))],
        },
        [nameof(SubmissionEndpoints.ListSubmissions)] = new()
        {
            Summary = "Submission status per state for a plan-year", Tag = "Submissions", Access = Audience.SignedIn,
            Description = "The secretariat sees every state that may report that year; a focal point only its own.",
            Answers = [new(200, "One row per state.", new Content(Json, typeof(SubmissionEndpoints.SubmissionList)))],
        },
        [nameof(SubmissionEndpoints.GetSubmission)] = new()
        {
            Summary = "A state's submission", Tag = "Submissions", Access = Audience.OwnStateOrSecretariat, ETag = true,
            Answers = [new(200, "The submission.", new Content(Json, typeof(Submission)))],
        },
        [nameof(SubmissionEndpoints.PutSubmission)] = new()
        {
            Summary = "Create or replace a state's draft", Tag = "Submissions", Access = Audience.OwnStateOrSecretariat, IfMatch = true, ETag = true,
            Description = "Changing an existing submission needs If-Match (428 without it, 412 when someone saved first). "
                + "Only drafts and returned submissions can change (409 with code accepted, under-review, window-locked, window-not-open or plan-closed).",
            Body = [new(Json, typeof(SubmissionInput))],
            Answers = [new(201, "The draft was created.", new Content(Json, typeof(Submission))), new(200, "The draft was updated.", new Content(Json, typeof(Submission)))],
            Problems = [409, 412, 428],
        },
        [nameof(SubmissionEndpoints.SubmitSubmission)] = new()
        {
            Summary = "Submit a draft for review", Tag = "Submissions", Access = Audience.OwnStateOrSecretariat, IfMatch = true, ETag = true,
            Answers = [new(200, "The submission, now submitted.", new Content(Json, typeof(Submission)))],
            Problems = [409, 412, 428],
        },
        [nameof(SubmissionEndpoints.ReviewSubmission)] = new()
        {
            Summary = "Accept or return a submitted report", Tag = "Submissions", Access = Audience.Secretariat, IfMatch = true, ETag = true,
            Description = "decision is \"accept\" or \"return\"; a return needs a comment saying what to change.",
            Body = [new(Json, typeof(SubmissionEndpoints.ReviewInput))],
            Answers = [new(200, "The reviewed submission.", new Content(Json, typeof(Submission)))],
            Problems = [409, 412, 428],
        },
        [nameof(SubmissionEndpoints.GetSubmissionHistory)] = new()
        {
            Summary = "Every change to a submission", Tag = "Submissions", Access = Audience.OwnStateOrSecretariat,
            Answers = [new(200, "The history, oldest first.", new Content(Json, typeof(SubmissionEndpoints.SubmissionHistory)))],
        },
        [nameof(SubmissionEndpoints.GrantLockException)] = new()
        {
            Summary = "Let a state write after the window locked", Tag = "Submissions", Access = Audience.Secretariat,
            Body = [new(Json, typeof(SubmissionEndpoints.LockExceptionInput))],
            Answers = [new(201, "The exception, recorded in the history.", new Content(Json, typeof(SubmissionEndpoints.LockExceptionGranted)))],
        },
        [nameof(SpreadsheetEndpoints.GetTemplate)] = new()
        {
            Summary = "The XLSX template for a plan, year and state", Tag = "Spreadsheets", Access = Audience.OwnStateOrSecretariat,
            Description = "One row per indicator with input cells validated for its kind, an Activities sheet, an Overall sheet and instructions; a saved draft's values are filled in.",
            Query = [new("state", "The member state (ISO alpha-3); a focal point's own state by default, required for the secretariat.")],
            Answers = [new(200, "The workbook.", new Content(Xlsx))],
        },
        [nameof(SpreadsheetEndpoints.ImportSubmission)] = new()
        {
            Summary = "Import a filled template, its Indicators table as CSV, or the PUT body as JSON", Tag = "Spreadsheets",
            Access = Audience.OwnStateOrSecretariat, IfMatch = true, ETag = true,
            Description = "dryRun=true (the default) validates and answers what would change and every problem by sheet, row, column and indicator, writing nothing. "
                + "dryRun=false imports all or nothing through the same rules as PUT (If-Match, or replaceDraft=true) and records the receipt in the history.",
            Query =
            [
                new("dryRun", "true (default): validate and report only; false: import.", "boolean"),
                new("replaceDraft", "true: replace the current draft without If-Match.", "boolean"),
            ],
            Body = [new(Xlsx), new(Csv), new(Json, typeof(SubmissionInput))],
            Answers =
            [
                new(200, "Dry run: what would change, and the problems found. Real run: the receipt of an update.", new Content(Json, typeof(ImportReceipt))),
                new(201, "Real run that created the submission: the receipt.", new Content(Json, typeof(ImportReceipt))),
            ],
            Problems = [409, 412, 428],
        },
        [nameof(SummaryEndpoints.GetSummary)] = new()
        {
            Summary = "Aggregated progress of a plan", Tag = "Aggregation", Access = Audience.SignedIn,
            Description = "Focal points get the official regional figures (with what they rest on) and their own state, and no other state's code anywhere. "
                + "format= wins over the Accept header; JSON by default. CSV is one table (view=) as UTF-8 with BOM; XLSX has every table as a sheet plus About. "
                + "view=narratives lists the narratives of every counted report (state, year, status, indicator, text); statuses and kinds are words in CSV and XLSX.\n\n"
                + "Coverage: every figure has coverage (and the official figure officialCoverage): counted = expected states whose figure is in it, expected, "
                + "missing (their codes), voluntary (states reporting voluntarily: in the value, never in counted), provisional (counted figures awaiting review), "
                + "years, and text (\"from 3 of 10 states\"). A figure summed over years rests on every expected state-year so far.\n\n"
                + "progress.status is one of: achieved (share ≥ 1), onTrack (share ≥ 90% of the straight line from baseline to target), atRisk (≥ 60%), offTrack (below), "
                + "notEnoughReports (fewer expected states counted than the plan's minimum coverage, two thirds unless the plan or indicator sets minimumCoverage: "
                + "no share is given, coverage and needed say why), noData (nothing reported), noTarget (the plan gives no target), narrative (nothing to measure). "
                + "Judgements are withheld below the minimum for every rule: a missing state is never a zero, so a sum or a count of yes over the states that reported "
                + "is a floor and a mean or weighted mean describes those states only. "
                + "byState[].status is accepted or submitted (awaiting review, provisional); gaps.indicators[].status is offTrack, notEnoughReports or noData.",
            Query =
            [
                Year,
                new("format", "json (default), csv or xlsx.", Values: ["json", "csv", "xlsx"]),
                new("view", "The table for CSV.", Values: [.. SummaryExport.Views]),
            ],
            Answers = [new(200, "The summary.", new Content(Json, typeof(Summary)), new Content(Csv), new Content(Xlsx))],
        },
        [nameof(SummaryEndpoints.GetCompleteness)] = new()
        {
            Summary = "Who reported, per year", Tag = "Aggregation", Access = Audience.SignedIn,
            Description = "Every year of the plan so far, a year nobody reported included (all missing). The counts add up over the states expected that year: "
                + "reported + missingCount = expected, accepted + awaitingReview + returned = reported; a state reporting voluntarily is counted apart "
                + "(voluntary, voluntaryReports, voluntaryCount; a voluntary report's status is submitted, accepted or returned). "
                + "A focal point gets every count but no other state's code (missing, late and voluntary list only its own).",
            Query = [Year],
            Answers = [new(200, "Completeness per year, judged now.", new Content(Json, typeof(SummaryEndpoints.CompletenessReport)))],
        },
        [nameof(SummaryEndpoints.GetPending)] = new()
        {
            Summary = "States that have not submitted yet", Tag = "Aggregation", Access = Audience.SignedIn,
            Description = "status is notStarted, draft or returned. A focal point sees only its own state.",
            Query = [new("year", "A four-digit year inside the plan; without it, the current year (or the plan's last).", "integer")],
            Answers = [new(200, "The states still to submit, with due and lock dates.", new Content(Json, typeof(SummaryEndpoints.PendingReport)))],
        },
        [nameof(SummaryEndpoints.RunAggregation)] = new()
        {
            Summary = "Run the aggregation job now", Tag = "Aggregation", Access = Audience.Secretariat,
            Query = [new("full", "true: rebuild every plan-year, not only the changed ones.", "boolean")],
            Answers =
            [
                new(200, "The run.", new Content(Json, typeof(AggregationRun))),
                new(409, "Another run holds the lease; nothing was done.", new Content(Json, typeof(AggregationRun))),
            ],
        },
        [nameof(ReportEndpoints.CreateReport)] = new()
        {
            Summary = "Generate an annual or end-of-plan report now", Tag = "Reports", Access = Audience.Secretariat,
            Body = [new(Json, typeof(ReportEndpoints.ReportRequest))],
            Answers =
            [
                new(202, "A new version was written.", new Content(Json, typeof(ReportEndpoints.ReportCreated))),
                new(200, "Nothing changed since the latest version; nothing was written.", new Content(Json, typeof(ReportEndpoints.ReportCreated))),
            ],
        },
        [nameof(ReportEndpoints.ListReports)] = new()
        {
            Summary = "Report versions, newest first", Tag = "Reports", Access = Audience.SignedIn,
            Description = "The secretariat sees every version; focal points final reports only.",
            Answers = [new(200, "The versions.", new Content(Json, typeof(List<ReportEndpoints.ReportListItem>)))],
        },
        [nameof(ReportEndpoints.GetReportFile)] = new()
        {
            Summary = "A file of a report version", Tag = "Reports", Access = Audience.SignedIn,
            Description = "Focal points get 404 for interim versions.",
            Answers = [new(200, "The file.", [.. ReportStore.Files.Values.Select(t => t.Split(';')[0]).Distinct().Select(t => new Content(t))])],
        },
        [nameof(KeyEndpoints.ListApiKeys)] = new()
        {
            Summary = "API keys (never their secrets)", Tag = "Access", Access = Audience.Admin,
            Answers = [new(200, "The keys.", new Content(Json, typeof(List<ApiKeyStore.KeyInfo>)))],
        },
        [nameof(KeyEndpoints.CreateApiKey)] = new()
        {
            Summary = "Issue an API key", Tag = "Access", Access = Audience.Admin,
            Description = "The key is shown once in the answer; only its hash is stored.",
            Body = [new(Json, typeof(KeyEndpoints.KeyInput))],
            Answers = [new(201, "The new key.", new Content(Json, typeof(ApiKeyStore.IssuedKey)))],
        },
        [nameof(KeyEndpoints.RevokeApiKey)] = new()
        {
            Summary = "Revoke an API key", Tag = "Access", Access = Audience.Admin,
            Answers = [new(204, "Revoked.")],
        },
    };

    /// <summary>The JSON types the catalog names, plus the problem shape: every schema the document needs.</summary>
    public static IEnumerable<Type> SchemaTypes() =>
        Operations.Values
            .SelectMany(o => o.Body.Concat(o.Answers.SelectMany(a => a.Contents)))
            .Select(c => c.Schema)
            .OfType<Type>()
            .Append(typeof(Problem))
            .Distinct();
}
