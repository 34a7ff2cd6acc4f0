using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Access;
using Reporting.Http;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>
/// Every endpoint of <see cref="ApiEndpoints.All"/> x every kind of caller x the caller's own sectoral body or plan and
/// another body's plan, each cell a real request through the real server on Azurite, with valid parameters (year 2024,
/// state THA, a real report, comment, key and assignment), so the only variables are who calls and which plan. The
/// own plan is somswd-2021-2025 (body SOMSWD), the other informal-social-security-2024-2027 (body SLOM). Own and other
/// member state: the focal points of THA and VNM both ask about THA.
/// Besides each status, every cell checks that no successful answer holds data from outside the caller's scope (marked
/// drafts of other states and bodies, other observers' comments, the other body's plan), and that every refusal a caller
/// gets about the other body's plan is exactly the answer for a plan that does not exist.
/// The expectations are an explicit table keyed by endpoint name; an endpoint without a row fails.
/// </summary>
public sealed partial class AccessMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OwnPlan = Samples.Plan;
    private const string OtherPlan = Samples.OtherBodyPlan;
    private const string OtherPlanTitle = "Social protection for informal-sector workers";
    private const string MissingPlan = "no-such-plan-anywhere";
    private const int Year = 2024;
    private const string Same = "THA";
    private const string Other = "VNM";

    // Text that marks where data came from: a caller's successful answers may hold only the marks its scope allows.
    private const string MarkOwnTha = "MARK-SOMSWD-THA-DRAFT";
    private const string MarkOwnVnm = "MARK-SOMSWD-VNM-DRAFT";
    private const string MarkOtherTha = "MARK-SLOM-THA-DRAFT";
    private const string MarkComment = "MARK-OBSERVER-COMMENT";
    private const string MarkAnswer = "MARK-SECRETARIAT-ANSWER";
    private const string MarkOtherComment = "MARK-SLOM-OBSERVER-COMMENT";
    private static readonly string[] AllMarks = [MarkOwnTha, MarkOwnVnm, MarkOtherTha, MarkComment, MarkAnswer, MarkOtherComment];

    /// <summary>A kind of caller: how it authenticates, and what it may see.</summary>
    private sealed record Column(string Name, bool ScopedToOwnBody, string[] Marks);

    // The callers, in the column order of Expected. "Scoped" callers hold assignments to SOMSWD (its body, or the plan) only.
    private static readonly Column[] Callers =
    [
        new("anonymous", true, []),
        new("revoked-key", true, []),             // an admin key, revoked
        new("expired-key", true, []),             // an admin key, expired
        new("forged-principal", true, []),        // Reporting.Admin, but the id header and the token's object id disagree
        new("focal-THA", true, [MarkOwnTha]),     // key: focal point THA, bodies [SOMSWD]
        new("focal-VNM", true, [MarkOwnVnm]),     // key: focal point VNM, bodies [SOMSWD] (another state)
        new("desk", true, [MarkOwnTha, MarkOwnVnm, MarkComment, MarkAnswer]), // key: secretariat, bodies [SOMSWD]
        new("observer", true, [MarkComment, MarkAnswer]), // key: observer, plans [somswd-2021-2025]
        new("observer-2", true, []),              // key: observer, bodies [SOMSWD]; not the author of the comment
        new("legacy-desk", false, AllMarks),      // a secretariat key row written in the shape of before scopes: every plan
        new("legacy-THA", false, [MarkOwnTha, MarkOtherTha]), // a focal point THA key row of before scopes
        new("admin", false, AllMarks),            // the bootstrap admin key: global
        new("person-desk", true, [MarkOwnTha, MarkOwnVnm, MarkComment, MarkAnswer]), // Reporting.User + assignment: secretariat, SOMSWD
        new("person-observer", true, []),         // Reporting.User + assignment: observer, bodies [SOMSWD]
        new("person-unassigned", true, []),       // Reporting.User, no assignment
        new("person-revoked", true, []),          // Reporting.User, assignment revoked
        new("person-expired", true, []),          // Reporting.User, assignment expired
        new("role-THA", false, [MarkOwnTha, MarkOtherTha]), // the older app role Reporting.FocalPoint.THA: every plan
    ];

    // One entry per column: "2xx" or a status for both plans, or "own/other". 2xx = allowed and served; 401/403/404 = refused.
    // Plan-less endpoints are called once per caller and have single entries. A bad credential is refused even where anonymous
    // callers are welcome; a signed-in person with no live assignment is refused (403) everywhere anonymous callers are not.
    private const string Refused = "401 401 401 401";
    private const string Unassigned = "403 403 403";

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        //                        anon rev exp forged | fTHA  fVNM  desk   obs      obs2     | legDesk legTHA admin | pDesk  pObs     | pNone pRev pExp | roleTHA
        ["GetHealth"] = "2xx 401 401 401            2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       2xx 2xx 2xx 2xx",
        ["GetOpenApiDocument"] = "2xx 401 401 401   2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       2xx 2xx 2xx 2xx",
        // Static files with no data and no credential check: whatever the caller sends, the same public bytes.
        ["GetPage"] = "2xx 2xx 2xx 2xx              2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       2xx 2xx 2xx 2xx",
        ["ListMemberStates"] = $"{Refused}          2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       {Unassigned} 2xx",
        ["ListSectoralBodies"] = $"{Refused}        2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       {Unassigned} 2xx",
        // Framework reference data: public to every signed-in caller, like the member states.
        ["ListFrameworks"] = $"{Refused}            2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       {Unassigned} 2xx",
        ["GetFramework"] = $"{Refused}              2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       {Unassigned} 2xx",
        // The evaluation over the plans in scope: every signed-in caller (an answer naming the other body's plan to a scoped caller is a leak).
        ["GetEvaluation"] = $"{Refused}             2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       {Unassigned} 2xx",
        // Its stored report covers every body's plans: administrators and desks of every plan only.
        ["CreateEvaluationReport"] = $"{Refused}    403     403     403     403     403       2xx 403 2xx   403     403       {Unassigned} 403",
        ["ListEvaluationReports"] = $"{Refused}     403     403     403     403     403       2xx 403 2xx   403     403       {Unassigned} 403",
        ["GetEvaluationReportFile"] = $"{Refused}   403     403     403     403     403       2xx 403 2xx   403     403       {Unassigned} 403",
        ["ListPlans"] = $"{Refused}                 2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       {Unassigned} 2xx",
        ["GetPlan"] = $"{Refused}                   2xx/404 2xx/404 2xx/404 2xx/404 2xx/404   2xx 2xx 2xx   2xx/404 2xx/404   {Unassigned} 2xx",
        ["PutPlan"] = $"{Refused}                   403     403     403     403     403       403 403 2xx   403     403       {Unassigned} 403",
        ["GetWindow"] = $"{Refused}                 2xx/404 2xx/404 2xx/404 2xx/404 2xx/404   2xx 2xx 2xx   2xx/404 2xx/404   {Unassigned} 2xx",
        ["PutWindow"] = $"{Refused}                 403     403     2xx/404 403     403       2xx 403 2xx   2xx/404 403       {Unassigned} 403",
        ["ListSubmissions"] = $"{Refused}           2xx/404 2xx/404 2xx/404 403/404 403/404   2xx 2xx 2xx   2xx/404 403/404   {Unassigned} 2xx",
        // A state's reports across plans (route states/THA/...): the state's focal point, and desks, for the plans in their scope.
        ["ListStateSubmissions"] = $"{Refused}      2xx     403     2xx     403     403       2xx 2xx 2xx   2xx     403       {Unassigned} 2xx",
        // Each focal point gets its own state's; desks, observers and admins have no state of their own.
        ["ListMySubmissions"] = $"{Refused}         2xx     2xx     403     403     403       403 2xx 403   403     403       {Unassigned} 2xx",
        ["GetSubmission"] = $"{Refused}             2xx/404 403     2xx/404 403     403       2xx 2xx 2xx   2xx/404 403       {Unassigned} 2xx",
        ["PutSubmission"] = $"{Refused}             2xx/404 403     2xx/404 403     403       2xx 2xx 2xx   2xx/404 403       {Unassigned} 2xx",
        ["SubmitSubmission"] = $"{Refused}          2xx/404 403     2xx/404 403     403       2xx 2xx 2xx   2xx/404 403       {Unassigned} 2xx",
        ["ReviewSubmission"] = $"{Refused}          403     403     2xx/404 403     403       2xx 403 2xx   2xx/404 403       {Unassigned} 403",
        ["GetSubmissionHistory"] = $"{Refused}      2xx/404 403     2xx/404 403     403       2xx 2xx 2xx   2xx/404 403       {Unassigned} 2xx",
        ["GrantLockException"] = $"{Refused}        403     403     2xx/404 403     403       2xx 403 2xx   2xx/404 403       {Unassigned} 403",
        ["GetTemplate"] = $"{Refused}               2xx/404 403     2xx/404 403     403       2xx 2xx 2xx   2xx/404 403       {Unassigned} 2xx",
        ["ImportSubmission"] = $"{Refused}          2xx/404 403     2xx/404 403     403       2xx 2xx 2xx   2xx/404 403       {Unassigned} 2xx",
        ["GetSummary"] = $"{Refused}                2xx/404 2xx/404 2xx/404 2xx/404 2xx/404   2xx 2xx 2xx   2xx/404 2xx/404   {Unassigned} 2xx",
        ["GetCompleteness"] = $"{Refused}           2xx/404 2xx/404 2xx/404 2xx/404 2xx/404   2xx 2xx 2xx   2xx/404 2xx/404   {Unassigned} 2xx",
        ["GetPending"] = $"{Refused}                2xx/404 2xx/404 2xx/404 403/404 403/404   2xx 2xx 2xx   2xx/404 403/404   {Unassigned} 2xx",
        ["RunAggregation"] = $"{Refused}            403     403     2xx     403     403       2xx 403 2xx   2xx     403       {Unassigned} 403",
        ["CreateReport"] = $"{Refused}              403     403     2xx/404 403     403       2xx 403 2xx   2xx/404 403       {Unassigned} 403",
        ["ListReports"] = $"{Refused}               2xx/404 2xx/404 2xx/404 2xx/404 2xx/404   2xx 2xx 2xx   2xx/404 2xx/404   {Unassigned} 2xx",
        ["GetReportFile"] = $"{Refused}             2xx/404 2xx/404 2xx/404 2xx/404 2xx/404   2xx 2xx 2xx   2xx/404 2xx/404   {Unassigned} 2xx",
        ["ListReportComments"] = $"{Refused}        403/404 403/404 2xx/404 2xx/404 2xx/404   2xx 403 2xx   2xx/404 2xx/404   {Unassigned} 403",
        ["PostReportComment"] = $"{Refused}         403/404 403/404 2xx/404 2xx/404 2xx/404   2xx 403 2xx   2xx/404 2xx/404   {Unassigned} 403",
        ["GetCaller"] = $"{Refused}                 2xx     2xx     2xx     2xx     2xx       2xx 2xx 2xx   2xx     2xx       {Unassigned} 2xx",
        ["ListApiKeys"] = $"{Refused}               403     403     403     403     403       403 403 2xx   403     403       {Unassigned} 403",
        ["CreateApiKey"] = $"{Refused}              403     403     403     403     403       403 403 2xx   403     403       {Unassigned} 403",
        ["RevokeApiKey"] = $"{Refused}              403     403     403     403     403       403 403 2xx   403     403       {Unassigned} 403",
        ["ListAssignments"] = $"{Refused}           403     403     403     403     403       403 403 2xx   403     403       {Unassigned} 403",
        ["CreateAssignment"] = $"{Refused}          403     403     403     403     403       403 403 2xx   403     403       {Unassigned} 403",
        ["RevokeAssignment"] = $"{Refused}          403     403     403     403     403       403 403 2xx   403     403       {Unassigned} 403",
    };

    private ApiServer api = null!;
    private readonly Dictionary<string, string> keys = [];
    private readonly Dictionary<string, Dictionary<string, string>> people = [];
    private readonly Dictionary<string, string> reports = [];
    private string evaluationReport = "";
    private readonly Dictionary<string, string> observerComments = [];
    private readonly Dictionary<string, JObject> planBodies = [];

    private string Admin => ApiServer.AdminKey;

    public async Task InitializeAsync()
    {
        api = await ApiServer.StartAsync(settings: new() { ["Access:TrustAppServiceAuthentication"] = "true" });
        var store = api.Services.GetRequiredService<ApiKeyStore>();
        var somswd = new AccessScope { Bodies = ["SOMSWD"] };

        async Task<string> Key(Role role, string? state, AccessScope scope, string label, DateTimeOffset? expires = null) =>
            (await store.CreateAsync(role, state, label, expires, "tests", default, scope: scope)).Key;

        // Revoked and expired keys are admin keys: the strongest role, so a refusal is the credential's doing.
        var revoked = await store.CreateAsync(Role.Admin, null, "revoked admin", null, "tests", default);
        await (await api.SendAsync(HttpMethod.Delete, "api/access/keys/" + revoked.Id, Admin)).JsonAsync(204);
        keys["revoked-key"] = revoked.Key;
        keys["expired-key"] = await Key(Role.Admin, null, AccessScope.Everything, "expired admin", DateTimeOffset.UtcNow.AddMinutes(-1));
        keys["focal-THA"] = await Key(Role.FocalPoint, Same, somswd, "THA focal point, SOMSWD");
        keys["focal-VNM"] = await Key(Role.FocalPoint, Other, somswd, "VNM focal point, SOMSWD");
        keys["desk"] = await Key(Role.Secretariat, null, somswd, "SOMSWD desk");
        keys["observer"] = await Key(Role.Observer, null, new AccessScope { Plans = [OwnPlan] }, "Observer of the SOMSWD plan");
        keys["observer-2"] = await Key(Role.Observer, null, somswd, "Another observer, SOMSWD");
        keys["legacy-desk"] = await LegacyKeyAsync(Role.Secretariat, null);
        keys["legacy-THA"] = await LegacyKeyAsync(Role.FocalPoint, Same);
        keys["admin"] = Admin;
        var slomObserver = await Key(Role.Observer, null, new AccessScope { Bodies = ["SLOM"] }, "Observer, SLOM (setup only)");

        // People signed in through App Service Authentication, their assignments in the table.
        var assignments = api.Services.GetRequiredService<AssignmentStore>();
        string[] user = ["Reporting.User"];
        async Task<Dictionary<string, string>> Person(string name, Role? role, AccessScope? scope, bool revoke = false, DateTimeOffset? expires = null)
        {
            var oid = Principals.NewObjectId();
            if (role is { } r)
            {
                var a = await assignments.CreateAsync(oid, r, null, scope!, name, null, expires, "tests", default);
                if (revoke) await assignments.RevokeAsync(oid, a.Id, "tests", default);
            }
            return Principals.Headers(oid, name, user);
        }
        people["forged-principal"] = Principals.Headers(Principals.NewObjectId(), "forger@example.org", ["Reporting.Admin", "Reporting.User"], idHeader: Principals.NewObjectId());
        people["person-desk"] = await Person("desk.officer@asean.example", Role.Secretariat, somswd);
        people["person-observer"] = await Person("cso.monitor@example.org", Role.Observer, somswd);
        people["person-unassigned"] = await Person("newcomer@example.org", null, null);
        people["person-revoked"] = await Person("former@example.org", Role.Secretariat, somswd, revoke: true);
        people["person-expired"] = await Person("temporary@example.org", Role.Observer, somswd, expires: DateTimeOffset.UtcNow.AddMinutes(-1));
        people["role-THA"] = Principals.Headers(Principals.NewObjectId(), "msdhs@example.go.th", ["Reporting.FocalPoint.THA"]);

        // Marked drafts: THA and VNM in the own plan, THA in the other body's plan.
        await (await api.PutAsync(Samples.SubmissionPath(Year, Same), Admin, Samples.Submission(narrative: MarkOwnTha))).JsonAsync(201);
        await (await api.PutAsync(Samples.SubmissionPath(Year, Other), Admin, Samples.Submission(narrative: MarkOwnVnm))).JsonAsync(201);
        await (await api.PutAsync(SubmissionPath(OtherPlan, Same), Admin, Samples.OtherBodySubmission(MarkOtherTha))).JsonAsync(201);

        // A final report in each plan (its year's window has locked, nothing in it is provisional), an observer's comment
        // on each, and the SOMSWD desk's answer to the own plan's one.
        reports[OwnPlan] = await FinalReportAsync(OwnPlan, 2023);
        reports[OtherPlan] = await FinalReportAsync(OtherPlan, 2025);
        observerComments[OwnPlan] = (await (await api.PostAsync(CommentsPath(OwnPlan), keys["observer"], new { text = MarkComment })).JsonAsync(201)).Value<string>("id")!;
        observerComments[OtherPlan] = (await (await api.PostAsync(CommentsPath(OtherPlan), slomObserver, new { text = MarkOtherComment })).JsonAsync(201)).Value<string>("id")!;
        await (await api.PostAsync(CommentsPath(OwnPlan), keys["desk"], new { text = MarkAnswer, replyTo = observerComments[OwnPlan] })).JsonAsync(201);

        evaluationReport = (await (await api.PostAsync("api/frameworks/ascc-blueprint-2025/reports", Admin, new { year = Year })).JsonAsync(202)).Value<string>("reportId")!;

        foreach (var plan in new[] { OwnPlan, OtherPlan })
        {
            var body = await (await api.GetAsync($"api/plans/{plan}", Admin)).JsonAsync(200);
            body.Remove("version");
            planBodies[plan] = body;
        }
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    /// <summary>A key row exactly as the API wrote them before scopes existed (no Scope column): the upgrade path.</summary>
    private async Task<string> LegacyKeyAsync(Role role, string? state)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        const string secret = "legacy-secret-from-before-scopes-0123456789";
        await api.Services.GetRequiredService<ReportingTables>().ApiKeys.AddEntityAsync(new TableEntity("key", id)
        {
            ["Hash"] = ApiKeyStore.Hash(secret),
            ["Role"] = role.ToString(),
            ["State"] = state,
            ["Label"] = $"Key from before scopes ({role} {state})",
            ["CreatedAt"] = DateTimeOffset.UtcNow.AddYears(-1),
            ["CreatedBy"] = "bootstrap-admin",
            ["ExpiresAt"] = null,
            ["Revoked"] = false,
        });
        return $"rk_{id}_{secret}";
    }

    private async Task<string> FinalReportAsync(string plan, int year)
    {
        await (await api.PutAsync($"api/plans/{plan}/years/{year}/window", Admin,
            new { opens = $"{year}-01-01T00:00:00Z", due = $"{year + 1}-03-01T00:00:00Z", locks = $"{year + 1}-06-01T00:00:00Z" })).JsonAsync(200);
        var report = await (await api.PostAsync($"api/plans/{plan}/reports", Admin, new { kind = "annual", year })).JsonAsync(202);
        Assert.False(report.Value<bool>("interim"), report.ToString());
        return report.Value<string>("reportId")!;
    }

    private static string SubmissionPath(string plan, string state) => $"api/plans/{plan}/years/{Year}/submissions/{state}";

    private string CommentsPath(string plan) => $"api/plans/{plan}/comments/{reports[plan]}";

    /// <summary>What a valid call of an endpoint sends besides its route: query, body, If-Match, and the state it needs first.</summary>
    private sealed record Call(string Query = "", object? Body = null, string? IfMatch = null, Func<Task>? Prepare = null);

    private Call CallFor(string name, string plan, Column caller)
    {
        object Submission() => plan == OwnPlan ? Samples.Submission(narrative: MarkOwnTha) : Samples.OtherBodySubmission(MarkOtherTha);
        return name switch
        {
            "ListMemberStates" => new("?year=2024"),
            "GetPlan" => new("?version=1"),
            "PutPlan" => new(Body: planBodies[plan]),
            "PutWindow" => new(Body: new { opens = "2024-01-01T00:00:00Z", due = "2099-03-01T00:00:00Z", locks = "2099-06-01T00:00:00Z" }),
            "PutSubmission" => new(Body: Submission(), IfMatch: "*", Prepare: () => EnsureStatusAsync(plan, editable: true)),
            "SubmitSubmission" => new(IfMatch: "*", Prepare: () => EnsureStatusAsync(plan, editable: true)),
            "ReviewSubmission" => new(Body: new { decision = "return", comment = "Please check the figures." }, IfMatch: "*", Prepare: () => EnsureStatusAsync(plan, editable: false)),
            "GrantLockException" => new(Body: new { until = DateTimeOffset.UtcNow.AddDays(30), reason = "Ministry data arrived late." }),
            "GetTemplate" => new("?state=" + Same),
            "ImportSubmission" => new("?dryRun=true", Body: Submission()),
            "GetSummary" => new($"?year={Year}&format=json&view=regional"),
            "GetCompleteness" => new($"?year={Year}"),
            "GetPending" => new($"?year={Year}"),
            "CreateReport" => new(Body: new { kind = "annual", year = Year }),
            "GetEvaluation" => new($"?year={Year}&format=json&view=kras"),
            "CreateEvaluationReport" => new(Body: new { year = Year }),
            // An observer starts a comment; the secretariat answers one.
            "PostReportComment" => new(Body: caller.Name.Contains("observer", StringComparison.Ordinal)
                ? new { text = $"Comment by {caller.Name}" }
                : new { text = $"Answer by {caller.Name}", replyTo = observerComments[plan] }),
            "CreateApiKey" => new(Body: new { role = "focalPoint", state = Same, label = "matrix test key", scope = new { bodies = new[] { "SOMSWD" } } }),
            "CreateAssignment" => new(Body: new { principalId = Principals.NewObjectId(), name = "Matrix person", role = "observer", scope = new { bodies = new[] { "SOMSWD" } } }),
            _ => new(),
        };
    }

    /// <summary>Puts THA's 2024 submission of the plan in a state where the next call is valid: editable (draft/returned) or submitted.</summary>
    private async Task EnsureStatusAsync(string plan, bool editable)
    {
        var path = SubmissionPath(plan, Same);
        var status = (await (await api.GetAsync(path, Admin)).JsonAsync(200)).Value<string>("status");
        if (editable && status == "submitted")
            await (await api.PostAsync(path + "/review", Admin, new { decision = "return", comment = "Reset for the next cell." }, ifMatch: "*")).JsonAsync(200);
        if (!editable && status is "draft" or "returned")
            await (await api.PostAsync(path + "/submit", Admin, ifMatch: "*")).JsonAsync(200);
    }

    [GeneratedRegex("\\{\\*?([A-Za-z]+)\\}")]
    private static partial Regex RouteParameter();

    private async Task<string> PathForAsync(ApiEndpoint endpoint, string plan, string reportPlan)
    {
        string? freshKeyId = null, freshPrincipal = null, freshAssignment = null;
        if (endpoint.Route.Contains("{keyId}", StringComparison.Ordinal))
            freshKeyId = (await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync(Role.FocalPoint, Other, "to revoke", null, "tests", default)).Id;
        if (endpoint.Route.Contains("{assignmentId}", StringComparison.Ordinal))
        {
            freshPrincipal = Principals.NewObjectId();
            freshAssignment = (await api.Services.GetRequiredService<AssignmentStore>()
                .CreateAsync(freshPrincipal, Role.Observer, null, new AccessScope { Bodies = ["SOMSWD"] }, "to revoke", null, null, "tests", default)).Id;
        }
        var path = RouteParameter().Replace(endpoint.Route, m => m.Groups[1].Value switch
        {
            "planId" => plan,
            "frameworkId" => "ascc-blueprint-2025",
            "year" => Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "state" => Same,
            "reportId" => reports[reportPlan],
            "file" => "report.html",
            "evaluationId" => evaluationReport,
            "evaluationFile" => "report.html",
            "keyId" => freshKeyId!,
            "principalId" => freshPrincipal!,
            "assignmentId" => freshAssignment!,
            "path" => "",
            var other => throw new InvalidOperationException($"Route {endpoint.Route} of {endpoint.Name} has a parameter {{{other}}} the access matrix does not know; add a valid value for it in {nameof(PathForAsync)}."),
        });
        return $"{Routes.Prefix}/{path}";
    }

    private Task<HttpResponseMessage> SendAsync(ApiEndpoint endpoint, string path, Call call, Column caller)
    {
        keys.TryGetValue(caller.Name, out var key);
        people.TryGetValue(caller.Name, out var headers);
        return api.SendAsync(new HttpMethod(endpoint.Verb), path + call.Query, key, call.Body, call.IfMatch, headers: headers);
    }

    private static bool Matches(string expected, int status) =>
        expected == "2xx" ? status is >= 200 and < 300 : expected == status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A refusal with the plan id it was about written as {plan}, so two refusals about different plans compare.</summary>
    private static string Normalised(int status, string body, string plan) => $"{status} {body.Replace(plan, "{plan}", StringComparison.Ordinal)}";

    [Fact]
    public async Task Every_endpoint_answers_every_caller_for_its_own_and_another_bodys_plan_as_the_table_says_and_leaks_nothing()
    {
        var missing = ApiEndpoints.All.Where(e => !Expected.ContainsKey(e.Name)).Select(e => $"{e.Verb} {e.Route} ({e.Name})").ToList();
        Assert.True(missing.Count == 0,
            $"Endpoints without a row in {nameof(AccessMatrixTests)}.{nameof(Expected)}: {string.Join("; ", missing)}. Add a row saying what each kind of caller gets.");
        foreach (var stale in Expected.Keys.Except(ApiEndpoints.All.Select(e => e.Name)))
            output.WriteLine($"note: row {stale} has no endpoint in ApiEndpoints.All (not checked)");

        var mismatches = new List<string>();
        var leaks = new List<string>();
        var differing = new List<string>();
        int cells = 0, unexpectedSuccesses = 0, compared = 0;
        foreach (var endpoint in ApiEndpoints.All)
        {
            var row = Expected[endpoint.Name].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(row.Length == Callers.Length, $"Row {endpoint.Name} has {row.Length} columns; it needs {Callers.Length} ({string.Join(", ", Callers.Select(c => c.Name))}).");
            var aboutAPlan = endpoint.Route.Contains("{planId}", StringComparison.Ordinal);
            for (var c = 0; c < Callers.Length; c++)
            {
                var caller = Callers[c];
                var parts = row[c].Split('/');
                var targets = aboutAPlan ? new[] { (Plan: OwnPlan, Expect: parts[0]), (Plan: OtherPlan, Expect: parts[^1]) } : [(Plan: OwnPlan, Expect: parts[0])];
                Assert.True(aboutAPlan || parts.Length == 1, $"{endpoint.Name} is about no plan: its entry for {caller.Name} must be one status, not {row[c]}");
                foreach (var (plan, expect) in targets)
                {
                    var call = CallFor(endpoint.Name, plan, caller);
                    if (call.Prepare is not null) await call.Prepare();
                    var path = await PathForAsync(endpoint, plan, plan);
                    using var response = await SendAsync(endpoint, path, call, caller);
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
                    var cell = $"{endpoint.Name} as {caller.Name} on {(plan == OwnPlan ? "own" : "other")} plan";
                    cells++;
                    var success = status is >= 200 and < 300;
                    if (success && expect != "2xx") unexpectedSuccesses++;
                    if (!Matches(expect, status) || !(success || mediaType == "application/problem+json"))
                        mismatches.Add($"{cell}: expected {expect}, got {status} {mediaType} {Truncate(body)}");

                    // Nothing from outside the caller's scope in anything it was given.
                    if (success && (mediaType.Contains("json", StringComparison.Ordinal) || mediaType.StartsWith("text/", StringComparison.Ordinal)))
                    {
                        foreach (var mark in AllMarks.Where(m => !caller.Marks.Contains(m) && body.Contains(m, StringComparison.Ordinal)))
                            leaks.Add($"{cell}: the answer holds {mark}");
                        if (caller.ScopedToOwnBody && (body.Contains(OtherPlan, StringComparison.Ordinal) || body.Contains(OtherPlanTitle, StringComparison.Ordinal)))
                            leaks.Add($"{cell}: the answer names the other body's plan: {Truncate(body)}");
                    }

                    // A refusal about a plan outside the scope is exactly the refusal for a plan that does not exist.
                    if (plan == OtherPlan && caller.ScopedToOwnBody && !success)
                    {
                        var missingCall = CallFor(endpoint.Name, OtherPlan, caller);
                        var missingPath = await PathForAsync(endpoint, MissingPlan, OtherPlan);
                        using var absent = await SendAsync(endpoint, missingPath, missingCall, caller);
                        compared++;
                        var a = Normalised(status, body, OtherPlan);
                        var b = Normalised((int)absent.StatusCode, await absent.Content.ReadAsStringAsync(), MissingPlan);
                        if (a != b) differing.Add($"{cell}: {Truncate(a)} but for a missing plan {Truncate(b)}");
                    }
                }
            }
        }

        var summary = $"access matrix: {cells} cells ({ApiEndpoints.All.Count} endpoints x {Callers.Length} kinds of caller x own/other body's plan where the endpoint is about a plan), "
            + $"{unexpectedSuccesses} unexpected successes, {leaks.Count} answers with data from outside the caller's scope, "
            + $"{compared - differing.Count} of {compared} out-of-scope refusals identical to a missing plan's";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var m in mismatches.Concat(leaks).Concat(differing))
        {
            output.WriteLine("problem: " + m);
            Console.WriteLine("access matrix problem: " + m);
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} cell(s) differ from the table:\n{string.Join("\n", mismatches)}");
        Assert.True(leaks.Count == 0, $"{leaks.Count} answer(s) hold data from outside the caller's scope:\n{string.Join("\n", leaks)}");
        Assert.True(differing.Count == 0, $"{differing.Count} out-of-scope refusal(s) differ from a missing plan's:\n{string.Join("\n", differing)}");
        Assert.Equal(0, unexpectedSuccesses);
        Assert.True(compared > 100, $"only {compared} out-of-scope refusals were compared");
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
