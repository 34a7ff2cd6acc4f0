using System.Globalization;
using System.Reflection;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Reporting.Http;

/// <summary>One place that says how the API reads and writes JSON (Newtonsoft, camelCase, strict on input).</summary>
public static class Json
{
    public const int MaxDepth = 32;

    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        Converters = { new StringEnumConverter(new CamelCaseNamingStrategy(), allowIntegerValues: false), new PlainDecimalConverter() },
        NullValueHandling = NullValueHandling.Ignore,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Decimal,
        MissingMemberHandling = MissingMemberHandling.Error,
        MaxDepth = MaxDepth,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    private static readonly JsonLoadSettings LoadSettings = new()
    {
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        CommentHandling = CommentHandling.Ignore,
        LineInfoHandling = LineInfoHandling.Load,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Serialize(object value, bool indented = false) =>
        JsonConvert.SerializeObject(value, indented ? Formatting.Indented : Formatting.None, Settings);

    /// <summary>Decodes strict UTF-8 (a BOM is tolerated) or throws a 400 naming the problem.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[3..];
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ProblemException(Problems.BadRequest("The request body is not valid UTF-8 text.", "", "contains bytes that are not valid UTF-8"));
        }
    }

    /// <summary>Parses a whole document strictly (duplicate names, trailing content, depth) into a token.</summary>
    public static JToken ParseStrict(string text)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                FloatParseHandling = FloatParseHandling.Decimal,
                DateParseHandling = DateParseHandling.None,
                MaxDepth = MaxDepth,
            };
            var token = JToken.ReadFrom(reader, LoadSettings);
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment)
                    throw new JsonReaderException("Additional text found after the end of the JSON document.", reader.Path, reader.LineNumber, reader.LinePosition, null);
            }
            RequireStandardJson(text);
            return token;
        }
        catch (JsonException ex)
        {
            throw new ProblemException(Problems.BadRequest("The request body is not valid JSON.", PathToPointer(PathOf(ex)), Describe(ex)));
        }
        catch (OverflowException)
        {
            throw new ProblemException(Problems.BadRequest("The request body is not valid JSON.", "", "a number is too large"));
        }
    }

    /// <summary>Newtonsoft also reads what JSON does not allow (unquoted or single-quoted names, 01, 0x10, trailing commas): refuse it.</summary>
    private static void RequireStandardJson(string text)
    {
        var reader = new System.Text.Json.Utf8JsonReader(Encoding.UTF8.GetBytes(text),
            new System.Text.Json.JsonReaderOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, MaxDepth = 4 * MaxDepth });
        try
        {
            while (reader.Read())
            {
                // Newtonsoft turns an escaped lone surrogate (\ud800) into U+FFFD, silently changing the text; unescaping here refuses it.
                if (reader.TokenType is System.Text.Json.JsonTokenType.String or System.Text.Json.JsonTokenType.PropertyName && reader.ValueIsEscaped)
                    reader.GetString();
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ProblemException(Problems.BadRequest("The request body is not valid JSON.", "",
                $"not standard JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: use double-quoted names and strings and plain decimal numbers"));
        }
        catch (InvalidOperationException)
        {
            throw new ProblemException(Problems.BadRequest("The request body is not valid JSON.", "", "a string contains an unpaired surrogate escape (a broken character)"));
        }
    }

    /// <summary>Binds a parsed document to <typeparamref name="T"/>, rejecting unknown fields and wrong types with a pointer.</summary>
    public static T Bind<T>(JToken token)
    {
        if (token.Type != JTokenType.Object)
            throw new ProblemException(Problems.BadRequest("The request body must be a JSON object.", "", "expected an object"));
        var typeErrors = new List<ProblemError>();
        CheckTypes(token, typeof(T), nullable: false, null, typeErrors);
        if (typeErrors.Count > 0)
            throw new ProblemException(Problems.Create(400, ProblemCodes.BadRequest, "The request body does not have the expected shape.", errors: typeErrors));
        try
        {
            return token.ToObject<T>(Serializer) ?? throw new ProblemException(Problems.BadRequest("The request body is empty.", "", "expected an object"));
        }
        catch (JsonException ex)
        {
            throw new ProblemException(Problems.BadRequest("The request body does not have the expected shape.", PathToPointer(PathOf(ex)), Describe(ex)));
        }
        catch (Exception ex) when (ex is OverflowException or FormatException or ArgumentException or InvalidCastException)
        {
            throw new ProblemException(Problems.BadRequest("The request body does not have the expected shape.", "", "a value has the wrong type or is out of range"));
        }
    }

    public static T ParseAndBind<T>(string text) => Bind<T>(ParseStrict(text));

    /// <summary>What <see cref="Bind{T}"/> would refuse in a document's shape (wrong types, unknown fields, nulls), each with its pointer, without throwing.</summary>
    public static List<ProblemError> ShapeErrors<T>(JToken token)
    {
        var errors = new List<ProblemError>();
        CheckTypes(token, typeof(T), nullable: false, null, errors);
        return errors;
    }

    /// <summary>
    /// Newtonsoft would coerce "3" to 3, 2.5 to 2 and 1 to true (or to an enum): each field is taken only in its own JSON
    /// type, and said in plain words when it is not. Null in a member (or item) whose C# type is nullable is read as absent
    /// and left to the validators; in one that is not, it is refused here (it would otherwise bind to nothing usable).
    /// JToken fields take anything.
    /// </summary>
    private static void CheckTypes(JToken token, Type type, bool nullable, NullabilityInfo? nullability, List<ProblemError> errors)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(JToken).IsAssignableFrom(t) || t == typeof(object)) return;
        if (token.Type == JTokenType.Null)
        {
            if (!nullable) errors.Add(new ProblemError(PathToPointer(token.Path), "must not be null: give a value or leave the field out"));
            return;
        }
        string? expected = null;
        if (t.IsEnum)
        {
            // Exactly as documented (camelCase): Newtonsoft alone would also take "Admin " or "ADMIN".
            var names = Enum.GetNames(t).Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToList();
            expected = token.Type == JTokenType.String && names.Contains(token.Value<string>()!, StringComparer.Ordinal) ? null : "one of: " + string.Join(", ", names);
        }
        else if (t == typeof(string))
            expected = token.Type == JTokenType.String ? null : "a string";
        else if (t == typeof(DateTimeOffset) || t == typeof(DateTime))
            expected = token.Type == JTokenType.String && DateTimeOffset.TryParse(token.Value<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
                ? null : "a date and time with its offset from UTC, e.g. 2025-03-31T17:00:00+07:00 (offsets run from -14:00 to +14:00)";
        else if (t == typeof(DateOnly))
            expected = token.Type == JTokenType.String && DateOnly.TryParseExact(token.Value<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : "a date, e.g. 2025-12-31";
        else if (t == typeof(bool))
            expected = token.Type == JTokenType.Boolean ? null : "true or false";
        else if (t == typeof(int) || t == typeof(long))
            expected = token.Type == JTokenType.Integer && FitsIn(token, t == typeof(int) ? int.MinValue : long.MinValue, t == typeof(int) ? int.MaxValue : long.MaxValue)
                ? null : token.Type == JTokenType.Integer ? $"a whole number from {(t == typeof(int) ? int.MinValue : long.MinValue)} to {(t == typeof(int) ? int.MaxValue : long.MaxValue)}" : "a whole number";
        else if (t == typeof(decimal) || t == typeof(double))
            expected = token.Type is JTokenType.Float || (token.Type is JTokenType.Integer && FitsIn(token, decimal.MinValue, decimal.MaxValue)) ? null : "a number";
        else if (Generic(t, typeof(IDictionary<,>)) is { } dictionary)
        {
            var item = nullability?.GenericTypeArguments is { Length: 2 } args ? args[1] : null;
            if (token is JObject o) foreach (var p in o.Properties()) CheckTypes(p.Value, dictionary[1], MayBeNull(dictionary[1], item), item, errors);
            else expected = "an object";
        }
        else if (Generic(t, typeof(IEnumerable<>)) is { } list)
        {
            var item = nullability?.GenericTypeArguments is { Length: 1 } args ? args[0] : null;
            if (token is JArray a) foreach (var i in a) CheckTypes(i, list[0], MayBeNull(list[0], item), item, errors);
            else expected = "an array";
        }
        else if (Serializer.ContractResolver.ResolveContract(t) is JsonObjectContract contract)
        {
            if (token is JObject o)
            {
                foreach (var p in o.Properties())
                {
                    // Newtonsoft matches names case-insensitively, so "Values" would silently overwrite "values".
                    if (contract.Properties.GetProperty(p.Name, StringComparison.Ordinal) is { Ignored: false, PropertyType: { } pt } member)
                    {
                        var info = t.GetProperty(member.UnderlyingName ?? p.Name, BindingFlags.Public | BindingFlags.Instance) is { } pi ? Nullability.Of(pi) : null;
                        CheckTypes(p.Value, pt, MayBeNull(pt, info), info, errors);
                    }
                    else if (contract.Properties.GetClosestMatchProperty(p.Name) is { } near)
                        errors.Add(new ProblemError(PathToPointer(p.Path), $"is not a known field (names are case-sensitive: {near.PropertyName})", "unknown-field"));
                    else errors.Add(new ProblemError(PathToPointer(p.Path), "is not a known field", "unknown-field"));
                }
            }
            else expected = "an object";
        }
        if (expected is not null) errors.Add(new ProblemError(PathToPointer(token.Path), $"has the wrong type: expected {expected}", "wrong-type"));
    }

    /// <summary>A nullable value type, or a reference type not declared non-nullable (unknown counts as nullable).</summary>
    private static bool MayBeNull(Type type, NullabilityInfo? info) =>
        type.IsValueType ? Nullable.GetUnderlyingType(type) is not null : info is null || info.WriteState != NullabilityState.NotNull;

    private static bool FitsIn(JToken token, decimal min, decimal max) => token is JValue { Value: var v } && v switch
    {
        long l => l >= min && l <= max,
        int i => i >= min && i <= max,
        System.Numerics.BigInteger b => b >= new System.Numerics.BigInteger(min) && b <= new System.Numerics.BigInteger(max),
        _ => true,
    };

    private static Type[]? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type : null)?.GetGenericArguments()
        ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();

    private static string PathOf(JsonException ex) => ex switch
    {
        JsonSerializationException s => s.Path ?? "",
        JsonReaderException r => r.Path ?? "",
        _ => "",
    };

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        // Newtonsoft appends "Path '...', line 1, position 9." – the pointer already says where.
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (message.Contains("Could not find member", StringComparison.Ordinal)) return "is not a known field";
        // Newtonsoft's conversion messages name .NET types (System.Int32, DateTimeOffset): say it in plain words instead.
        if (message.StartsWith("Error converting value", StringComparison.Ordinal) || message.StartsWith("Could not convert", StringComparison.Ordinal)
            || message.StartsWith("Input string", StringComparison.Ordinal) || message.Contains("System.", StringComparison.Ordinal)
            || message.Contains(" type '", StringComparison.Ordinal) || message.Contains("Int32", StringComparison.Ordinal) || message.Contains("Int64", StringComparison.Ordinal))
            return "has the wrong type or is out of range";
        if (message.StartsWith("Unexpected character", StringComparison.Ordinal))
            return "has the wrong type: " + message.TrimEnd('.');
        return message.TrimEnd('.');
    }

    /// <summary>Turns a Newtonsoft path (<c>values['5.1.2'].numerator</c>, <c>items[3]</c>) into a JSON Pointer.</summary>
    public static string PathToPointer(string path)
    {
        if (string.IsNullOrEmpty(path)) return "";
        var sb = new StringBuilder();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.') { i++; continue; }
            string segment;
            if (path[i] == '[')
            {
                if (i + 1 < path.Length && path[i + 1] == '\'')
                {
                    var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    if (end < 0) end = path.Length;
                    segment = path[(i + 2)..end];
                    i = Math.Min(path.Length, end + 2);
                }
                else
                {
                    var end = path.IndexOf(']', i);
                    if (end < 0) end = path.Length;
                    segment = path[(i + 1)..end];
                    i = Math.Min(path.Length, end + 1);
                }
            }
            else
            {
                var end = i;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                segment = path[i..end];
                i = end;
            }
            sb.Append('/').Append(segment.Replace("~", "~0").Replace("/", "~1"));
        }
        return sb.ToString();
    }
}

/// <summary>Writes decimals (and nullable ones) as people write numbers (3, 37.5), not 3.0: the value is unchanged, only its spelling.</summary>
internal sealed class PlainDecimalConverter : JsonConverter
{
    public override bool CanRead => false;

    public override bool CanConvert(Type objectType) => objectType == typeof(decimal) || objectType == typeof(decimal?);

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        if (value is decimal d) writer.WriteRawValue(d.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture));
        else writer.WriteNull();
    }

    public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
        throw new NotSupportedException();
}
