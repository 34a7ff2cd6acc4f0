using Microsoft.OpenApi;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using Reporting.Http;
using Reporting.OpenApi;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>
/// GET /api/openapi.json cannot drift from the endpoints: it lists exactly the endpoint table, every endpoint has
/// catalog metadata, it reads back as OpenAPI 3.1, and real answers of the main flows validate against its schemas.
/// </summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private ApiServer api = null!;
    private JObject document = null!;
    private string documentText = "";

    public async Task InitializeAsync()
    {
        api = await (await ApiServer.StartAsync()).WithKeysAsync("THA");
        var response = await api.GetAsync("api/" + Routes.OpenApi, key: null);
        documentText = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, documentText);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        document = (JObject)Parse(documentText);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    private static string PathOf(string route) => OpenApiDocumentBuilder.PathOf(route);

    private JObject OperationOf(ApiEndpoint endpoint) =>
        (JObject)document["paths"]![PathOf(endpoint.Route)]![endpoint.Verb.ToLowerInvariant()]!;

    [Fact]
    public void Document_lists_exactly_the_endpoints_of_the_endpoint_table_with_their_verbs()
    {
        var verbs = new HashSet<string> { "get", "put", "post", "delete", "patch", "head", "options", "trace" };
        var documented = ((JObject)document["paths"]!).Properties()
            .SelectMany(p => ((JObject)p.Value).Properties().Where(o => verbs.Contains(o.Name))
                .Select(o => $"{o.Name.ToUpperInvariant()} {p.Name} {o.Value.Value<string>("operationId")}"))
            .Order(StringComparer.Ordinal).ToList();
        var expected = ApiEndpoints.All.Select(e => $"{e.Verb} {PathOf(e.Route)} {e.Name}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, documented);
        Assert.Contains($"GET /api/{Routes.OpenApi} GetOpenApiDocument", documented);
    }

    [Fact]
    public void Every_endpoint_has_catalog_metadata_and_every_catalog_entry_names_an_endpoint()
    {
        var names = ApiEndpoints.All.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var undocumented = names.Where(n => !OpenApiCatalog.Operations.ContainsKey(n)).ToList();
        var orphaned = OpenApiCatalog.Operations.Keys.Where(n => !names.Contains(n)).ToList();
        Assert.True(undocumented.Count == 0, $"No catalog entry (src/Reporting/OpenApi/OpenApiCatalog.cs) for: {string.Join(", ", undocumented)}");
        Assert.True(orphaned.Count == 0, $"Catalog entries without an endpoint: {string.Join(", ", orphaned)}");
        foreach (var (name, operation) in OpenApiCatalog.Operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.Summary), $"{name} has no summary");
            Assert.NotEmpty(operation.Answers);
        }
    }

    [Fact]
    public void An_endpoint_without_catalog_metadata_cannot_be_documented()
    {
        var unknown = new ApiEndpoint("GetSomethingNew", "GET", "something-new", (_, _) => throw new NotSupportedException());

        var error = Assert.Throws<InvalidOperationException>(() => OpenApiDocumentBuilder.Build([.. ApiEndpoints.All, unknown]));

        Assert.Contains("GetSomethingNew", error.Message);
    }

    [Fact]
    public void Every_route_parameter_is_a_required_path_parameter_and_every_catalog_query_parameter_is_listed()
    {
        foreach (var endpoint in ApiEndpoints.All)
        {
            var parameters = (JArray?)OperationOf(endpoint)["parameters"] ?? [];
            string[] Named(string where) => [.. parameters.Where(p => p.Value<string>("in") == where).Select(p => p.Value<string>("name")!)];

            Assert.Equal(OpenApiDocumentBuilder.RouteParameters(endpoint.Route), Named("path"));
            Assert.All(parameters.Where(p => p.Value<string>("in") == "path"), p => Assert.True(p.Value<bool>("required"), $"{endpoint.Name}: {p}"));
            Assert.Equal(OpenApiCatalog.Operations[endpoint.Name].Query.Select(q => q.Name), Named("query"));
        }
    }

    [Theory]
    [InlineData(nameof(Aggregation.SummaryEndpoints.GetSummary), "year,format,view")]
    [InlineData(nameof(Aggregation.SummaryEndpoints.GetCompleteness), "year")]
    [InlineData(nameof(Aggregation.SummaryEndpoints.GetPending), "year")]
    [InlineData(nameof(MemberStates.MemberStateEndpoints.ListMemberStates), "year")]
    [InlineData(nameof(Plans.PlanEndpoints.GetPlan), "version")]
    [InlineData(nameof(Aggregation.SummaryEndpoints.RunAggregation), "full")]
    [InlineData(nameof(Import.SpreadsheetEndpoints.GetTemplate), "state")]
    [InlineData(nameof(Import.SpreadsheetEndpoints.ImportSubmission), "dryRun,replaceDraft")]
    public void Query_parameters_the_handlers_read_are_documented(string endpoint, string expected)
    {
        var operation = OperationOf(ApiEndpoints.All.Single(e => e.Name == endpoint));
        var query = ((JArray)operation["parameters"]!).Where(p => p.Value<string>("in") == "query").Select(p => p.Value<string>("name"));
        Assert.Equal(expected.Split(','), query);
    }

    [Fact]
    public void Document_reads_back_as_OpenAPI_3_1_without_errors_and_every_reference_resolves()
    {
        var read = OpenApiDocument.Parse(documentText, "json");

        Assert.NotNull(read.Document);
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.StartsWith("3.1", document.Value<string>("openapi"));
        Assert.Equal(ApiEndpoints.All.Count, read.Document!.Paths.Values.Sum(p => p.Operations?.Count ?? 0));

        var components = (JObject)document["components"]!;
        var references = document.Descendants().OfType<JProperty>().Where(p => p.Name == "$ref").Select(p => p.Value.Value<string>()!).Distinct().ToList();
        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            var parts = reference.Split('/');
            Assert.True(parts is ["#", "components", _, _] && components[parts[2]]?[parts[3]] is not null, $"Unresolved $ref {reference}");
        }
    }

    [Fact]
    public void Errors_are_problem_json_and_protected_endpoints_take_the_api_key_as_their_only_client_scheme()
    {
        var schemes = (JObject)document["components"]!["securitySchemes"]!;
        Assert.Equal([OpenApiDocumentBuilder.ApiKeyScheme], schemes.Properties().Select(p => p.Name));
        Assert.Equal("X-Api-Key", schemes[OpenApiDocumentBuilder.ApiKeyScheme]!.Value<string>("name"));
        Assert.Equal("header", schemes[OpenApiDocumentBuilder.ApiKeyScheme]!.Value<string>("in"));
        // App Service Authentication is what the platform does in front of the app: described, never a header a client sends.
        Assert.DoesNotContain("X-MS-CLIENT-PRINCIPAL", documentText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("App Service Authentication", document["info"]!.Value<string>("description"));
        Assert.NotNull(document["components"]!["schemas"]![OpenApiDocumentBuilder.ProblemSchema]);

        foreach (var endpoint in ApiEndpoints.All)
        {
            var operation = OperationOf(endpoint);
            var catalog = OpenApiCatalog.Operations[endpoint.Name];
            var security = ((JArray)operation["security"]!).SelectMany(r => ((JObject)r).Properties().Select(p => p.Name)).ToList();
            if (catalog.Access == Audience.Anonymous) Assert.Empty(security);
            else Assert.Equal([OpenApiDocumentBuilder.ApiKeyScheme], security);

            var responses = (JObject)operation["responses"]!;
            if (catalog.Access != Audience.Anonymous) Assert.NotNull(responses["401"]);
            Assert.NotNull(responses["500"]);
            Assert.NotNull(responses["503"]);
            foreach (var error in responses.Properties().Where(r => int.Parse(r.Name) >= 400 && !catalog.Answers.Any(a => a.Status.ToString() == r.Name)))
                Assert.Equal($"#/components/schemas/{OpenApiDocumentBuilder.ProblemSchema}", error.Value["content"]?["application/problem+json"]?["schema"]?.Value<string>("$ref"));
        }
    }

    [Fact]
    public async Task Real_answers_of_the_main_flows_validate_against_the_documents_schemas()
    {
        var tha = api.Keys["THA"];
        var secretariat = api.Keys["secretariat"];
        var path = Samples.SubmissionPath(2024, "THA");
        var plan = $"api/plans/{Samples.Plan}";

        await AssertValidAsync(await api.GetAsync("api/health", null), Routes.Health, "GET", 200);
        await AssertValidAsync(await api.GetAsync("api/member-states?year=2025", tha), Routes.MemberStates, "GET", 200);
        await AssertValidAsync(await api.GetAsync("api/plans", tha), Routes.Plans, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan, tha), Routes.Plan, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/years/2024/window", tha), Routes.Window, "GET", 200);

        await AssertValidAsync(await api.PostAsync(path + "/import?dryRun=true", tha, Samples.Submission()), Routes.Import, "POST", 200);
        await AssertValidAsync(await api.PutAsync(path, tha, Samples.Submission()), Routes.Submission, "PUT", 201);
        await AssertValidAsync(await api.GetAsync(path, tha), Routes.Submission, "GET", 200);
        await AssertValidAsync(await api.PostAsync(path + "/submit", tha, ifMatch: "\"r1\""), Routes.Submit, "POST", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/years/2024/submissions", secretariat), Routes.Submissions, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/pending?year=2024", secretariat), Routes.Pending, "GET", 200);
        await AssertValidAsync(await api.PostAsync(path + "/review", secretariat, new { decision = "accept" }, ifMatch: "\"r2\""), Routes.Review, "POST", 200);
        await AssertValidAsync(await api.GetAsync(path + "/history", tha), Routes.History, "GET", 200);

        await AssertValidAsync(await api.PostAsync("api/" + Routes.RunAggregation, secretariat), Routes.RunAggregation, "POST", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/summary?year=2024", secretariat), Routes.Summary, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/summary", tha), Routes.Summary, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/completeness", secretariat), Routes.Completeness, "GET", 200);
        await AssertValidAsync(await api.GetAsync("api/access/keys", api.Keys["admin"]), Routes.ApiKeys, "GET", 200);

        await AssertValidAsync(await api.PutAsync(Samples.SubmissionPath(2023, "THA"), tha, "{\"values\": {}, \"extra\": true}"), Routes.Submission, "PUT", 400, "application/problem+json");
        await AssertValidAsync(await api.GetAsync(path, null), Routes.Submission, "GET", 401, "application/problem+json");
        await AssertValidAsync(await api.GetAsync(Samples.SubmissionPath(2024, "VNM"), tha), Routes.Submission, "GET", 403, "application/problem+json");
    }

    [Fact]
    public async Task Real_answers_of_access_and_the_consultation_validate_against_the_documents_schemas()
    {
        var admin = api.Keys["admin"];
        var plan = $"api/plans/{Samples.Plan}";
        var observer = (await (await api.PostAsync("api/access/keys", admin,
            new { role = "observer", label = "CSO network", scope = new { bodies = new[] { "SOMSWD" } } })).JsonAsync(201)).Value<string>("key")!;
        await AssertValidAsync(await api.GetAsync("api/" + Routes.SectoralBodies, observer), Routes.SectoralBodies, "GET", 200);
        await AssertValidAsync(await api.GetAsync("api/" + Routes.Caller, observer), Routes.Caller, "GET", 200);
        await AssertValidAsync(await api.PostAsync("api/" + Routes.Assignments, admin,
            new { principalId = Guid.NewGuid(), name = "A person", email = "a@example.org", role = "focalPoint", state = "THA", scope = new { bodies = new[] { "SOMSWD" } } }),
            Routes.Assignments, "POST", 201);
        await AssertValidAsync(await api.GetAsync("api/" + Routes.Assignments, admin), Routes.Assignments, "GET", 200);

        await (await api.PutAsync(plan + "/years/2022/window", admin, new { locks = "2023-06-01T00:00:00Z" })).JsonAsync(200);
        var report = (await (await api.PostAsync(plan + "/reports", admin, new { kind = "annual", year = 2022 })).JsonAsync(202)).Value<string>("reportId")!;
        var comments = $"{plan}/comments/{report}";
        await AssertValidAsync(await api.PostAsync(comments, observer, new { text = "ความคิดเห็น" }), Routes.ReportComments, "POST", 201);
        await AssertValidAsync(await api.GetAsync(comments, observer), Routes.ReportComments, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/reports", observer), Routes.Reports, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/summary?year=2022", observer), Routes.Summary, "GET", 200);
        await AssertValidAsync(await api.GetAsync(plan + "/years/2022/submissions", observer), Routes.Submissions, "GET", 403, "application/problem+json");
        await AssertValidAsync(await api.PostAsync(comments, api.Keys["THA"], new { text = "x" }), Routes.ReportComments, "POST", 403, "application/problem+json");
    }

    [Fact]
    public async Task Validation_rejects_an_answer_that_does_not_match_the_schema()
    {
        var submission = await (await api.PutAsync(Samples.SubmissionPath(2022, "THA"), api.Keys["THA"], Samples.Submission())).JsonAsync(201);
        var schema = await ResponseSchemaAsync(Routes.Submission, "PUT", 201, "application/json");
        Assert.Empty(schema.Validate(submission));

        var renamed = (JObject)submission.DeepClone();
        renamed["stage"] = renamed["status"];
        renamed.Remove("status");
        var wrongType = (JObject)submission.DeepClone();
        wrongType["year"] = "2022";

        Assert.NotEmpty(schema.Validate(renamed));
        Assert.NotEmpty(schema.Validate(wrongType));
    }

    private async Task AssertValidAsync(HttpResponseMessage response, string route, string verb, int status, string mediaType = "application/json")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{verb} {route}: expected {status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var schema = await ResponseSchemaAsync(route, verb, status, mediaType);
        var errors = schema.Validate(Parse(text));
        Assert.True(errors.Count == 0, $"{verb} {route} {status} does not match the document: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}\n{text}");
    }

    /// <summary>The document's schema for one answer, with the components as its definitions so every $ref resolves.</summary>
    private Task<JsonSchema> ResponseSchemaAsync(string route, string verb, int status, string mediaType)
    {
        var schema = document["paths"]?[PathOf(route)]?[verb.ToLowerInvariant()]?["responses"]?[status.ToString()]?["content"]?[mediaType]?["schema"] as JObject;
        Assert.True(schema is not null, $"The document has no {mediaType} schema for {verb} {route} {status}");
        // A bare reference is replaced by what it names: NJsonSchema cannot resolve a root $ref to a schema that other
        // schemas also refer to (CommentView, inside Consultation).
        var components = (JObject)document["components"]!["schemas"]!;
        var standalone = schema!.Count == 1 && schema.Value<string>("$ref") is { } bare
            ? (JObject)components[bare.Split('/')[^1]]!.DeepClone()
            : (JObject)schema.DeepClone();
        standalone["definitions"] = components.DeepClone();
        return JsonSchema.FromJsonAsync(standalone.ToString().Replace("\"#/components/schemas/", "\"#/definitions/", StringComparison.Ordinal));
    }

    /// <summary>Dates stay strings and numbers stay exact, as on the wire.</summary>
    private static JToken Parse(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
        return JToken.ReadFrom(reader);
    }
}
