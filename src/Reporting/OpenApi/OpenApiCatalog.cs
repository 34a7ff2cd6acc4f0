using System.ComponentModel.DataAnnotations;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Evaluation;
using Reporting.Frameworks;
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
    /// <summary>The secretariat desk of the plan's sectoral body (or an admin).</summary>
    Secretariat,
    Admin,
    /// <summary>The consultation on reports: the plan's observers (civil society) and its secretariat desk.</summary>
    ObserverOrSecretariat,
    /// <summary>The secretariat of every plan (administrators, and desks whose scope is all plans): reports that cross sectoral bodies.</summary>
    EverySecretariat,
}

/// <summary>A query parameter. <paramref name="Type"/> is a JSON Schema type name; <paramref name="Values"/> closes a string to a list.</summary>
public sealed record QueryParameter(string Name, string Description, string Type = "string", IReadOnlyList<string>? Values = null)
{
    public int? Minimum { get; init; }
    public int? Maximum { get; init; }
    public string? Pattern { get; init; }
    /// <summary>A value that works against the sample data (the property suite starts from it).</summary>
    public string? Example { get; init; }
}

/// <summary>One media type of a body. <paramref name="Schema"/> is the C# type the API reads or writes as JSON; null for a file.</summary>
public sealed record Content(string MediaType, Type? Schema = null);

/// <summary>A request header an endpoint reads (beyond If-Match and Idempotency-Key), or a header its 2xx answers carry.</summary>
public sealed record Header(string Name, string Description, IReadOnlyList<string>? Values = null);

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
    /// <summary>What a problem status means for this endpoint, where the general words would not say it.</summary>
    public IReadOnlyDictionary<int, string> ProblemNotes { get; init; } = new Dictionary<int, string>();
    /// <summary>Serves without looking at credentials at all (static files): an invalid key is not refused.</summary>
    public bool IgnoresCredentials { get; init; }
    /// <summary>Its answer holds a secret shown once: an Idempotency-Key replay answers 409 already-done instead of repeating it.</summary>
    public bool SecretOnce { get; init; }
    /// <summary>Takes If-Match (the ETag of the last read) to change an existing resource.</summary>
    public bool IfMatch { get; init; }
    /// <summary>Its 2xx answers carry an ETag.</summary>
    public bool ETag { get; init; }
    /// <summary>The browser may keep the answer: If-None-Match with its ETag gets 304 without a body while it is unchanged.</summary>
    public bool Revalidates { get; init; }
    public IReadOnlyList<Header> RequestHeaders { get; init; } = [];
    /// <summary>Headers of its 2xx answers besides the ETag.</summary>
    public IReadOnlyList<Header> AnswerHeaders { get; init; } = [];
}

