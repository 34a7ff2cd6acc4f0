namespace Reporting.Http;

/// <summary>
/// Every route of the API, relative to <c>/api</c> (host.json's routePrefix; the server maps the same prefix).
/// Both hosts take their routes from here; tests hold the Functions app to these constants.
/// </summary>
public static class Routes
{
    public const string Prefix = "api";

    public const string Health = "health";
    public const string MemberStates = "member-states";
    public const string SectoralBodies = "sectoral-bodies";
    public const string Frameworks = "frameworks";
    public const string Framework = "frameworks/{frameworkId}";
    /// <summary>The cross-plan evaluation against a framework's key result areas, over the plans in the caller's scope.</summary>
    public const string Evaluation = "frameworks/{frameworkId}/evaluation";
    /// <summary>The evaluation report's versions (every plan serving the framework).</summary>
    public const string EvaluationReports = "frameworks/{frameworkId}/reports";
    public const string EvaluationReportFile = "frameworks/{frameworkId}/reports/{evaluationId}/{evaluationFile}";
    public const string Plans = "plans";
    public const string Plan = "plans/{planId}";
    public const string Window = "plans/{planId}/years/{year}/window";
    public const string Submissions = "plans/{planId}/years/{year}/submissions";
    public const string Submission = "plans/{planId}/years/{year}/submissions/{state}";
    public const string Submit = "plans/{planId}/years/{year}/submissions/{state}/submit";
    public const string Review = "plans/{planId}/years/{year}/submissions/{state}/review";
    public const string History = "plans/{planId}/years/{year}/submissions/{state}/history";
    public const string LockException = "plans/{planId}/years/{year}/submissions/{state}/lock-exception";
    /// <summary>One state's reports across every plan and year: what a focal point sees on arrival.</summary>
    public const string StateSubmissions = "states/{state}/submissions";
    public const string Template = "plans/{planId}/years/{year}/template";
    public const string Import = "plans/{planId}/years/{year}/submissions/{state}/import";
    public const string Summary = "plans/{planId}/summary";
    public const string Completeness = "plans/{planId}/completeness";
    public const string Pending = "plans/{planId}/pending";
    public const string RunAggregation = "jobs/aggregate-progress/run";
    public const string Reports = "plans/{planId}/reports";
    public const string ReportFile = "plans/{planId}/reports/{reportId}/{file}";
    /// <summary>Not under reports/{reportId}/, where {file} would also match "comments" (the Functions host does not rank literal segments first).</summary>
    public const string ReportComments = "plans/{planId}/comments/{reportId}";
    public const string Caller = "access/me";
    /// <summary>The signed-in focal point's own reports: asked alongside access/me at sign-in, so arrival takes one round trip.</summary>
    public const string MySubmissions = "access/me/submissions";
    public const string ApiKeys = "access/keys";
    public const string ApiKey = "access/keys/{keyId}";
    public const string Assignments = "access/assignments";
    public const string Assignment = "access/assignments/{principalId}/{assignmentId}";
    public const string OpenApi = "openapi.json";
    /// <summary>The web pages (web/dist); the standalone server also redirects its root here.</summary>
    public const string Page = "web/{*path}";
}
