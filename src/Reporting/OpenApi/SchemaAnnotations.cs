namespace Reporting.OpenApi;

// What the C# types cannot say by themselves, said next to the member so a new field carries its own rule into the
// OpenAPI document (OpenApiSchemas reads these). Required, bounds and closed sets use the standard attributes where they
// fit ([Required], [Range], [MaxLength], [AllowedValues]); these cover the rest. None of them changes how the server
// reads or checks a body: the validators do that, and the property suite (OpenApiPropertyTests) holds the two together.

/// <summary>Which control characters a text may hold, as the validators check them.</summary>
public enum TextLines
{
    /// <summary>Not checked.</summary>
    Any,
    /// <summary>Tabs and line breaks, no other control character.</summary>
    Multi,
    /// <summary>No control character at all.</summary>
    Single,
}

/// <summary>Free text as the validators take it: a length limit in characters (0: none), not blank, and its control characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TextAttribute(int maxLength = 0) : Attribute
{
    public int MaxLength { get; } = maxLength;
    public bool NotBlank { get; init; }
    public TextLines Lines { get; init; }
}

/// <summary>A JSON Schema pattern (ECMA-262, anchored where it says ^…$) with examples that match it.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PatternAttribute(string pattern, params string[] examples) : Attribute
{
    public string Pattern { get; } = pattern;
    public IReadOnlyList<string> Examples { get; } = examples;
}

/// <summary>The keys of a dictionary member follow this pattern (JSON Schema <c>propertyNames</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class KeysAttribute(string pattern, params string[] examples) : Attribute
{
    public string Pattern { get; } = pattern;
    public IReadOnlyList<string> Examples { get; } = examples;
}

/// <summary>A string member takes only the values of the public string constants of these classes (a closed set kept in code).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfConstantsAttribute(params Type[] holders) : Attribute
{
    public IReadOnlyList<Type> Holders { get; } = holders;

    public static IReadOnlyList<string> ValuesOf(IEnumerable<Type> holders) =>
        [.. holders.SelectMany(h => h.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct()];
}

/// <summary>
/// A conditional requirement as the server applies it: when <paramref name="discriminator"/> (a member name) has
/// <paramref name="value"/>, the members in <see cref="Required"/> must be present and those in <see cref="Absent"/>
/// must not be. A type with variants is written as a oneOf of one object per value, so a generated client gets a union.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class VariantAttribute(string discriminator, string value) : Attribute
{
    public string Discriminator { get; } = discriminator;
    public string Value { get; } = value;
    public string[] Required { get; init; } = [];
    public string[] Absent { get; init; } = [];
    /// <summary>Members that must also say something (not blank) in this variant.</summary>
    public string[] NotBlank { get; init; } = [];
}

/// <summary>The items of an array member are all different (JSON Schema <c>uniqueItems</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class UniqueItemsAttribute : Attribute;

/// <summary>Rules for each item of an array member (or each value of a dictionary), given as the attributes an item would carry (catalog entries).</summary>
public sealed class ItemsAttribute(params Attribute[] rules) : Attribute
{
    public IReadOnlyList<Attribute> Rules { get; } = rules;
}