/// <summary>A path parameter of the routes in <see cref="Routes"/>.</summary>
public sealed record PathParameter(string Description, string Type = "string", string? Pattern = null, IReadOnlyList<string>? Values = null)
{
    public int? Minimum { get; init; }
    public int? Maximum { get; init; }
    /// <summary>A value that works against the sample data (the property suite sends it).</summary>
    public string? Example { get; init; }
}

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

    /// <summary>A year is four digits (1000-9999) in every parameter; the plan's own years are checked against the plan (400).</summary>
    private static QueryParameter PlanYear(string description) => new("year", description, "integer") { Minimum = 1000, Maximum = 9999, Example = "2024" };

    private static readonly QueryParameter Year = PlanYear("A four-digit year inside the plan, not in the future; without it, the whole plan to date.");

    public const string IsoAlpha3 = "^[A-Z]{3}$";

    public static readonly IReadOnlyDictionary<string, PathParameter> PathParameters = new Dictionary<string, PathParameter>
    {
        ["planId"] = new("The plan's id, e.g. somswd-2021-2025.", Pattern: PlanValidator.PlanIdPattern().ToString()) { Example = "somswd-2021-2025" },
        ["frameworkId"] = new("A framework's id from GET frameworks, e.g. ascc-blueprint-2025.", Pattern: FrameworkValidator.IdPattern().ToString()) { Example = "ascc-blueprint-2025" },
        ["year"] = new("A four-digit year inside the plan, not in the future, e.g. 2024.", "integer") { Minimum = 1000, Maximum = 9999, Example = "2024" },
        ["state"] = new("The member state's ISO 3166-1 alpha-3 code, e.g. THA.", Pattern: IsoAlpha3) { Example = "THA" },
        ["reportId"] = new("A report version's id from GET reports, e.g. annual-2024.20261123T031500Z-ab12cd34.", Pattern: ReportStore.ReportIdPattern().ToString())
            { Example = "annual-2024.20261123T031500Z-ab12cd34" },
        ["file"] = new("A file of the report version.", Values: [.. ReportStore.Files.Keys]) { Example = ReportStore.Manifest },
        ["evaluationId"] = new("An evaluation report version's id from GET frameworks/{frameworkId}/reports, e.g. evaluation-2024.20261123T031500Z-ab12cd34.",
            Pattern: EvaluationReports.ReportIdPattern().ToString()) { Example = "evaluation-2024.20261123T031500Z-ab12cd34" },
        ["evaluationFile"] = new("A file of the evaluation report version.", Values: [.. EvaluationReports.Files.Keys]) { Example = ReportStore.Manifest },
        ["keyId"] = new("The key's id (the 16 hex digits after rk_).", Pattern: "^[0-9a-f]{16}$") { Example = "0123456789abcdef" },
        ["principalId"] = new("The person's Entra ID object id (a GUID, lowercase).", Pattern: AssignmentStore.PrincipalIdPattern) { Example = "3f2b6c1e-8d4a-4b7e-9c1a-2e5f6a7b8c9d" },
        ["assignmentId"] = new("The assignment's id (16 hex digits) from GET access/assignments.", Pattern: "^[0-9a-f]{16}$") { Example = "0123456789abcdef" },
        ["path"] = new("A file of the web pages, e.g. assets/index-1a2b3c.js; empty for index.html.") { Example = "index.html" },
    };

    /// <summary>The tags, in the order an integrator meets them, with what each groups.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["Service"] = "Health, this document and the web pages: no sign-in needed.",
        ["Access"] = "Who the caller is and what they may do; the assignments of people and the API keys administrators issue and revoke.",
        ["Reference data"] = "The ASEAN member states and the years each may or must report; the sectoral bodies plans belong to; community frameworks.",
        ["Plans"] = "Work plans and their results frameworks (goals, outcomes, indicators), with versions.",
        ["Windows"] = "When each plan-year's reporting opens, is due and locks.",
        ["Submissions"] = "A member state's annual report: draft, submit, review (accept or return), lock exceptions, history.",
        ["Spreadsheets"] = "Working offline: the XLSX template, and importing it (or CSV or JSON) with a dry run first.",
        ["Aggregation"] = "Regional figures, completeness and who is still to report; the aggregation job.",
        ["Evaluation"] = "The cross-plan evaluation against a community framework's key result areas (the ASCC Blueprint 2025), and its report versions.",
        ["Reports"] = "Annual and end-of-plan reports generated into storage, with their files, and the consultation on them (observers' comments, the secretariat's answers).",
    };

    /// <summary>
    /// Rules for members whose types live in files other work changes often (aggregation, reports): the same attributes
    /// a member could carry itself (see SchemaAnnotations.cs), keyed by type and C# member name.
    /// </summary>
    public static readonly IReadOnlyDictionary<(Type Type, string Member), Attribute[]> Members = new Dictionary<(Type, string), Attribute[]>
    {
        [(typeof(HealthEndpoints.HealthStatus), nameof(HealthEndpoints.HealthStatus.Status))] = [new AllowedValuesAttribute("ok")],
        [(typeof(HealthEndpoints.HealthStatus), nameof(HealthEndpoints.HealthStatus.Storage))] = [new AllowedValuesAttribute("ok")],
        [(typeof(CallerEndpoints.CallerView), nameof(CallerEndpoints.CallerView.Authentication))] = [new AllowedValuesAttribute("apiKey", "appServiceAuthentication")],
        [(typeof(CallerEndpoints.CallerView), nameof(CallerEndpoints.CallerView.State))] = [new PatternAttribute(IsoAlpha3, "THA")],
        [(typeof(MemberStateEndpoints.MemberStateView), nameof(MemberStateEndpoints.MemberStateView.Code))] = [new PatternAttribute(IsoAlpha3, "THA")],
        [(typeof(SubmissionEndpoints.SubmissionListRow), nameof(SubmissionEndpoints.SubmissionListRow.Status))] = [new AllowedValuesAttribute("notStarted", "draft", "submitted", "accepted", "returned")],
        [(typeof(SubmissionEndpoints.StateSubmission), nameof(SubmissionEndpoints.StateSubmission.Status))] = [new AllowedValuesAttribute("notStarted", "draft", "submitted", "accepted", "returned")],
        [(typeof(SummaryEndpoints.PendingState), nameof(SummaryEndpoints.PendingState.Status))] = [new AllowedValuesAttribute("notStarted", "draft", "returned")],
        [(typeof(StateFigure), nameof(StateFigure.Status))] = [new AllowedValuesAttribute(StatusNames.NotSubmitted, "submitted", "accepted", "returned")],
        [(typeof(Progress), nameof(Progress.Status))] = [new AllowedValuesAttribute([.. Progress.Statuses])],
        [(typeof(GapIndicator), nameof(GapIndicator.Status))] = [new AllowedValuesAttribute("offTrack", "notEnoughReports", "noData")],
        [(typeof(ReportEndpoints.ReportListItem), nameof(ReportEndpoints.ReportListItem.Kind))] = [new OneOfConstantsAttribute(typeof(ReportKinds))],
        [(typeof(ReportEndpoints.ReportListItem), nameof(ReportEndpoints.ReportListItem.Status))] = [new AllowedValuesAttribute("interim", "final")],
        [(typeof(EvaluatedPlan), nameof(EvaluatedPlan.View))] = [new AllowedValuesAttribute("secretariat", "focalPoint", "observer")],
        [(typeof(KraEvaluation), nameof(KraEvaluation.Gaps))] = [new ItemsAttribute(new AllowedValuesAttribute("notServed", "offTrack", "notEnoughReports", "noTarget", "noData", "unconfirmed"))],
        [(typeof(KraActivity), nameof(KraActivity.Basis))] = [new AllowedValuesAttribute("named", "outcome")],
        [(typeof(EvaluationGap), nameof(EvaluationGap.Status))] = [new AllowedValuesAttribute("offTrack", "notEnoughReports", "noTarget", "noData")],
        [(typeof(EvaluationEndpoints.EvaluationReportListItem), nameof(EvaluationEndpoints.EvaluationReportListItem.Status))] = [new AllowedValuesAttribute("interim", "final")],
        [(typeof(ImportReceipt), nameof(ImportReceipt.Format))] = [new AllowedValuesAttribute("json", "xlsx", "csv")],
        [(typeof(ImportChange), nameof(ImportChange.Action))] = [new AllowedValuesAttribute("created", "updated", "unchanged", "removed")],

        // A plan as PlanValidator checks it (links between codes and the plan's own years are checked there, 400).
        [(typeof(WorkPlan), nameof(WorkPlan.Id))] = [new RequiredAttribute(), new PatternAttribute(PlanValidator.PlanIdPattern().ToString(), "somswd-2021-2025")],
        [(typeof(WorkPlan), nameof(WorkPlan.Version))] = [new RangeAttribute(1, int.MaxValue)],
        [(typeof(WorkPlan), nameof(WorkPlan.Title))] = [new RequiredAttribute(), new TextAttribute { NotBlank = true }],
        [(typeof(WorkPlan), nameof(WorkPlan.SectoralBody))] = [new RequiredAttribute(), new TextAttribute { NotBlank = true }],
        [(typeof(WorkPlan), nameof(WorkPlan.FirstYear))] = [new RequiredAttribute(), new RangeAttribute(1967, 2100)],
        [(typeof(WorkPlan), nameof(WorkPlan.LastYear))] = [new RequiredAttribute(), new RangeAttribute(1967, 2120)],
        [(typeof(WorkPlan), nameof(WorkPlan.Disaggregations))] =
            [new KeysAttribute(PlanValidator.CodePatternText, "sex"), new ItemsAttribute(new MinLengthAttribute(2), new MaxLengthAttribute(12), new UniqueItemsAttribute(), new PatternAttribute(PlanValidator.CodePatternText, "female"))],
        [(typeof(WorkPlan), nameof(WorkPlan.Indicators))] = [new RequiredAttribute(), new MinLengthAttribute(1), new MaxLengthAttribute(PlanValidator.MaxIndicators)],
        [(typeof(Goal), nameof(Goal.Code))] = [new RequiredAttribute(), new PatternAttribute(PlanValidator.CodePatternText, "2.1")],
        [(typeof(Goal), nameof(Goal.Text))] = [new RequiredAttribute(), new TextAttribute { NotBlank = true }],
        [(typeof(Output), nameof(Output.Code))] = [new RequiredAttribute(), new PatternAttribute(PlanValidator.CodePatternText, "3.1.1")],
        [(typeof(Output), nameof(Output.Text))] = [new RequiredAttribute(), new TextAttribute { NotBlank = true }],
        [(typeof(Outcome), nameof(Outcome.Code))] = [new RequiredAttribute(), new PatternAttribute(PlanValidator.CodePatternText, "3.2.1")],
        [(typeof(Outcome), nameof(Outcome.Text))] = [new RequiredAttribute(), new TextAttribute { NotBlank = true }],
        [(typeof(Indicator), nameof(Indicator.Code))] = [new RequiredAttribute(), new PatternAttribute(PlanValidator.CodePatternText, "5.1.1")],
        [(typeof(Indicator), nameof(Indicator.Title))] = [new RequiredAttribute(), new TextAttribute { NotBlank = true }],
        [(typeof(Indicator), nameof(Indicator.Disaggregations))] = [new UniqueItemsAttribute()],
        [(typeof(Measure), nameof(Measure.Year))] = [new RequiredAttribute()],

        // What an assignment covers (keys and people): codes and ids of things that exist are checked against them (400).
        [(typeof(ScopeInput), nameof(ScopeInput.Bodies))] =
            [new MaxLengthAttribute(AssignmentRules.MaxScopeEntries), new UniqueItemsAttribute(), new ItemsAttribute(new PatternAttribute(AssignmentRules.BodyCodePattern, "SOMSWD"))],
        [(typeof(ScopeInput), nameof(ScopeInput.Plans))] =
            [new MaxLengthAttribute(AssignmentRules.MaxScopeEntries), new UniqueItemsAttribute(), new ItemsAttribute(new PatternAttribute(AssignmentRules.PlanIdPatternText, "somswd-2021-2025"))],
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
            Summary = "The web pages for focal points and the secretariat", Tag = "Service", Access = Audience.Anonymous, IgnoresCredentials = true,
            Description = "Static files (HTML, JS, CSS) with a strict Content-Security-Policy; they hold no data and call this API like any client.",
            Answers = [new(200, "A page or one of its files.", new Content("text/html")), new(304, "Not modified (If-None-Match matched the ETag).")],
        },
        [nameof(CallerEndpoints.GetCaller)] = new()
        {
            Summary = "Who the API takes the caller to be, and what they may do", Tag = "Access", Access = Audience.SignedIn,
            Description = "Strongest role, member state (focal points) and name of the API key or signed-in account; every assignment held "
                + "(role, state, scope of sectoral bodies or plans); and each plan in scope with what the caller may do in it. The web pages ask this after sign-in.",
            Answers = [new(200, "The caller.", new Content(Json, typeof(CallerEndpoints.CallerView)))],
        },
        [nameof(MemberStateEndpoints.ListMemberStates)] = new()
        {
            Summary = "ASEAN member states with membership dates", Tag = "Reference data", Access = Audience.SignedIn, ETag = true, Revalidates = true,
            Query = [new("year", "Only the states that may report for this year (members during it).", "integer") { Minimum = 1967, Maximum = 2100, Example = "2025" }],
            Answers = [new(200, "The member states.", new Content(Json, typeof(List<MemberStateEndpoints.MemberStateView>)))],
        },
        [nameof(SectoralBodies.SectoralBodyEndpoints.ListSectoralBodies)] = new()
        {
            Summary = "ASEAN sectoral bodies a plan can belong to", Tag = "Reference data", Access = Audience.SignedIn,
            Description = "From reference/sectoral-bodies.json: a plan's sectoralBody and an assignment's scope name these codes.",
            Answers = [new(200, "The sectoral bodies.", new Content(Json, typeof(List<SectoralBodies.SectoralBody>)))],
        },
        [nameof(FrameworkEndpoints.ListFrameworks)] = new()
        {
            Summary = "Community frameworks plans can serve (e.g. the ASCC Blueprint 2025)", Tag = "Reference data", Access = Audience.SignedIn, ETag = true, Revalidates = true,
            Description = "Reference data shipped with the service (reference/frameworks), one entry per framework; a successor is another entry naming "
                + "the one it supersedes. Counts say how many key result areas are listed, how many the source declares, and how many are unconfirmed.",
            Answers = [new(200, "The frameworks.", new Content(Json, typeof(List<FrameworkEndpoints.FrameworkSummary>)))],
        },
        [nameof(FrameworkEndpoints.GetFramework)] = new()
        {
            Summary = "A framework's characteristics, key result areas and strategic measures", Tag = "Reference data", Access = Audience.SignedIn, ETag = true, Revalidates = true,
            Description = "Every entry names the source it rests on; confirmed is false where no source confirmed a code or title (its note says what is missing).",
            Answers = [new(200, "The framework.", new Content(Json, typeof(Framework)))],
        },
        [nameof(EvaluationEndpoints.GetEvaluation)] = new()
        {
            Summary = "Evaluate the plans in scope against a framework's key result areas (SOMSWD Work Plan 5.4)", Tag = "Evaluation", Access = Audience.SignedIn,
            Description = "Per characteristic and key result area (KRA): the plans in the caller's scope that name the framework and run in the period, their "
                + "outcomes, outputs and indicators serving it (an indicator serves the KRAs it names and those its outcome and output serve; via says how, "
                + "mappingSource who states the link), each indicator's figure and progress exactly as the plan's summary states it to this caller "
                + "(plans[].summaryYear says which summary: a year, or absent for the plan to date), with coverage, notEnoughReports and provisional flags; "
                + "status counts; the activities that count toward it and their summed 1-3 importance scores (an activity counts toward the KRA it names, or, "
                + "naming none, toward every KRA its outcome serves; shown only for plans whose secretariat the caller is, as the summary does); and the gaps "
                + "(KRAs no plan in the evaluation serves; off-track, not judged or no-data indicators; KRAs whose code or title is not confirmed; KRAs the "
                + "framework declares but does not list).\n\n"
                + "Scope: only the plans in the caller's scope are evaluated, and nothing says whether others exist. Per plan, the caller's view of it: "
                + "the plan's secretariat sees every counted report (view secretariat); observers official figures only; focal points official regional "
                + "figures with no other state's code (as their summaries). Computed from the stored aggregates and the per-plan contributions the "
                + "aggregation job keeps beside them; no submission is read.\n\n"
                + "Without year, the framework's whole period: each plan to date, or, once a plan has run past the framework's last year, through that year. "
                + "format=csv gives one table (view=), format=xlsx every table and an About sheet.",
            Query =
            [
                new("year", "A four-digit year inside the framework's period, not in the future; without it, the framework's whole period.", "integer") { Minimum = 1000, Maximum = 9999, Example = "2024" },
                new("format", "json (default), csv or xlsx.", Values: ["json", "csv", "xlsx"]) { Example = "json" },
                new("view", "The table for CSV: kras (default), indicators, activities, gaps or plans.", Values: [.. EvaluationExport.Views]) { Example = "kras" },
            ],
            Answers = [new(200, "The evaluation.", new Content(Json, typeof(FrameworkEvaluation)), new Content(Csv), new Content(Xlsx))],
        },
        [nameof(EvaluationEndpoints.CreateEvaluationReport)] = new()
        {
            Summary = "Generate the evaluation report now (every plan serving the framework)", Tag = "Evaluation", Access = Audience.EverySecretariat,
            Description = "Writes report.html (prints to A4), data.json, evaluation.xlsx, evaluation.csv (the indicators table) and, last, manifest.json to a new "
                + "version folder; nothing is written when neither the data nor the generator changed (200). year: one year of the framework's period; "
                + "without it, the whole period. Interim while the period runs, a plan's window has not locked, or a figure is provisional.",
            Body = [new(Json, typeof(EvaluationEndpoints.EvaluationReportRequest))],
            Answers =
            [
                new(202, "A new version was written.", new Content(Json, typeof(EvaluationEndpoints.EvaluationReportCreated))),
                new(200, "Nothing changed since the latest version; nothing was written.", new Content(Json, typeof(EvaluationEndpoints.EvaluationReportCreated))),
            ],
        },
        [nameof(EvaluationEndpoints.ListEvaluationReports)] = new()
        {
            Summary = "Evaluation report versions, newest first", Tag = "Evaluation", Access = Audience.EverySecretariat,
            Description = "Every version of every year and of the whole period, interim ones included, with the plans each covers.",
            Answers = [new(200, "The versions.", new Content(Json, typeof(List<EvaluationEndpoints.EvaluationReportListItem>)))],
        },
        [nameof(EvaluationEndpoints.GetEvaluationReportFile)] = new()
        {
            Summary = "A file of an evaluation report version", Tag = "Evaluation", Access = Audience.EverySecretariat,
            Answers = [new(200, "The file.", [.. EvaluationReports.Files.Values.Select(t => t.Split(';')[0]).Distinct().Select(t => new Content(t))])],
            Problems = [400],
            ProblemNotes = new Dictionary<int, string> { [400] = "The report id or file name is not valid: errors names the parameter." },
        },
        [nameof(PlanEndpoints.ListPlans)] = new()
        {
            Summary = "Work plans (current versions) in the caller's scope", Tag = "Plans", Access = Audience.SignedIn, ETag = true, Revalidates = true,
            Answers = [new(200, "The plans.", new Content(Json, typeof(List<PlanStore.PlanSummary>)))],
        },
        [nameof(PlanEndpoints.GetPlan)] = new()
        {
            Summary = "A work plan's results framework", Tag = "Plans", Access = Audience.SignedIn, ETag = true, Revalidates = true,
            Description = "A plan outside the caller's scope answers 404, as one that does not exist. "
                + "With version, the answer never changes and may be kept for a year (Cache-Control: private, max-age=31536000, immutable); "
                + "without it, the browser keeps it and asks again each time (no-cache; 304 while the current version is the same).",
            Query = [new("version", "A past version (1 or more); without it, the current one.", "integer") { Minimum = 1, Example = "1" }],
            Answers = [new(200, "The plan.", new Content(Json, typeof(WorkPlan)))],
        },
        [nameof(PlanEndpoints.PutPlan)] = new()
        {
            Summary = "Create a plan, or upload its next version", Tag = "Plans", Access = Audience.Admin, IfMatch = true, ETag = true,
            Description = "sectoralBody must be a code from GET sectoral-bodies, and stays the plan's in later versions (409 sectoral-body-fixed). "
                + "A version may not drop an indicator that has submissions or change its kind (409 indicators-in-use). "
                + "framework names one of GET frameworks; every code in an output's, outcome's or indicator's serves must be one of its key result areas "
                + "(400 validation pointing at the array element, e.g. /outcomes/1/serves/0), with mappingSource saying who states the link. "
                + "Links are not submission data: a new version may change them freely. "
                + "minimumCoverage (plan, or one indicator) is the share of the expected states, above 0 and at most 1, that must be counted before progress is judged; "
                + "without it, two thirds.",
            Body = [new(Json, typeof(WorkPlan))],
            Answers = [new(201, "The plan was created (version 1).", new Content(Json, typeof(WorkPlan))), new(200, "The next version was saved.", new Content(Json, typeof(WorkPlan)))],
            Problems = [409, 412],
            ProblemNotes = new Dictionary<int, string>
            {
                [409] = "code version-conflict (the body's version is not the next one), indicators-in-use (the version would drop or re-kind an indicator that has data) "
                    + "or sectoral-body-fixed (the plan would move to another sectoral body).",
            },
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
            Description = "The plan's secretariat sees every state that may report that year; a focal point only its own; observers are refused (403).",
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
                + "Only drafts and returned submissions can change (409 with code accepted, under-review, window-locked, window-not-open or plan-closed). "
                + "Strict by default: any problem is 400 and nothing is stored. With Prefer: handling=lenient (RFC 7240) the valid parts are stored "
                + "and the answer (200/201, Preference-Applied: handling=lenient) lists in leftOut every entry it did not store, with its pointer and why; "
                + "a part is one indicator's figures, the overall narrative or one activity. A left-out indicator or narrative keeps what was stored before; "
                + "a left-out activity is not stored. The history line records what was left out. A body that is not a submission at all is still 400. "
                + "Submitting is always strict.",
            Body = [new(Json, typeof(SubmissionInput))],
            Answers = [new(201, "The draft was created.", new Content(Json, typeof(Submission))), new(200, "The draft was updated.", new Content(Json, typeof(Submission)))],
            RequestHeaders = [new("Prefer", "handling=lenient: store the valid parts and list the rest in leftOut instead of refusing the whole body (RFC 7240).", ["handling=lenient", "handling=strict"])],
            AnswerHeaders = [new("Preference-Applied", "handling=lenient when the save was lenient.", ["handling=lenient"])],
            Problems = [409, 412, 428],
            ProblemNotes = new Dictionary<int, string> { [409] = "The submission cannot change now: code accepted, under-review, window-locked, window-not-open, plan-closed or concurrent-change." },
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
        [nameof(SubmissionEndpoints.ListStateSubmissions)] = new()
        {
            Summary = "A state's reports across every plan and year", Tag = "Submissions", Access = Audience.OwnStateOrSecretariat,
            Description = "Every plan and year the state may report on so far, with status, due and lock dates, days left or overdue (judged now), "
                + "and the secretariat's comment on a returned report: what a focal point needs on arrival.",
            Answers = [new(200, "The state's reports.", new Content(Json, typeof(SubmissionEndpoints.StateSubmissions)))],
        },
        [nameof(SubmissionEndpoints.ListMySubmissions)] = new()
        {
            Summary = "The signed-in focal point's own reports across every plan and year", Tag = "Submissions", Access = Audience.SignedIn,
            Description = "What states/{state}/submissions gives for the caller's own state, without knowing it first: the web pages ask it "
                + "alongside access/me when a focal point signs in. Only focal points have reports of their own (403 for other roles).",
            Answers = [new(200, "The caller's state's reports.", new Content(Json, typeof(SubmissionEndpoints.StateSubmissions)))],
            Problems = [403],
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
            Problems = [409],
            ProblemNotes = new Dictionary<int, string> { [409] = "code concurrent-change: another change was recorded at the same moment; try again." },
        },
        [nameof(SpreadsheetEndpoints.GetTemplate)] = new()
        {
            Summary = "The XLSX template for a plan, year and state", Tag = "Spreadsheets", Access = Audience.OwnStateOrSecretariat,
            Description = "One row per indicator with input cells validated for its kind, an Activities sheet, an Overall sheet and instructions; a saved draft's values are filled in. "
                + "When the plan names a framework, the Activities sheet has a Key result area column (E) chosen from a 'Key result areas' sheet.",
            Query =
            [
                new("state", "The member state (ISO 3166-1 alpha-3). Required for the secretariat (400 without it); a focal point may leave it out "
                    + "(its own state is taken) and gets 403 for another state's.") { Pattern = IsoAlpha3, Example = "THA" },
            ],
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
                new("dryRun", "true (default): validate and report only; false: import.", "boolean") { Example = "true" },
                new("replaceDraft", "true: replace the current draft without If-Match.", "boolean") { Example = "false" },
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
            Description = "Focal points get the official regional figures (with what they rest on) and their own state, and no other state's code anywhere; "
                + "observers the official figures and accepted states only (scope observer). "
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
                new("format", "json (default), csv or xlsx.", Values: ["json", "csv", "xlsx"]) { Example = "json" },
                new("view", "The table for CSV.", Values: [.. SummaryExport.Views]) { Example = "regional" },
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
            Description = "status is notStarted, draft or returned. The plan's secretariat sees every state; a focal point only its own; observers are refused (403).",
            Query = [PlanYear("A four-digit year inside the plan, not in the future; without it, the current year (or the plan's last).")],
            Answers = [new(200, "The states still to submit, with due and lock dates.", new Content(Json, typeof(SummaryEndpoints.PendingReport)))],
        },
        [nameof(SummaryEndpoints.RunAggregation)] = new()
        {
            Summary = "Run the aggregation job now", Tag = "Aggregation", Access = Audience.Secretariat,
            Description = "A secretariat desk's run covers the plans of its scope only; an admin's covers every plan.",
            Query = [new("full", "true: rebuild every plan-year, not only the changed ones.", "boolean") { Example = "false" }],
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
            Description = "The plan's secretariat sees every version; focal points and observers final reports only. comments and unanswered count "
                + "the observers' comments the caller can see (an observer: their own).",
            Answers = [new(200, "The versions.", new Content(Json, typeof(List<ReportEndpoints.ReportListItem>)))],
        },
        [nameof(CommentEndpoints.ListReportComments)] = new()
        {
            Summary = "The consultation on a report version: observers' comments and the secretariat's answers", Tag = "Reports",
            Access = Audience.ObserverOrSecretariat,
            Description = "The plan's secretariat sees every comment; an observer their own comments and the answers to them. "
                + "Observers get 404 for interim versions; focal points are refused (403).",
            Answers = [new(200, "Oldest first, each comment followed by its answers.", new Content(Json, typeof(CommentEndpoints.Consultation)))],
        },
        [nameof(CommentEndpoints.PostReportComment)] = new()
        {
            Summary = "Comment on a final report (observers), or answer a comment (the secretariat)", Tag = "Reports",
            Access = Audience.ObserverOrSecretariat,
            Description = "text: up to 4,000 characters in any language and script. An observer leaves replyTo out; the secretariat names the "
                + "observer's comment it answers in replyTo. Stored with the report version, never changed.",
            Body = [new(Json, typeof(CommentEndpoints.CommentInput))],
            Answers = [new(201, "The comment, as stored.", new Content(Json, typeof(CommentEndpoints.CommentView)))],
        },
        [nameof(ReportEndpoints.GetReportFile)] = new()
        {
            Summary = "A file of a report version", Tag = "Reports", Access = Audience.SignedIn,
            Description = "Focal points and observers get 404 for interim versions.",
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
            Description = "The key carries one assignment: role, member state (focal point keys; other keys name none) and scope (sectoral bodies "
                + "or plans, or {\"all\": true}; admin keys are global and take none). The key is shown once in the answer; only its hash is stored.",
            Body = [new(Json, typeof(KeyEndpoints.KeyInput))],
            Answers = [new(201, "The new key.", new Content(Json, typeof(ApiKeyStore.IssuedKey)))],
            SecretOnce = true,
            Problems = [409],
            ProblemNotes = new Dictionary<int, string>
            {
                [409] = "code already-done: this Idempotency-Key was used before for the same request. The key was created then (Location names it); "
                    + "its secret is not shown again: if it was lost, revoke that key and create a new one.",
            },
        },
        [nameof(KeyEndpoints.RevokeApiKey)] = new()
        {
            Summary = "Revoke an API key", Tag = "Access", Access = Audience.Admin,
            Description = "A key cannot revoke itself (409 own-key): sign in with another admin key.",
            Answers = [new(204, "Revoked.")],
            Problems = [409],
        },
        [nameof(AssignmentEndpoints.ListAssignments)] = new()
        {
            Summary = "What each signed-in person may do (assignments), revoked ones included", Tag = "Access", Access = Audience.Admin,
            Answers = [new(200, "The assignments.", new Content(Json, typeof(List<AssignmentStore.StoredAssignment>)))],
        },
        [nameof(AssignmentEndpoints.CreateAssignment)] = new()
        {
            Summary = "Assign a person (by Entra object id) a role and a scope", Tag = "Access", Access = Audience.Admin,
            Description = "The person signs in with the app role Reporting.User; this says what they may do. A scope naming an unknown sectoral "
                + "body, plan or member state is refused (400); a second member state for a focal point is refused (409 other-state).",
            Body = [new(Json, typeof(AssignmentEndpoints.AssignmentInput))],
            Answers = [new(201, "The assignment.", new Content(Json, typeof(AssignmentStore.StoredAssignment)))],
            Problems = [409],
        },
        [nameof(AssignmentEndpoints.RevokeAssignment)] = new()
        {
            Summary = "Revoke an assignment (it stays listed, marked revoked)", Tag = "Access", Access = Audience.Admin,
            Answers = [new(204, "Revoked.")],
        },
    };

    /// <summary>The JSON types the catalog reads as bodies.</summary>
    public static IEnumerable<Type> InputTypes() =>
        Operations.Values.SelectMany(o => o.Body).Select(c => c.Schema).OfType<Type>().Select(ElementOrSelf).Distinct();

    /// <summary>The JSON types the catalog answers with, plus the problem shape.</summary>
    public static IEnumerable<Type> OutputTypes() =>
        Operations.Values.SelectMany(o => o.Answers.SelectMany(a => a.Contents)).Select(c => c.Schema).OfType<Type>().Select(ElementOrSelf)
            .Append(typeof(Problem)).Distinct();

    /// <summary>The element type of a list the catalog names (a JSON array of it), or the type itself.</summary>
    public static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(List<>) || d == typeof(IReadOnlyList<>) || d == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0]
            : null;

    private static Type ElementOrSelf(Type type) => ElementType(type) ?? type;
}
