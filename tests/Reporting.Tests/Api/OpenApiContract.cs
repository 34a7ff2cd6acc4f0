extern alias JsonSchemaNet;
using System.Collections.Concurrent;
using System.Text.Json;
using JsonSchemaNet::Json.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Reporting.Http;
using Reporting.OpenApi;

namespace Reporting.Tests.Api;

/// <summary>
/// The OpenAPI document as a test reads it: operations, their documented statuses, and JSON Schema 2020-12 validation
/// (JsonSchema.Net) of bodies and answers against the document's schemas, with every $ref resolved in its components.
/// </summary>
public sealed class OpenApiContract
{
    private static int sequence;
    private readonly ConcurrentDictionary<string, JsonSchema> compiled = new(StringComparer.Ordinal);
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public OpenApiContract(string documentText)
    {
        Text = documentText;
        Document = (JObject)Parse(documentText);
        Schemas = (JObject)Document["components"]!["schemas"]!;
    }

    /// <summary>The document as served (the same static text GET /api/openapi.json answers with).</summary>
    public static OpenApiContract Served() => new(OpenApiDocumentBuilder.Json(ApiEndpoints.All));

    public string Text { get; }
    public JObject Document { get; }
    public JObject Schemas { get; }

    public JObject Operation(ApiEndpoint endpoint) =>
        (JObject)Document["paths"]![OpenApiDocumentBuilder.PathOf(endpoint.Route)]![endpoint.Verb.ToLowerInvariant()]!;

    /// <summary>The JSON request body's schema (a $ref or inline), or null when the operation reads no JSON.</summary>
    public JObject? RequestSchema(ApiEndpoint endpoint) => Operation(endpoint)["requestBody"]?["content"]?["application/json"]?["schema"] as JObject;

    public JsonSchema Compile(JObject schema)
    {
        var key = schema.ToString(Formatting.None);
        return compiled.GetOrAdd(key, _ =>
        {
            var standalone = (JObject)schema.DeepClone();
            standalone["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            standalone["$defs"] = Schemas.DeepClone();
            var text = standalone.ToString(Formatting.None).Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
            return JsonSchema.FromText(text, baseUri: new Uri($"https://tests.local/schema/{Interlocked.Increment(ref sequence)}"));
        });
    }

    /// <summary>What is wrong with an instance against a schema: one line per failing location; empty when it is valid.</summary>
    public IReadOnlyList<string> Violations(JObject schema, JToken instance)
    {
        using var json = JsonDocument.Parse(instance.ToString(Formatting.None));
        var result = Compile(schema).Evaluate(json.RootElement, Options);
        if (result.IsValid) return [];
        return [.. (result.Details ?? []).Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid")];
    }

    /// <summary>
    /// Everything in an answer the document does not say: an undocumented status or media type, or a JSON body that does
    /// not match the schema documented for that status. Empty when the answer is as documented.
    /// </summary>
    public IReadOnlyList<string> Check(ApiEndpoint endpoint, int status, string? mediaType, string body)
    {
        var responses = (JObject)Operation(endpoint)["responses"]!;
        if (responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JObject response)
            return [$"status {status} is not documented (documented: {string.Join(", ", responses.Properties().Select(p => p.Name))})"];
        var contents = response["content"] as JObject;
        if (contents is null)
            return body.Length == 0 && mediaType is null ? [] : [$"status {status} is documented without a body, but {mediaType ?? "no media type"} with {body.Length} bytes came"];
        if (mediaType is null || contents[mediaType] is not JObject content)
            return [$"media type {mediaType ?? "(none)"} is not documented for {status} (documented: {string.Join(", ", contents.Properties().Select(p => p.Name))})"];
        if (content["schema"] is not JObject schema || !mediaType.Contains("json", StringComparison.Ordinal)) return [];
        JToken parsed;
        try
        {
            parsed = Parse(body);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return [$"the {mediaType} body is not JSON: {e.Message}"];
        }
        return Violations(schema, parsed);
    }

    /// <summary>Dates stay strings and numbers stay exact, as on the wire.</summary>
    public static JToken Parse(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
        return JToken.ReadFrom(reader);
    }
}
