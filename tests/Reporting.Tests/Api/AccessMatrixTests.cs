using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Access;
using Reporting.Http;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>
/// Every endpoint of <see cref="ApiEndpoints.All"/> x every kind of caller, each cell a real request with valid
/// parameters (plan somswd-2021-2025, year 2024, state THA, a real report and key), so the only variable is the
/// caller. The expectations are an explicit table keyed by endpoint name; an endpoint without a row fails.
/// </summary>
public sealed partial class AccessMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = Samples.Plan;
    private const int Year = 2024;
    private const string Same = "THA";
    private const string Other = "VNM";

    /// <summary>The callers, in the column order of <see cref="Expected"/>.</summary>
    private static readonly string[] Callers = ["anonymous", "revoked", "expired", "same-state", "other-state", "secretariat", "admin", "forged-easy-auth"];

    // Columns: anonymous, revoked key, expired key, focal point THA (same state), focal point VNM (another state),
    // secretariat, admin, forged X-MS-CLIENT-PRINCIPAL (Reporting.Admin) with TrustAppServiceAuthentication off.
    // 2xx = allowed and served; 401/403/404 = refused with that status. A revoked or expired key is refused even where
    // anonymous callers are welcome: a bad credential is never silently downgraded. Focal points of another state get
    // 2xx only where the answer is scoped to their own state (lists, summaries) or public to every signed-in caller.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GetHealth"] = "2xx 401 401 2xx 2xx 2xx 2xx 2xx",
        ["GetOpenApiDocument"] = "2xx 401 401 2xx 2xx 2xx 2xx 2xx",
        // Static files with no data and no credential check: whatever the caller sends, the same public bytes.
        ["GetPage"] = "2xx 2xx 2xx 2xx 2xx 2xx 2xx 2xx",
        ["ListMemberStates"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        // Framework reference data: public to every signed-in caller, like the member states.
        ["ListFrameworks"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["GetFramework"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["ListPlans"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["GetPlan"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["PutPlan"] = "401 401 401 403 403 403 2xx 401",
        ["GetWindow"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["PutWindow"] = "401 401 401 403 403 2xx 2xx 401",
        ["ListSubmissions"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["ListStateSubmissions"] = "401 401 401 2xx 403 2xx 2xx 401",
        // Each focal point gets its own state's; the secretariat and admins have no state of their own.
        ["ListMySubmissions"] = "401 401 401 2xx 2xx 403 403 401",
        ["GetSubmission"] = "401 401 401 2xx 403 2xx 2xx 401",
        ["PutSubmission"] = "401 401 401 2xx 403 2xx 2xx 401",
        ["SubmitSubmission"] = "401 401 401 2xx 403 2xx 2xx 401",
        ["ReviewSubmission"] = "401 401 401 403 403 2xx 2xx 401",
        ["GetSubmissionHistory"] = "401 401 401 2xx 403 2xx 2xx 401",
        ["GrantLockException"] = "401 401 401 403 403 2xx 2xx 401",
        ["GetTemplate"] = "401 401 401 2xx 403 2xx 2xx 401",
        ["ImportSubmission"] = "401 401 401 2xx 403 2xx 2xx 401",
        ["GetSummary"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["GetCompleteness"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["GetPending"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["RunAggregation"] = "401 401 401 403 403 2xx 2xx 401",
        ["CreateReport"] = "401 401 401 403 403 2xx 2xx 401",
        ["ListReports"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["GetReportFile"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["GetCaller"] = "401 401 401 2xx 2xx 2xx 2xx 401",
        ["ListApiKeys"] = "401 401 401 403 403 403 2xx 401",
        ["CreateApiKey"] = "401 401 401 403 403 403 2xx 401",
        ["RevokeApiKey"] = "401 401 401 403 403 403 2xx 401",
    };

    private ApiServer api = null!;
    private string reportId = "";
    private JObject planBody = [];
    private string Submission => Samples.SubmissionPath(Year, Same);

    public async Task InitializeAsync()
    {
        api = await (await ApiServer.StartAsync()).WithKeysAsync(Same, Other);
        var admin = api.Keys["admin"];
        var store = api.Services.GetRequiredService<ApiKeyStore>();

        // Revoked and expired keys are admin keys: the strongest role, so a refusal is the credential's doing.
        var revoked = await store.CreateAsync(Role.Admin, null, "revoked admin", null, "tests", default);
        await (await api.SendAsync(HttpMethod.Delete, "api/access/keys/" + revoked.Id, admin)).JsonAsync(204);
        api.Keys["revoked"] = revoked.Key;
        api.Keys["expired"] = (await store.CreateAsync(Role.Admin, null, "expired admin", DateTimeOffset.UtcNow.AddMinutes(-1), "tests", default)).Key;

        // A submission to read and change, and a final (not interim) report every signed-in caller may open:
        // 2023's window has locked and nothing in it is provisional.
        await (await api.PutAsync(Submission, api.Keys[Same], Samples.Submission())).JsonAsync(201);
        await (await api.PutAsync($"api/plans/{Plan}/years/2023/window", admin,
            new { opens = "2023-01-01T00:00:00Z", due = "2024-03-01T00:00:00Z", locks = "2024-06-01T00:00:00Z" })).JsonAsync(200);
        var report = await (await api.PostAsync($"api/plans/{Plan}/reports", admin, new { kind = "annual", year = 2023 })).JsonAsync(202);
        Assert.False(report.Value<bool>("interim"), report.ToString());
        reportId = report.Value<string>("reportId")!;

        planBody = await (await api.GetAsync($"api/plans/{Plan}", admin)).JsonAsync(200);
        planBody.Remove("version");
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    /// <summary>What a valid call of an endpoint sends besides its route: query, body, If-Match, and the state it needs first.</summary>
    private sealed record Call(string Query = "", object? Body = null, string? IfMatch = null, Func<Task>? Prepare = null);

    private Call CallFor(string name) => name switch
    {
        "ListMemberStates" => new("?year=2024"),
        "GetPlan" => new("?version=1"),
        "PutPlan" => new(Body: planBody),
        "PutWindow" => new(Body: new { opens = "2024-01-01T00:00:00Z", due = "2099-03-01T00:00:00Z", locks = "2099-06-01T00:00:00Z" }),
        "PutSubmission" => new(Body: Samples.Submission(), IfMatch: "*", Prepare: () => EnsureStatusAsync(editable: true)),
        "SubmitSubmission" => new(IfMatch: "*", Prepare: () => EnsureStatusAsync(editable: true)),
        "ReviewSubmission" => new(Body: new { decision = "return", comment = "Please check 5.2.1." }, IfMatch: "*", Prepare: () => EnsureStatusAsync(editable: false)),
        "GrantLockException" => new(Body: new { until = DateTimeOffset.UtcNow.AddDays(30), reason = "Ministry data arrived late." }),
        "GetTemplate" => new("?state=" + Same),
        "ImportSubmission" => new("?dryRun=true", Body: Samples.Submission()),
        "GetSummary" => new($"?year={Year}&format=json&view=regional"),
        "GetCompleteness" => new($"?year={Year}"),
        "GetPending" => new($"?year={Year}"),
        "CreateReport" => new(Body: new { kind = "annual", year = Year }),
        "CreateApiKey" => new(Body: new { role = "focalPoint", state = Same, label = "matrix test key" }),
        _ => new(),
    };

    /// <summary>Puts THA's 2024 submission in a state where the next call is valid: editable (draft/returned) or submitted.</summary>
    private async Task EnsureStatusAsync(bool editable)
    {
        var admin = api.Keys["admin"];
        var current = await (await api.GetAsync(Submission, admin)).JsonAsync(200);
        var status = current.Value<string>("status");
        if (editable && status == "submitted")
            await (await api.PostAsync(Submission + "/review", admin, new { decision = "return", comment = "Reset for the next cell." }, ifMatch: "*")).JsonAsync(200);
        if (!editable && status is "draft" or "returned")
            await (await api.PostAsync(Submission + "/submit", admin, ifMatch: "*")).JsonAsync(200);
    }

    [GeneratedRegex("\\{\\*?([A-Za-z]+)\\}")]
    private static partial Regex RouteParameter();

    private async Task<string> PathForAsync(ApiEndpoint endpoint)
    {
        string? freshKeyId = null;
        if (endpoint.Route.Contains("{keyId}", StringComparison.Ordinal))
            freshKeyId = (await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync(Role.FocalPoint, Other, "to revoke", null, "tests", default)).Id;
        var path = RouteParameter().Replace(endpoint.Route, m => m.Groups[1].Value switch
        {
            "planId" => Plan,
            "frameworkId" => "ascc-blueprint-2025",
            "year" => Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "state" => Same,
            "reportId" => reportId,
            "file" => "report.html",
            "keyId" => freshKeyId!,
            "path" => "",
            var other => throw new InvalidOperationException($"Route {endpoint.Route} of {endpoint.Name} has a parameter {{{other}}} the access matrix does not know; add a valid value for it in {nameof(PathForAsync)}."),
        });
        return $"{Routes.Prefix}/{path}";
    }

    private Task<HttpResponseMessage> SendAsync(ApiEndpoint endpoint, string path, Call call, string caller)
    {
        var key = caller switch
        {
            "anonymous" or "forged-easy-auth" => null,
            "same-state" => api.Keys[Same],
            "other-state" => api.Keys[Other],
            _ => api.Keys[caller],
        };
        var headers = caller == "forged-easy-auth"
            ? new Dictionary<string, string> { [CallerResolver.PrincipalHeader] = AccessTests.Principal("Reporting.Admin"), ["X-MS-CLIENT-PRINCIPAL-ID"] = "forged" }
            : null;
        return api.SendAsync(new HttpMethod(endpoint.Verb), path + call.Query, key, call.Body, call.IfMatch, headers: headers);
    }

    private static bool Matches(string expected, int status) =>
        expected == "2xx" ? status is >= 200 and < 300 : expected == status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_endpoint_answers_every_kind_of_caller_as_the_table_says()
    {
        var missing = ApiEndpoints.All.Where(e => !Expected.ContainsKey(e.Name)).Select(e => $"{e.Verb} {e.Route} ({e.Name})").ToList();
        Assert.True(missing.Count == 0,
            $"Endpoints without a row in {nameof(AccessMatrixTests)}.{nameof(Expected)}: {string.Join("; ", missing)}. Add a row saying what each kind of caller gets.");
        foreach (var stale in Expected.Keys.Except(ApiEndpoints.All.Select(e => e.Name)))
            output.WriteLine($"note: row {stale} has no endpoint in ApiEndpoints.All (not checked)");

        var mismatches = new List<string>();
        int cells = 0, unexpectedSuccesses = 0;
        foreach (var endpoint in ApiEndpoints.All)
        {
            var expected = Expected[endpoint.Name].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(expected.Length == Callers.Length, $"Row {endpoint.Name} must have {Callers.Length} columns ({string.Join(", ", Callers)}).");
            for (var c = 0; c < Callers.Length; c++)
            {
                var call = CallFor(endpoint.Name);
                if (call.Prepare is not null) await call.Prepare();
                var path = await PathForAsync(endpoint);
                using var response = await SendAsync(endpoint, path, call, Callers[c]);
                var status = (int)response.StatusCode;
                cells++;
                var success = status is >= 200 and < 300;
                var isProblem = success || response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                if (success && expected[c] != "2xx") unexpectedSuccesses++;
                if (!Matches(expected[c], status) || !isProblem)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    mismatches.Add($"{endpoint.Name} as {Callers[c]}: expected {expected[c]}, got {status} {response.Content.Headers.ContentType?.MediaType} {Truncate(body)}");
                }
            }
        }

        var summary = $"access matrix: {cells} cells, {unexpectedSuccesses} unexpected successes";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var m in mismatches)
        {
            output.WriteLine("mismatch: " + m);
            Console.WriteLine("access matrix mismatch: " + m);
        }
        Assert.Equal(ApiEndpoints.All.Count * Callers.Length, cells);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} cell(s) differ from the table:\n{string.Join("\n", mismatches)}");
        Assert.Equal(0, unexpectedSuccesses);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
