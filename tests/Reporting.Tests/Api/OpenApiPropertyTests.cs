using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Reporting.Http;
using Reporting.OpenApi;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>
/// Property-based tests from the document: for every operation, bodies and parameters generated from its own schemas
/// (<see cref="SchemaBodies"/>) go through the real server on Azurite, and the answers must say what the document says.
/// <list type="bullet">
/// <item>Every answer has a documented status and media type, and its body matches the schema documented for it; none is 5xx.</item>
/// <item>A valid request is not refused for its shape: a 400 may say the plan, the year or the workflow forbids it, but
/// not that a field has the wrong type or is unknown (code bad-request at the body), and not that a member the document
/// leaves optional is missing.</item>
/// <item>A request that breaks one rule of the document gets a 4xx problem+json, and nothing else.</item>
/// </list>
/// The seed is printed (REPORTING_PROPERTY_SEED repeats a run); so are the counts.
/// </summary>
public sealed class OpenApiPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ValidPerOperation = 10;
    private const int InvalidPerOperation = 40;

    private ApiServer api = null!;
    private readonly OpenApiContract contract = OpenApiContract.Served();

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA");

    public async Task DisposeAsync() => await api.DisposeAsync();

    /// <summary>Reads before writes, and the writes that change what others rest on (windows, plans, keys) last.</summary>
    private static int Order(ApiEndpoint e) => e.Name switch
    {
        nameof(Workflow.WindowEndpoints.PutWindow) => 3,
        nameof(Plans.PlanEndpoints.PutPlan) => 4,
        nameof(Access.KeyEndpoints.CreateApiKey) or nameof(Access.KeyEndpoints.RevokeApiKey) => 5,
        _ => e.Verb == "GET" ? 0 : 1,
    };

    [Fact]
    public async Task Generated_requests_get_the_answers_the_document_describes()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("REPORTING_PROPERTY_SEED"), out var s) ? s : Environment.TickCount;
        var random = new Random(seed);
        var bodies = new SchemaBodies(contract.Schemas, random);
        var failures = new List<string>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Count(string what) => counts[what] = counts.GetValueOrDefault(what) + 1;

        foreach (var endpoint in ApiEndpoints.All.OrderBy(Order).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            var operation = contract.Operation(endpoint);
            var schema = contract.RequestSchema(endpoint);
            var parameters = (operation["parameters"] as JArray ?? []).OfType<JObject>().ToList();
            var valid = new List<Request>();
            for (var i = 0; i < ValidPerOperation; i++)
            {
                var body = schema is null ? null : bodies.Valid(schema);
                if (body is not null && contract.Violations(schema!, body) is { Count: > 0 } wrong)
                    failures.Add($"generator: {endpoint.Name} made a body the document refuses ({string.Join("; ", wrong)}): {Short(body)}");
                valid.Add(new Request(Values(parameters, bodies, random), body));
            }

            foreach (var request in valid)
            {
                var answer = await SendAsync(endpoint, request);
                Count("valid requests");
                Count(answer.Status < 400 ? $"valid answered {answer.Status / 100}xx" : $"valid answered {answer.Status} {CodeOf(answer)}");
                failures.AddRange(Judge(endpoint, request, answer, Expect.Accepted).Select(f => $"{endpoint.Name} (valid): {f}"));
            }

            var invalid = new List<(Request Request, string Kind, bool Tolerated)>();
            foreach (var request in valid.Where(r => r.Body is not null).Take(3))
                foreach (var m in bodies.Mutations(schema!, request.Body!))
                    if (contract.Violations(schema!, m.Body).Count > 0)
                        invalid.Add((request with { Body = m.Body }, $"{m.Kind} at {m.Pointer}", m.NullInOptional));
            foreach (var p in parameters)
                foreach (var (value, kind) in BrokenValues(p))
                    invalid.Add((valid[0] with { Parameters = new Dictionary<string, string?>(valid[0].Parameters) { [p.Value<string>("name")!] = value } },
                        $"{kind} in {p.Value<string>("in")} parameter {p.Value<string>("name")}", false));

            foreach (var (request, kind, tolerated) in invalid.OrderBy(_ => random.Next()).DistinctBy(i => i.Kind).Take(InvalidPerOperation))
            {
                var answer = await SendAsync(endpoint, request);
                Count(tolerated ? "null in an optional member" : "invalid requests");
                if (tolerated) Count($"null in an optional member answered {answer.Status / 100}xx");
                else Count(IsDryRunRefusal(answer) ? "invalid refused in a dry-run receipt (200, valid: false)" : $"invalid answered {answer.Status}");
                failures.AddRange(Judge(endpoint, request, answer, tolerated ? Expect.Anything : Expect.Refused).Select(f => $"{endpoint.Name} ({kind}): {f}"));
            }
        }

        var summary = $"OpenAPI property suite (seed {seed}): " + string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")) + $"; failures: {failures.Count}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var f in failures.Take(60)) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"{summary}\n{string.Join("\n", failures.Take(60))}");
    }

    private sealed record Request(Dictionary<string, string?> Parameters, JToken? Body);

    /// <summary>
    /// Accepted: valid by the document, so not refused for its shape. Refused: breaks one rule, so 4xx. Anything: an
    /// explicit null in a member the document leaves optional, which the server reads as absent where the C# member is
    /// nullable and refuses where it is not; either is fine, a 5xx or an undocumented answer is not.
    /// </summary>
    private enum Expect { Accepted, Refused, Anything }

    private static string CodeOf(Answer answer) =>
        answer.MediaType == "application/problem+json" && OpenApiContract.Parse(answer.Body) is JObject p ? p.Value<string>("code") ?? "?" : "?";

    /// <summary>An import's dry run answers 200 with the problems it found (valid: false), as documented, instead of 400.</summary>
    private static bool IsDryRunRefusal(Answer answer) =>
        answer.Status == 200 && answer.MediaType == "application/json" && OpenApiContract.Parse(answer.Body) is JObject r
        && r.Value<bool?>("dryRun") == true && r.Value<bool?>("valid") == false && r["problems"] is JArray { Count: > 0 };

    private sealed record Answer(int Status, string? MediaType, string Body);

    /// <summary>Path parameters from their examples; query parameters left out or set, from the example or the schema.</summary>
    private static Dictionary<string, string?> Values(List<JObject> parameters, SchemaBodies bodies, Random random)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in parameters.Where(p => p.Value<string>("in") is "path" or "query"))
        {
            var name = p.Value<string>("name")!;
            if (p.Value<string>("in") == "query" && random.NextDouble() < 0.4) continue;
            var example = p["example"];
            var schema = (JObject)p["schema"]!;
            // Path parameters name the sample data (plan, year, state); patterned values come from their example too.
            var useExample = example is not null && (p.Value<string>("in") == "path" || schema["pattern"] is not null || random.NextDouble() < 0.7);
            try
            {
                values[name] = useExample ? Scalar(example!) : Scalar(bodies.Valid(schema));
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"Parameter {name}: {e.Message} For a path parameter, give OpenApiCatalog.PathParameters[\"{name}\"] an Example.", e);
            }
        }
        return values;
    }

    /// <summary>Values a parameter's schema rules out.</summary>
    private static IEnumerable<(string Value, string Kind)> BrokenValues(JObject parameter)
    {
        if (parameter.Value<string>("in") is not ("path" or "query")) yield break;
        var schema = (JObject)parameter["schema"]!;
        switch (schema.Value<string>("type"))
        {
            case "integer":
                yield return ("20x4", "not a whole number");
                if (schema["minimum"] is { } min) yield return ((min.Value<long>() - 1).ToString(CultureInfo.InvariantCulture), "below minimum");
                if (schema["maximum"] is { } max) yield return ((max.Value<long>() + 1).ToString(CultureInfo.InvariantCulture), "above maximum");
                break;
            case "boolean":
                yield return ("yes", "not true or false");
                break;
            case "string":
                if (schema["enum"] is not null) yield return ("not-a-listed-value", "outside the enum");
                if (schema.Value<string>("pattern") is { } pattern)
                {
                    var example = parameter.Value<string>("example") ?? "x";
                    foreach (var candidate in new[] { example.ToLowerInvariant(), example + "!", "ab", "not valid" })
                        if (!Regex.IsMatch(candidate, pattern)) { yield return (candidate, "breaks the pattern"); break; }
                }
                break;
        }
    }

    private static string Scalar(JToken token) => token.Type switch
    {
        JTokenType.Boolean => token.Value<bool>() ? "true" : "false",
        JTokenType.String => token.Value<string>()!,
        _ => token.ToString(Formatting.None),
    };

    private async Task<Answer> SendAsync(ApiEndpoint endpoint, Request request)
    {
        var info = OpenApiCatalog.Operations[endpoint.Name];
        var path = endpoint.Route.Replace("{*", "{", StringComparison.Ordinal);
        foreach (var name in OpenApiDocumentBuilder.RouteParameters(endpoint.Route))
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(request.Parameters.GetValueOrDefault(name) ?? ""), StringComparison.Ordinal);
        var query = string.Join("&", info.Query.Where(q => request.Parameters.ContainsKey(q.Name))
            .Select(q => $"{q.Name}={Uri.EscapeDataString(request.Parameters[q.Name] ?? "")}"));
        var url = $"api/{path}" + (query.Length > 0 ? "?" + query : "");
        var key = info.Access switch
        {
            Audience.Anonymous => null,
            Audience.Admin => api.Keys["admin"],
            Audience.Secretariat => api.Keys["secretariat"],
            Audience.OwnStateOrSecretariat => api.Keys["THA"],
            _ => request.GetHashCode() % 2 == 0 ? api.Keys["THA"] : api.Keys["secretariat"],
        };
        // Changing an existing resource needs If-Match: use the ETag a read of it gives now, as a client would.
        string? ifMatch = null;
        if (info.IfMatch)
        {
            var read = await api.GetAsync(ReadPathOf(url), key);
            ifMatch = read.Headers.ETag?.ToString();
        }
        using var message = new HttpRequestMessage(new HttpMethod(endpoint.Verb), url);
        if (key is not null) message.Headers.Add("X-Api-Key", key);
        if (ifMatch is not null) message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (request.Body is not null) message.Content = new StringContent(request.Body.ToString(Formatting.None), Encoding.UTF8, "application/json");
        using var response = await api.Http.SendAsync(message);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Where the resource a write changes is read: the same path, or its parent for an action (submit, review, import).</summary>
    private static string ReadPathOf(string url)
    {
        var path = url.Split('?')[0];
        return path.EndsWith("/submit", StringComparison.Ordinal) || path.EndsWith("/review", StringComparison.Ordinal) || path.EndsWith("/import", StringComparison.Ordinal)
            ? path[..path.LastIndexOf('/')]
            : path;
    }

    private IEnumerable<string> Judge(ApiEndpoint endpoint, Request request, Answer answer, Expect expect)
    {
        if (answer.Status >= 500) yield return $"answered {answer.Status}: {Short(answer.Body)} to {Short(request.Body)}";
        foreach (var v in contract.Check(endpoint, answer.Status, answer.MediaType, answer.Body)) yield return $"{answer.Status}: {v}";
        if (answer.Status >= 400 && answer.MediaType != "application/problem+json") yield return $"{answer.Status} is {answer.MediaType}, not problem+json";
        if (expect == Expect.Refused && answer.Status is < 400 or >= 500 && !IsDryRunRefusal(answer))
            yield return $"answered {answer.Status} to a request the document refuses: {Short(request.Body)} {string.Join(",", request.Parameters.Select(p => p.Key + "=" + p.Value))}";
        if (expect == Expect.Accepted && answer.Status == 400 && request.Body is { } body && answer.MediaType == "application/problem+json")
        {
            var problem = (JObject)OpenApiContract.Parse(answer.Body);
            var pointers = (problem["errors"] as JArray ?? []).Select(e => (Pointer: e.Value<string>("pointer") ?? "", Message: e.Value<string>("message"))).ToList();
            var atBody = pointers.Where(p => p.Pointer.Length == 0 || p.Pointer.StartsWith('/')).ToList();
            if (problem.Value<string>("code") == ProblemCodes.BadRequest && atBody.Count > 0)
                yield return $"refused a valid body for its shape: {string.Join("; ", atBody.Select(p => $"{p.Pointer}: {p.Message}"))} — {Short(body)}";
            // A plain "is required" at a member the body left out is a requirement the document should state; one that
            // depends on the plan ("is required for a count indicator") or on other members cannot be a schema's.
            foreach (var (pointer, message) in atBody.Where(p => p.Pointer.Length > 0 && body.SelectToken(ToPath(p.Pointer)) is null && Parent(body, p.Pointer) is JObject
                         && p.Message is { } m && (m == "is required" || m.StartsWith("is required:", StringComparison.Ordinal))))
                yield return $"requires {pointer}, which the document leaves optional ({message}) — {Short(body)}";
        }
    }

    private static JToken? Parent(JToken body, string pointer) => pointer.LastIndexOf('/') is var i and > 0 ? body.SelectToken(ToPath(pointer[..i])) : body;

    /// <summary>A JSON Pointer as a Newtonsoft path (['a']['b'][0]).</summary>
    private static string ToPath(string pointer) =>
        string.Concat(pointer.Split('/').Skip(1).Select(s => s.Replace("~1", "/").Replace("~0", "~"))
            .Select(s => int.TryParse(s, out _) ? $"[{s}]" : $"['{s.Replace("'", "\\'")}']"));

    private static string Short(JToken? token) => token is null ? "(no body)" : Short(token.ToString(Formatting.None));

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
