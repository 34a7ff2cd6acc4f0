using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Newtonsoft.Json.Linq;
using Reporting.Http;

namespace Reporting.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from the endpoint table (routes, verbs, path parameters) and the catalog
/// (everything else). Schemas come from <see cref="OpenApiSchemas"/> (NJsonSchema over the C# types with the API's
/// own Newtonsoft settings, made strict by rule), read into Microsoft.OpenApi's model, which writes the document.
/// </summary>
public static partial class OpenApiDocumentBuilder
{
    public const string ApiKeyScheme = "apiKey";
    public const string ProblemSchema = "Problem";

    private const string ProblemJson = "application/problem+json";

    /// <summary>The document as JSON text, ready to serve.</summary>
    public static string Json(IReadOnlyList<ApiEndpoint> endpoints)
    {
        var document = Build(endpoints);
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    public static OpenApiDocument Build(IReadOnlyList<ApiEndpoint> endpoints)
    {
        var missing = endpoints.Where(e => !OpenApiCatalog.Operations.ContainsKey(e.Name)).Select(e => e.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"No OpenAPI catalog entry for {string.Join(", ", missing)} (src/Reporting/OpenApi/OpenApiCatalog.cs).");

        var (document, schemas) = WithSchemas();
        document.Info = new OpenApiInfo
        {
            Title = "ASEAN work-plan reporting API",
            Version = "1",
            Description = "Progress reporting on ASEAN sectoral work plans: member states' focal points report against a plan's indicators; "
                + "the ASEAN Secretariat reviews, aggregates and reports.\n\n"
                + "Errors are RFC 9457 application/problem+json with a typed code and an errors list of {pointer, message}. Reads return an ETag; "
                + "changing an existing submission needs If-Match. Idempotency-Key on PUT and POST replays the first successful answer for 24 hours.\n\n"
                + "Signing in: a client sends an API key in X-Api-Key (the only scheme a client uses). In Azure the app may also sit behind "
                + "App Service Authentication: the platform, in front of the app, signs people in with Microsoft Entra ID (a browser session) and "
                + "passes the signed-in principal on to the app, which trusts it only when configured to (Access__TrustAppServiceAuthentication=true). "
                + "Such callers send no key; their role comes from the app roles Reporting.Admin, Reporting.Secretariat and Reporting.FocalPoint.{ISO3}. "
                + "A client never sets the platform's headers itself: the platform removes them from incoming requests.\n\n"
                + "A path asked with a method it does not have answers 405 with an Allow header on the standalone server; in Azure the Functions "
                + "host answers any unknown route or method with its own empty 404 before the app sees the request.\n\n"
                + "Text answers (JSON, CSV, HTML) of 1 KiB or more are compressed (br or gzip) when Accept-Encoding allows.",
            Contact = new OpenApiContact { Name = "ASEAN work-plan reporting maintainers", Url = new Uri("https://github.com/asean-reporting") },
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document (every path starts with /api)." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key (rk_{id}_{secret}) issued by an administrator with POST /api/access/keys: admin, secretariat, or a focal point "
                    + "bound to one member state. (Behind App Service Authentication a signed-in person needs no key: see the description above.)",
            },
        };

        var tags = new Dictionary<string, OpenApiTag>(StringComparer.Ordinal);
        document.Paths = new OpenApiPaths();
        foreach (var endpoint in endpoints)
        {
            var path = PathOf(endpoint.Route);
            if (!document.Paths.TryGetValue(path, out var item))
                document.Paths[path] = item = new OpenApiPathItem();
            var pathItem = (OpenApiPathItem)item;
            pathItem.Operations ??= new Dictionary<HttpMethod, OpenApiOperation>();
            var info = OpenApiCatalog.Operations[endpoint.Name];
            if (!OpenApiCatalog.Tags.TryGetValue(info.Tag, out var tagText))
                throw new InvalidOperationException($"{endpoint.Name}'s tag {info.Tag} has no description in OpenApiCatalog.Tags.");
            tags.TryAdd(info.Tag, new OpenApiTag { Name = info.Tag, Description = tagText });
            pathItem.Operations[new HttpMethod(endpoint.Verb)] = Operation(document, schemas, endpoint, info);
        }
        document.Tags = new HashSet<OpenApiTag>(OpenApiCatalog.Tags.Keys.Where(tags.ContainsKey).Select(t => tags[t]));
        return document;
    }

