namespace Reporting.Frameworks;

/// <summary>
/// A community-level framework that sectoral work plans serve, e.g. the ASCC Blueprint 2025: characteristics, their
/// key result areas (KRAs) and strategic measures. Reference data, one file per framework in <c>reference/frameworks/</c>;
/// a successor (the ASCC Post-2025 Strategic Plan) is another file naming this one in <see cref="Supersedes"/>.
/// </summary>
public sealed class Framework
{
    /// <summary>What plans name in their <c>framework</c> field, e.g. ascc-blueprint-2025. Never reused for another text.</summary>
    public string Id { get; set; } = "";
    /// <summary>Frameworks that follow one another share a series (ascc), so a year finds the one in force.</summary>
    public string Series { get; set; } = "";
    /// <summary>Revision of this file's data (1, 2, …): raised when an entry is corrected or confirmed, never for a new framework.</summary>
    public int Revision { get; set; }
    public string Title { get; set; } = "";
    public string? ShortTitle { get; set; }
    public string? Issuer { get; set; }
    public int FirstYear { get; set; }
    public int LastYear { get; set; }
    /// <summary>The framework this one follows in its series, e.g. the Post-2025 Strategic Plan supersedes ascc-blueprint-2025.</summary>
    public string? Supersedes { get; set; }
    /// <summary>How many KRAs the source says the framework has; more than listed when some could not be confirmed.</summary>
    public int? DeclaredKeyResultAreas { get; set; }
    public string? Note { get; set; }
    public List<FrameworkSource> Sources { get; set; } = [];
    public List<Characteristic> Characteristics { get; set; } = [];
    public List<KeyResultArea> KeyResultAreas { get; set; } = [];

    public KeyResultArea? FindKeyResultArea(string code) => KeyResultAreas.FirstOrDefault(k => k.Code == code);

    public bool Covers(int year) => year >= FirstYear && year <= LastYear;

    /// <summary>Why <paramref name="code"/> cannot be linked (it is no KRA here), in words a plan's author can act on.</summary>
    public string NotAKeyResultArea(string code)
    {
        var name = ShortTitle ?? Title;
        if (Characteristics.FirstOrDefault(c => c.Code == code) is { } characteristic)
        {
            var under = KeyResultAreas.Where(k => k.Characteristic == code).Select(k => k.Code).ToList();
            return $"'{code}' is a characteristic of {name} ({characteristic.Title}), not a key result area; name one of its key result areas"
                   + (under.Count > 0 ? $" ({string.Join(", ", under)})" : " (none of them is listed in the framework data yet)");
        }
        return $"no key result area '{code}' in {name} ({Id}); its key result areas are {string.Join(", ", KeyResultAreas.Select(k => k.Code))}";
    }
}

/// <summary>Where the entries come from: a stored public copy, with what it confirms (quoted).</summary>
public sealed class FrameworkSource
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Url { get; set; }
    public string? Confirms { get; set; }
}

/// <summary>A characteristic (A-E in the Blueprint), e.g. "B Inclusive".</summary>
public sealed class Characteristic
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>False when no source confirmed the code and title: shown as such wherever it appears.</summary>
    public bool Confirmed { get; set; }
    /// <summary>The id of an entry in <see cref="Framework.Sources"/>.</summary>
    public string? Source { get; set; }
    public string? Note { get; set; }
}

/// <summary>A key result area, e.g. "B.1 Reducing Barriers", under one characteristic.</summary>
public sealed class KeyResultArea
{
    public string Code { get; set; } = "";
    /// <summary>The code of its characteristic (B for B.1).</summary>
    public string Characteristic { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>False when the code or the title is the project's working label, not seen in a source (the note says what is missing).</summary>
    public bool Confirmed { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
    public List<StrategicMeasure> StrategicMeasures { get; set; } = [];
}

/// <summary>A strategic measure of a KRA, as its source words it. Code only where the source's numbering was seen.</summary>
public sealed class StrategicMeasure
{
    public string? Code { get; set; }
    public string Text { get; set; } = "";
    public bool Confirmed { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
}
