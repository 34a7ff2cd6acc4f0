using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Reporting.Tests.Api;

/// <summary>One way a valid body was broken: where, how, and the broken body (checked to be invalid by the document).</summary>
public sealed record Mutation(string Pointer, string Kind, JToken Body)
{
    /// <summary>An explicit null in a member the document leaves optional: the server may read it as absent.</summary>
    public bool NullInOptional { get; init; }
}

/// <summary>
/// Generates bodies and parameter values from the document's JSON Schemas (a seeded generator over the schema, not over
/// the C# types): valid instances, drawing on the schema's examples where a pattern constrains a string; and mutations
/// that each break one rule the schema states (a required member removed, a wrong type, a value outside its bounds,
/// enum or pattern, an unknown member, a variant's discriminator swapped, null).
/// </summary>
public sealed class SchemaBodies(JObject schemas, Random random)
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string LowerCase = "abcdefghijklmnopqrstuvwxyz0123456789-";
    /// <summary>Text as focal points write it: Latin, Thai, Lao, Khmer, Myanmar, Vietnamese, spaces and a line break.</summary>
    private static readonly string[] Words = ["report", "ความคืบหน้า", "ກະຊວງ", "ក្រសួង", "ဝန်ကြီးဌာန", "tiến độ", "2024", "—", "data", "\n"];

    public JObject Resolve(JObject schema)
    {
        while (schema["$ref"]?.Value<string>() is { } reference)
            schema = (JObject)schemas[reference.Split('/')[^1]]!;
        return schema;
    }

    public JToken Valid(JObject schema, int depth = 0)
    {
        schema = Resolve(schema);
        if (schema["const"] is { } constant) return constant.DeepClone();
        if (schema["enum"] is JArray values) return values[random.Next(values.Count)].DeepClone();
        if (schema["oneOf"] is JArray oneOf) return Valid((JObject)oneOf[random.Next(oneOf.Count)], depth);
        var type = TypeOf(schema);
        switch (type)
        {
            case "object":
            {
                var result = new JObject();
                var required = Required(schema);
                if (schema["properties"] is JObject properties)
                    foreach (var p in properties.Properties())
                        if (required.Contains(p.Name) || (depth < 4 && random.NextDouble() < 0.5))
                            result[p.Name] = Valid((JObject)p.Value, depth + 1);
                if (schema["additionalProperties"] is JObject values2 && depth < 4)
                {
                    var count = random.Next(0, 3);
                    for (var i = 0; i < count; i++) result[Key(schema)] = Valid(values2, depth + 1);
                }
                return result;
            }
            case "array":
            {
                var min = schema.Value<int?>("minItems") ?? 0;
                var max = Math.Min(schema.Value<int?>("maxItems") ?? 3, min + 3);
                var count = depth >= 4 ? min : random.Next(min, max + 1);
                var items = new JArray();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var tries = 0; items.Count < count && tries < 50; tries++)
                {
                    var item = Valid((JObject)(schema["items"] ?? new JObject()), depth + 1);
                    if (schema.Value<bool?>("uniqueItems") == true && !seen.Add(item.ToString())) continue;
                    items.Add(item);
                }
                return items;
            }
            case "string": return String(schema);
            case "integer":
            {
                var (min, max) = Bounds(schema, 0, 5000);
                // A range that holds years: half the time a recent one, so requests also reach past the plan's own checks.
                if (min <= 2021 && max >= 2025 && random.NextDouble() < 0.5) return new JValue(2021L + random.Next(5));
                return new JValue((long)Math.Floor(min + (random.NextDouble() * (Math.Min(max, min + 10_000) - min))));
            }
            case "number":
            {
                var (min, max) = Bounds(schema, 0, 5000);
                var value = Math.Round((decimal)(min + (random.NextDouble() * (Math.Min(max, min + 10_000) - min))), 2);
                if (schema["exclusiveMinimum"] is not null && value <= (decimal)min) value = (decimal)min + 1;
                return new JValue(value);
            }
            case "boolean": return new JValue(random.Next(2) == 1);
            default: return new JValue(random.Next(100));
        }
    }

    public string String(JObject schema)
    {
        var examples = (schema["examples"] as JArray)?.Select(e => e.Value<string>()!).ToList() ?? [];
        if (schema["format"]?.Value<string>() == "date-time")
            return new DateTimeOffset(2020 + random.Next(12), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), 0, TimeSpan.FromHours(random.Next(-12, 14)))
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        if (schema["format"]?.Value<string>() == "date")
            return new DateOnly(2020 + random.Next(12), 1 + random.Next(12), 1 + random.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var patterns = Patterns(schema);
        if (patterns.Count > 0 && examples.Count > 0 && random.NextDouble() < 0.8) return examples[random.Next(examples.Count)];
        var minLength = schema.Value<int?>("minLength") ?? 0;
        var maxLength = schema.Value<int?>("maxLength") ?? 60;
        for (var tries = 0; tries < 40; tries++)
        {
            var text = Text(minLength, Math.Min(maxLength, minLength + 40), plain: tries > 20);
            if (text.Length >= minLength && text.Length <= maxLength && patterns.All(p => Regex.IsMatch(text, p))) return text;
        }
        if (examples.Count > 0) return examples[random.Next(examples.Count)];
        throw new InvalidOperationException($"No string satisfies {schema}: give the member an example (PatternAttribute).");
    }

    private string Text(int min, int max, bool plain)
    {
        var length = random.Next(min, Math.Max(min, max) + 1);
        var alphabet = random.Next(2) == 0 ? Letters : LowerCase;
        var sb = new StringBuilder();
        while (sb.Length < length)
        {
            if (plain) sb.Append(alphabet[random.Next(alphabet.Length)]);
            else sb.Append(Words[random.Next(Words.Length)]).Append(' ');
        }
        var text = sb.ToString()[..Math.Min(sb.Length, Math.Max(length, min))];
        return text.Length > 0 && char.IsWhiteSpace(text[^1]) && text.Length > 1 ? text[..^1] + "x" : text;
    }

    private string Key(JObject schema)
    {
        var names = schema["propertyNames"] as JObject;
        var examples = (names?["examples"] as JArray)?.Select(e => e.Value<string>()!).ToList() ?? [];
        if (examples.Count > 0 && random.NextDouble() < 0.8) return examples[random.Next(examples.Count)];
        var pattern = names?.Value<string>("pattern");
        for (var tries = 0; tries < 40; tries++)
        {
            var key = Text(1, 8, plain: true);
            if (pattern is null || Regex.IsMatch(key, pattern)) return key;
        }
        return examples.FirstOrDefault() ?? "k";
    }

    /// <summary>
    /// Every single-rule break of <paramref name="body"/> the schema states, walking the body beside its schema. The
    /// caller keeps only those the document itself finds invalid (a break can land inside another branch of a oneOf).
    /// </summary>
    public IEnumerable<Mutation> Mutations(JObject schema, JToken body) => Walk(schema, body, body, "", optional: false);

    private IEnumerable<Mutation> Walk(JObject schema, JToken root, JToken value, string pointer, bool optional)
    {
        schema = Resolve(schema);
        foreach (var m in Here(schema, root, value, pointer, optional)) yield return m;
        if (schema["oneOf"] is JArray oneOf && value is JObject chosen)
        {
            // The branch this body took: the one whose discriminator (const) it carries, or the first it satisfies by shape.
            var branch = oneOf.OfType<JObject>().FirstOrDefault(b => (b["properties"] as JObject)?.Properties()
                .Any(p => p.Value["const"] is { } c && JToken.DeepEquals(c, chosen[p.Name])) == true) ?? (JObject)oneOf[0];
            foreach (var m in Walk(branch, root, value, pointer, optional)) yield return m;
            foreach (var other in oneOf.OfType<JObject>().Where(b => !ReferenceEquals(b, branch)))
                foreach (var p in ((other["properties"] as JObject)?.Properties() ?? []).Where(p => p.Value["const"] is not null))
                    yield return Replace(root, $"{pointer}/{Escape(p.Name)}", p.Value["const"]!.DeepClone(), "variant swapped: the other variant's rules apply");
            yield break;
        }
        if (value is JObject obj && TypeOf(schema) == "object")
        {
            var required = Required(schema);
            var properties = schema["properties"] as JObject;
            foreach (var name in required.Where(n => obj[n] is not null))
                yield return Remove(root, $"{pointer}/{Escape(name)}", "required member missing");
            if (schema["additionalProperties"]?.Type == JTokenType.Boolean && !schema.Value<bool>("additionalProperties"))
                yield return Replace(root, $"{pointer}/zzUnknownField", true, "unknown member");
            if (schema["propertyNames"]?["pattern"] is not null)
                yield return Replace(root, $"{pointer}/{Escape("not a code!")}", Valid((JObject)(schema["additionalProperties"] as JObject ?? new JObject())), "key breaks propertyNames");
            foreach (var p in obj.Properties())
            {
                var member = properties?[p.Name] as JObject ?? schema["additionalProperties"] as JObject;
                if (member is not null)
                    foreach (var m in Walk(member, root, p.Value, $"{pointer}/{Escape(p.Name)}", optional: !required.Contains(p.Name) && properties?[p.Name] is not null))
                        yield return m;
            }
        }
        if (value is JArray array && schema["items"] is JObject items)
        {
            for (var i = 0; i < array.Count; i++)
                foreach (var m in Walk(items, root, array[i], $"{pointer}/{i}", optional: false)) yield return m;
            if (schema.Value<int?>("maxItems") is { } maxItems && array.Count > 0)
                yield return Replace(root, pointer, new JArray(Enumerable.Range(0, maxItems + 1).Select(i => array[i % array.Count].DeepClone())), "more items than maxItems");
            if (schema.Value<int?>("minItems") is { } minItems && minItems > 0)
                yield return Replace(root, pointer, new JArray(array.Take(minItems - 1).Select(a => a.DeepClone())), "fewer items than minItems");
            if (schema.Value<bool?>("uniqueItems") == true && array.Count > 0)
                yield return Replace(root, pointer, new JArray(array.Append(array[0]).Select(a => a.DeepClone())), "duplicate item");
        }
    }

    /// <summary>Breaks of the value itself: its type, null, enum, bounds, length and pattern.</summary>
    private IEnumerable<Mutation> Here(JObject schema, JToken root, JToken value, string pointer, bool optional)
    {
        if (pointer.Length == 0) yield break;
        yield return Replace(root, pointer, JValue.CreateNull(), optional ? "null in an optional member" : "null") with { NullInOptional = optional };
        var type = TypeOf(schema);
        JToken wrong = type switch
        {
            "string" => new JValue(12345),
            "integer" or "number" => new JValue("12"),
            "boolean" => new JValue("true"),
            "array" => new JObject(),
            "object" => new JArray(),
            _ => JValue.CreateNull(),
        };
        if (type is not null) yield return Replace(root, pointer, wrong, "wrong JSON type");
        if (schema["enum"] is not null || schema["const"] is not null) yield return Replace(root, pointer, "not-a-listed-value", "outside the enum");
        if (type == "integer" && value.Type == JTokenType.Integer)
        {
            yield return Replace(root, pointer, 2.5m, "fraction for a whole number");
            yield return Replace(root, pointer, 99_999_999_999L, "beyond a 32-bit whole number");
        }
        if (type is "integer" or "number")
        {
            if (schema["minimum"] is { } min) yield return Replace(root, pointer, min.Value<decimal>() - 1, "below minimum");
            if (schema["exclusiveMinimum"] is { } xmin) yield return Replace(root, pointer, xmin.Value<decimal>(), "at the exclusive minimum");
            if (schema["maximum"] is { } max) yield return Replace(root, pointer, max.Value<decimal>() + 1, "above maximum");
        }
        if (type == "string" && value.Type == JTokenType.String)
        {
            var text = value.Value<string>()!;
            if (schema.Value<int?>("maxLength") is { } maxLength) yield return Replace(root, pointer, new string('x', maxLength + 1), "longer than maxLength");
            if (schema.Value<int?>("minLength") is { } minLength && minLength > 0) yield return Replace(root, pointer, "", "shorter than minLength");
            var patterns = Patterns(schema);
            if (patterns.Count > 0)
            {
                string[] candidates = ["", " ", "   ", "not valid!", "\u0001" + text, text + "\u0007", "line\nbreak", text.ToLowerInvariant(), "x" + text, text + "!"];
                if (candidates.FirstOrDefault(c => !patterns.All(p => Regex.IsMatch(c, p))) is { } breaking)
                    yield return Replace(root, pointer, breaking, "breaks the pattern");
            }
            if (schema["format"]?.Value<string>() is "date-time" or "date")
            {
                yield return Replace(root, pointer, "31/12/2025", "not a date");
                if (schema.Value<string>("format") == "date-time") yield return Replace(root, pointer, "2025-03-31T17:00:00+15:00", "offset beyond +14:00");
            }
        }
    }

    private static Mutation Replace(JToken root, string pointer, JToken value, string kind)
    {
        var copy = root.DeepClone();
        if (pointer.Length == 0) return new Mutation(pointer, kind, value);
        var (parent, last) = Parent(copy, pointer);
        if (parent is JObject o) o[last] = value;
        else if (parent is JArray a) a[int.Parse(last, CultureInfo.InvariantCulture)] = value;
        return new Mutation(pointer, kind, copy);
    }

    private static Mutation Remove(JToken root, string pointer, string kind)
    {
        var copy = root.DeepClone();
        var (parent, last) = Parent(copy, pointer);
        ((JObject)parent).Remove(last);
        return new Mutation(pointer, kind, copy);
    }

    private static (JToken Parent, string Last) Parent(JToken root, string pointer)
    {
        var parts = pointer.Split('/').Skip(1).Select(Unescape).ToList();
        var node = root;
        foreach (var part in parts[..^1]) node = node is JArray a ? a[int.Parse(part, CultureInfo.InvariantCulture)] : node[part]!;
        return (node, parts[^1]);
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");

    private static HashSet<string> Required(JObject schema) =>
        (schema["required"] as JArray)?.Select(r => r.Value<string>()!).ToHashSet(StringComparer.Ordinal) ?? [];

    private static List<string> Patterns(JObject schema) =>
        [.. new[] { schema.Value<string>("pattern") }.Concat((schema["allOf"] as JArray ?? []).Select(a => a.Value<string>("pattern"))).OfType<string>()];

    private static string? TypeOf(JObject schema) => schema["type"] switch
    {
        JValue v => v.Value<string>(),
        JArray a => a.Select(t => t.Value<string>()).FirstOrDefault(t => t != "null"),
        _ => schema["properties"] is not null ? "object" : null,
    };

    private static (double Min, double Max) Bounds(JObject schema, double min, double max)
    {
        var lo = schema.Value<double?>("minimum") ?? schema.Value<double?>("exclusiveMinimum") ?? min;
        var hi = schema.Value<double?>("maximum") ?? Math.Max(lo + max, max);
        return (lo, hi);
    }
}