    private static OpenApiOperation Operation(OpenApiDocument document, OpenApiSchemas.Generated schemas, ApiEndpoint endpoint, Operation info)
    {
        var writes = endpoint.Verb is "POST" or "PUT";
        var pathNames = RouteParameters(endpoint.Route);
        var parameters = new List<IOpenApiParameter>();
        foreach (var name in pathNames)
        {
            var p = OpenApiCatalog.PathParameters.GetValueOrDefault(name)
                ?? throw new InvalidOperationException($"Route parameter {{{name}}} of {endpoint.Name} has no description in OpenApiCatalog.PathParameters.");
            parameters.Add(new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Path, Required = true, Description = p.Description,
                Schema = Scalar(p.Type, p.Values, p.Pattern, p.Minimum, p.Maximum), Example = p.Example is null ? null : Example(p.Type, p.Example),
            });
        }
        foreach (var q in info.Query)
            parameters.Add(new OpenApiParameter
            {
                Name = q.Name, In = ParameterLocation.Query, Description = q.Description,
                Schema = Scalar(q.Type, q.Values, q.Pattern, q.Minimum, q.Maximum), Example = q.Example is null ? null : Example(q.Type, q.Example),
            });
        if (info.IfMatch)
            parameters.Add(new OpenApiParameter
            {
                Name = "If-Match", In = ParameterLocation.Header, Schema = Scalar("string"),
                Description = "The ETag of the last read; required to change an existing resource (428 without it, 412 when stale).",
            });
        if (info.Revalidates)
            parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match", In = ParameterLocation.Header, Schema = Scalar("string"),
                Description = "The ETag of the copy the client holds: 304 without a body while it is unchanged.",
            });
        foreach (var header in info.RequestHeaders)
            parameters.Add(new OpenApiParameter { Name = header.Name, In = ParameterLocation.Header, Description = header.Description, Schema = Scalar("string", header.Values) });
        if (writes && info.Access != Audience.Anonymous)
            parameters.Add(new OpenApiParameter
            {
                Name = RequestPipeline.IdempotencyKeyHeader, In = ParameterLocation.Header, Schema = Scalar("string", pattern: "^[\\x21-\\x7E]{1,200}$"),
                Description = info.SecretOnce
                    ? "Makes a retry safe: the same key and body within 24 hours does not repeat the change but answers 409 already-done "
                        + "(the answer held a secret that is shown only once); the same key with another body is 422."
                    : "Replays the first successful answer to the same request for 24 hours; the same key with another body is 422.",
            });

        var operation = new OpenApiOperation
        {
            OperationId = endpoint.Name,
            Summary = info.Summary,
            Description = Describe(info),
            Tags = new HashSet<OpenApiTagReference> { new(info.Tag, document) },
            Parameters = parameters,
            Responses = new OpenApiResponses(),
            Security = info.Access == Audience.Anonymous ? [] : [Requirement(document, ApiKeyScheme)],
        };
        if (info.Body.Count > 0)
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = Contents(document, schemas.InputNames, info.Body) };

        foreach (var answer in info.Answers)
        {
            var response = new OpenApiResponse { Description = answer.Description, Content = answer.Contents.Length == 0 ? null : Contents(document, schemas.OutputNames, answer.Contents) };
            if (answer.Status is >= 200 and < 300)
            {
                var headers = new Dictionary<string, IOpenApiHeader>();
                if (info.ETag) headers["ETag"] = new OpenApiHeader { Description = info.Revalidates ? "The version of the answer, for If-None-Match." : "The revision, for If-Match.", Schema = Scalar("string") };
                if (answer.Status == 201 && answer.Contents.Length > 0) headers["Location"] = new OpenApiHeader { Description = "Where the created resource is.", Schema = Scalar("string") };
                foreach (var header in info.AnswerHeaders) headers[header.Name] = new OpenApiHeader { Description = header.Description, Schema = Scalar("string", header.Values) };
                if (headers.Count > 0) response.Headers = headers;
            }
            operation.Responses[answer.Status.ToString(CultureInfo.InvariantCulture)] = response;
        }
        if (info.Revalidates)
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the copy named in If-None-Match is still current (no body)." };
        foreach (var (status, description) in ProblemStatuses(endpoint, info, pathNames))
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key)) continue;
            var response = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) } },
            };
            if (status == 503)
                response.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before trying again.", Schema = Scalar("integer") } };
            operation.Responses[key] = response;
        }
        return operation;
    }

    /// <summary>The problems an endpoint can answer with, derived from what it does, plus the ones its catalog entry names.</summary>
    public static IEnumerable<(int Status, string Description)> ProblemStatuses(ApiEndpoint endpoint, Operation info, IReadOnlyList<string> pathNames)
    {
        var writes = endpoint.Verb is "POST" or "PUT";
        var validates = info.Query.Count > 0 || info.Body.Count > 0 || pathNames.Any(n => n is "year" or "state" or "reportId" or "file");
        if (validates || writes) yield return (400, "The request is not valid: errors lists each problem with a JSON Pointer (or parameter name) and a message.");
        if (info.Access != Audience.Anonymous) yield return (401, "No valid API key or signed-in principal.");
        else if (!info.IgnoresCredentials) yield return (401, "An X-Api-Key was sent but is not valid (unknown, revoked or expired): a bad credential is refused, never ignored.");
        if (info.Access != Audience.Anonymous)
            yield return (403, info.Access switch
            {
                Audience.SignedIn => "A signed-in account with no live assignment; observers asking for what is not open to them (submissions, drafts, the reminder list).",
                Audience.Admin => "Only an administrator may do this.",
                Audience.Secretariat => "Only the ASEAN Secretariat desk of the plan's sectoral body may do this.",
                Audience.ObserverOrSecretariat => "Only the plan's observers and its secretariat desk take part in the consultation.",
                Audience.EverySecretariat => "Only an administrator or a secretariat desk whose scope is every plan may do this (the report covers every sectoral body's plans).",
                _ => "A focal point may act only for its own member state; observers see no submissions.",
            });
        if (pathNames.Count > 0) yield return (404, "The plan, submission, report, key or assignment does not exist, or is outside the caller's scope (the same answer).");
        foreach (var status in info.Problems)
            yield return (status, info.ProblemNotes.TryGetValue(status, out var note) ? note : status switch
            {
                409 => "Conflicts with the resource's state; code says why.",
                412 => "If-Match does not match: someone saved first (code stale).",
                428 => "If-Match is required to change an existing resource (code if-match-required).",
                _ => "See code and detail.",
            });
        if (info.Body.Count > 0)
        {
            yield return (413, "The body is larger than the limit.");
            yield return (415, "The body's media type is not accepted.");
        }
        if (writes && info.Access != Audience.Anonymous) yield return (422, "The Idempotency-Key was used before with another request body (code idempotency-key-reused).");
        yield return (500, "Unexpected server error; nothing was half-saved.");
        yield return (503, "Storage is unavailable; the change may not have been saved. Reload, then retry after Retry-After seconds.");
    }

    /// <summary>The document's path for a route; a catch-all ({*path}) is one plain parameter in OpenAPI.</summary>
    public static string PathOf(string route) => "/" + Routes.Prefix + "/" + route.Replace("{*", "{", StringComparison.Ordinal);

    public static IReadOnlyList<string> RouteParameters(string route) =>
        RouteParameter().Matches(route).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("\\{\\*?([A-Za-z]+)\\}")]
    private static partial Regex RouteParameter();

    private static string Describe(Operation info)
    {
        var who = info.Access switch
        {
            Audience.Anonymous => "Anyone, without signing in.",
            Audience.SignedIn => "Any signed-in caller; a plan outside their scope answers 404, as one that does not exist.",
            Audience.OwnStateOrSecretariat => "A focal point for its own member state, or the secretariat.",
            Audience.Secretariat => "The ASEAN Secretariat desk of the plan's sectoral body (and administrators).",
            Audience.ObserverOrSecretariat => "The plan's observers (civil society) and its secretariat desk.",
            Audience.EverySecretariat => "Administrators and secretariat desks whose scope is every plan.",
            _ => "Administrators.",
        };
        return info.Description is null ? $"Who: {who}" : $"{info.Description}\n\nWho: {who}";
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static Dictionary<string, IOpenApiMediaType> Contents(OpenApiDocument document, IReadOnlyDictionary<Type, string> names, IEnumerable<Content> contents) =>
        contents.ToDictionary(c => c.MediaType, IOpenApiMediaType (c) => new OpenApiMediaType { Schema = SchemaOf(document, names, c) });

    /// <summary>JSON types by reference; text as a string; binary files (XLSX) without a schema, as OpenAPI 3.1 recommends.</summary>
    private static IOpenApiSchema? SchemaOf(OpenApiDocument document, IReadOnlyDictionary<Type, string> names, Content content)
    {
        if (content.Schema is null)
        {
            if (content.MediaType == "application/json") return new OpenApiSchema { Type = JsonSchemaType.Object };
            return content.MediaType.StartsWith("text/", StringComparison.Ordinal) ? Scalar("string") : null;
        }
        if (OpenApiCatalog.ElementType(content.Schema) is { } element)
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(names[element], document) };
        return new OpenApiSchemaReference(names[content.Schema], document);
    }

    private static OpenApiSchema Scalar(string type, IReadOnlyList<string>? values = null, string? pattern = null, int? minimum = null, int? maximum = null) => new()
    {
        Type = type switch
        {
            "integer" => JsonSchemaType.Integer,
            "boolean" => JsonSchemaType.Boolean,
            "number" => JsonSchemaType.Number,
            _ => JsonSchemaType.String,
        },
        Enum = values?.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)!).ToList(),
        Pattern = pattern,
        Minimum = minimum?.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
    };

    private static System.Text.Json.Nodes.JsonNode Example(string type, string value) => type switch
    {
        "integer" => System.Text.Json.Nodes.JsonValue.Create(int.Parse(value, CultureInfo.InvariantCulture)),
        "boolean" => System.Text.Json.Nodes.JsonValue.Create(bool.Parse(value)),
        _ => System.Text.Json.Nodes.JsonValue.Create(value),
    };

    /// <summary>
    /// Reads the generated schemas as the document's components with Microsoft.OpenApi's reader, so what is served is
    /// what the reader accepts.
    /// </summary>
    private static (OpenApiDocument Document, OpenApiSchemas.Generated Schemas) WithSchemas()
    {
        var schemas = OpenApiSchemas.Generate(OpenApiCatalog.InputTypes(), OpenApiCatalog.OutputTypes());
        if (schemas.OutputNames[typeof(Problem)] != ProblemSchema)
            throw new InvalidOperationException($"The problem schema is named {schemas.OutputNames[typeof(Problem)]}, not {ProblemSchema}.");
        var skeleton = new JObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JObject { ["title"] = "", ["version"] = "" },
            ["paths"] = new JObject(),
            ["components"] = new JObject { ["schemas"] = schemas.Schemas },
        };
        var read = OpenApiDocument.Parse(skeleton.ToString(), "json");
        if (read.Document is null || read.Diagnostic?.Errors.Count > 0)
            throw new InvalidOperationException("The generated schemas do not read as OpenAPI: " + string.Join("; ", read.Diagnostic?.Errors.Select(e => e.ToString()) ?? []));
        return (read.Document, schemas);
    }
}
