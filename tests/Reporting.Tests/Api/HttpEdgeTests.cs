using System.Net;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Reporting.Http;
using Reporting.OpenApi;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>The HTTP edges the OpenAPI document describes: 405 with Allow, 204 without a body type, plain-words errors, replays.</summary>
public sealed partial class HttpEdgeTests : IAsyncLifetime
{
    private ApiServer api = null!;
    private readonly OpenApiContract contract = OpenApiContract.Served();

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA");

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task A_known_path_asked_with_a_method_it_lacks_is_405_with_Allow_and_an_unknown_path_is_404()
    {
        var response = await api.SendAsync(HttpMethod.Delete, $"api/plans/{Samples.Plan}", api.Keys["admin"]);

        var problem = await response.ProblemAsync(405, ProblemCodes.MethodNotAllowed);
        Assert.Equal(["GET", "PUT"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("GET, PUT", problem.Value<string>("detail"));
        Assert.Contains("405", contract.Document["info"]!.Value<string>("description"));

        var other = await api.SendAsync(HttpMethod.Post, $"api/plans/{Samples.Plan}/years/2024/window", api.Keys["admin"], new { });
        await other.ProblemAsync(405, ProblemCodes.MethodNotAllowed);
        Assert.Equal(["GET", "PUT"], other.Content.Headers.Allow.Order(StringComparer.Ordinal));

        await (await api.GetAsync("api/no-such-thing", api.Keys["admin"])).ProblemAsync(404, ProblemCodes.NotFound);
    }

    [Fact]
    public async Task Revoking_a_key_answers_204_with_no_body_and_no_content_type()
    {
        var key = await (await api.PostAsync("api/access/keys", api.Keys["admin"], new { role = "secretariat", scope = new { all = true }, label = "Short-lived" })).JsonAsync(201);

        var response = await api.SendAsync(HttpMethod.Delete, $"api/access/keys/{key.Value<string>("id")}", api.Keys["admin"]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(contract.Check(ApiEndpoints.All.Single(e => e.Name == "RevokeApiKey"), 204, null, ""));
    }

    [Theory]
    [InlineData("2025-03-31T17:00:00+15:00")]
    [InlineData("31/03/2025")]
    [InlineData("tomorrow")]
    public async Task A_date_the_server_cannot_read_is_refused_in_plain_words_naming_the_field(string opens)
    {
        var response = await api.PutAsync($"api/plans/{Samples.Plan}/years/2024/window", api.Keys["secretariat"], new JObject { ["opens"] = opens });

        var problem = await response.ProblemAsync(400, ProblemCodes.BadRequest, "/opens");
        var message = problem["errors"]![0]!.Value<string>("message")!;
        Assert.Contains("date and time", message);
        Assert.DoesNotMatch("DateTimeOffset|System\\.|Could not convert", message);
    }

    [Fact]
    public async Task A_whole_number_beyond_32_bits_is_refused_in_plain_words_naming_the_field()
    {
        var response = await api.PostAsync($"api/plans/{Samples.Plan}/reports", api.Keys["secretariat"], "{\"kind\":\"annual\",\"year\":99999999999}");

        var problem = await response.ProblemAsync(400, ProblemCodes.BadRequest, "/year");
        Assert.DoesNotMatch("Int32|System\\.", problem.ToString());
    }

    [Theory]
    [InlineData("{\"values\": null}", "/values")]
    [InlineData("{\"activities\": null}", "/activities")]
    public async Task Null_where_the_member_cannot_be_null_is_refused_at_its_pointer_not_a_server_error(string body, string pointer)
    {
        var response = await api.PutAsync(Samples.SubmissionPath(2021, "THA"), api.Keys["THA"], body);

        await response.ProblemAsync(400, ProblemCodes.BadRequest, pointer);
    }

    [Theory]
    [InlineData("Thailand\nfocal point")]
    [InlineData("Tab\there")]
    [InlineData("Bell\u0007")]
    [InlineData("Next line\u0085")]
    public async Task Key_labels_with_control_characters_are_refused(string label)
    {
        var response = await api.PostAsync("api/access/keys", api.Keys["admin"], new { role = "focalPoint", state = "THA", scope = new { bodies = new[] { "SOMSWD" } }, label });

        await response.ProblemAsync(400, ProblemCodes.Validation, "/label");
        var schema = (JObject)contract.Schemas["KeyInput"]!;
        Assert.NotEmpty(contract.Violations(schema, new JObject { ["role"] = "focalPoint", ["state"] = "THA", ["scope"] = new JObject { ["bodies"] = new JArray("SOMSWD") }, ["label"] = label }));
    }

    [Fact]
    public async Task Replaying_key_creation_answers_the_documented_409_naming_the_key_and_never_the_secret_again()
    {
        var body = new { role = "focalPoint", state = "THA", scope = new { bodies = new[] { "SOMSWD" } }, label = "Replay test" };
        var first = await api.PostAsync("api/access/keys", api.Keys["admin"], body, idempotencyKey: "create-key-once");
        var created = await first.JsonAsync(201);
        var secret = created.Value<string>("key")!;

        var replay = await api.PostAsync("api/access/keys", api.Keys["admin"], body, idempotencyKey: "create-key-once");

        var problem = await replay.ProblemAsync(409, ProblemCodes.AlreadyDone);
        var text = await replay.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(secret.Split('_')[2], text);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Contains(created.Value<string>("id")!, problem.Value<string>("detail"));
        var endpoint = ApiEndpoints.All.Single(e => e.Name == "CreateApiKey");
        Assert.Empty(contract.Check(endpoint, 409, "application/problem+json", text));
        var header = contract.Operation(endpoint)["parameters"]!.Single(p => p.Value<string>("name") == RequestPipeline.IdempotencyKeyHeader);
        Assert.Contains("409 already-done", header.Value<string>("description"));
    }

    [Fact]
    public void Every_problem_code_the_code_passes_to_Problems_is_in_the_documents_enum()
    {
        var documented = ((JArray)contract.Schemas["Problem"]!["properties"]!["code"]!["enum"]!).Select(c => c.Value<string>()!).ToList();
        Assert.Equal(ProblemCodes.All, documented);

        var source = Path.Combine(Azurite.RepoRoot(), "src");
        var literals = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => CodeLiteral().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(source, f), Code: m.Groups["code"].Value)))
            .ToList();
        Assert.NotEmpty(literals);
        var unknown = literals.Where(l => !ProblemCodes.All.Contains(l.Code)).Select(l => $"{l.File}: \"{l.Code}\"").ToList();
        Assert.True(unknown.Count == 0, "Problem codes not in ProblemCodes (src/Reporting/Http/Problems.cs), so not in the document: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_web_build_types_its_pages_from_the_document_the_server_serves()
    {
        // scripts/openapi.sh writes web/openapi.json before the web build generates src/generated/openapi.ts from it.
        var written = Path.Combine(Azurite.RepoRoot(), "web", "openapi.json");
        Assert.True(File.Exists(written), "web/openapi.json is missing: run ./scripts/openapi.sh (test.sh does) before the web build.");
        Assert.True(File.ReadAllText(written) == contract.Text, "web/openapi.json is not the document the server serves: run ./scripts/openapi.sh, then npm run --prefix web build.");
        Assert.True(File.Exists(Path.Combine(Azurite.RepoRoot(), "web", "src", "generated", "openapi.ts")), "The web build did not generate its API types.");
    }

    [GeneratedRegex("Problems\\.(?:Create\\(\\d{3}, |Conflict\\()\"(?<code>[^\"]+)\"")]
    private static partial Regex CodeLiteral();
}
