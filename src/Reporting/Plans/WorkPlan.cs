using System.ComponentModel;

namespace Reporting.Plans;

/// <summary>A sectoral work plan and its results framework, as uploaded by an admin (plans/*.json).</summary>
public sealed class WorkPlan
{
    public string Id { get; set; } = "";
    public int? Version { get; set; }
    public string Title { get; set; } = "";
    public string SectoralBody { get; set; } = "";
    public int FirstYear { get; set; }
    public int LastYear { get; set; }
    public string? Source { get; set; }
    public string? Vision { get; set; }
    public string? Note { get; set; }
    /// <summary>After this date no submission of the plan may change (typed reason <c>plan-closed</c>).</summary>
    public DateOnly? ClosedOn { get; set; }
    /// <summary>
    /// The community framework (reference/frameworks) whose key result areas the plan's outcomes, outputs and indicators
    /// name in <c>serves</c>, and its activities in <c>kra</c>, e.g. ascc-blueprint-2025. Named once, for the whole plan.
    /// </summary>
    [Description("The framework (GET frameworks) whose key result areas serves and activities' kra name, e.g. ascc-blueprint-2025.")]
    public string? Framework { get; set; }
    public List<Goal> Goals { get; set; } = [];
    public List<Output> Outputs { get; set; } = [];
    public List<Outcome> Outcomes { get; set; } = [];
    /// <summary>Disaggregation dimensions the plan allows, with their categories, e.g. sex: female, male.</summary>
    public Dictionary<string, List<string>> Disaggregations { get; set; } = [];
    /// <summary>How people read the dimensions and their categories (ageGroup → "Age group", 60plus → "60 and over"); a code without one is shown as it is.</summary>
    public Dictionary<string, DisaggregationLabel>? DisaggregationLabels { get; set; }
    public List<Indicator> Indicators { get; set; } = [];
    /// <summary>
    /// The share of the states expected to report (0-1) that must be counted before progress is judged; below it the
    /// status is notEnoughReports. Default two thirds; an indicator may set its own.
    /// </summary>
    public decimal? MinimumCoverage { get; set; }

    public const decimal DefaultMinimumCoverage = 2m / 3m;

    /// <summary>The indicator's own minimum coverage, else the plan's, else two thirds.</summary>
    public decimal MinimumCoverageFor(Indicator indicator) => indicator.MinimumCoverage ?? MinimumCoverage ?? DefaultMinimumCoverage;

    public Indicator? FindIndicator(string code) => Indicators.FirstOrDefault(i => i.Code == code);

    public bool CoversYear(int year) => year >= FirstYear && year <= LastYear;

    /// <summary>The plan's years that have started by <paramref name="currentYear"/>.</summary>
    public IEnumerable<int> YearsSoFar(int currentYear) => YearsSoFar(FirstYear, LastYear, currentYear);

    public static IEnumerable<int> YearsSoFar(int firstYear, int lastYear, int currentYear) =>
        Enumerable.Range(firstYear, Math.Max(0, Math.Min(lastYear, currentYear) - firstYear + 1));

    /// <summary>Reads a year given in a path or query parameter: four digits, inside the plan, not in the future.</summary>
    public int ParseYear(string text, int currentYear, string parameter = "year")
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || text.Length != 4)
            throw new Http.ProblemException(Http.Problems.BadRequest("The year is not valid.", parameter, "must be a four-digit year, e.g. 2024"));
        if (!CoversYear(year))
            throw new Http.ProblemException(Http.Problems.BadRequest("The year is outside the plan.", parameter, $"plan {Id} runs from {FirstYear} to {LastYear}"));
        if (year > currentYear)
            throw new Http.ProblemException(Http.Problems.BadRequest("The year is in the future.", parameter, $"{year} has not started yet"));
        return year;
    }
}

/// <summary>The words for one disaggregation dimension and its categories, in the plan's language.</summary>
public sealed class DisaggregationLabel
{
    public string Label { get; set; } = "";
    /// <summary>category code → its words.</summary>
    public Dictionary<string, string> Categories { get; set; } = [];
}

public sealed class Goal
{
    public string Code { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class Output
{
    public string Code { get; set; } = "";
    public string Text { get; set; } = "";
    public List<string> Goals { get; set; } = [];
    /// <summary>Key result areas of the plan's framework this output serves, e.g. ["B.1"].</summary>
    [Description(LinkText.Serves)]
    public List<string> Serves { get; set; } = [];
    [Description(LinkText.MappingSource)]
    public MappingSource? MappingSource { get; set; }
    [Description(LinkText.MappingNote)]
    public string? MappingNote { get; set; }
}

public sealed class Outcome
{
    public string Code { get; set; } = "";
    public string Text { get; set; } = "";
    public List<string> Goals { get; set; } = [];
    public List<string> Outputs { get; set; } = [];
    /// <summary>Key result areas of the plan's framework this outcome serves, e.g. ["B.1", "D.4"].</summary>
    [Description(LinkText.Serves)]
    public List<string> Serves { get; set; } = [];
    [Description(LinkText.MappingSource)]
    public MappingSource? MappingSource { get; set; }
    [Description(LinkText.MappingNote)]
    public string? MappingNote { get; set; }
}

/// <summary>The schema descriptions of the framework links, shared by outputs, outcomes and indicators.</summary>
internal static class LinkText
{
    public const string Serves = "Codes of key result areas of the plan's framework, e.g. [\"B.1\", \"D.4\"]; each must exist in it.";
    public const string MappingSource = "Required with serves: who states the links: plan (its own text), framework (a KRA's title or strategic measure), or project (this project's reading).";
    public const string MappingNote = "What each link rests on, e.g. the strategic measure quoted.";
}

/// <summary>
/// Who states that an element serves the key result areas it names (required with <c>serves</c>). With several codes,
/// the weakest applies to all of them, and the mapping note says which code rests on what.
/// </summary>
public enum MappingSource
{
    /// <summary>The plan's own text links the element to those key result areas.</summary>
    Plan,
    /// <summary>The framework's text (a KRA's title or strategic measure) names what the element is about.</summary>
    Framework,
    /// <summary>This project's reading: no official text states the link.</summary>
    Project,
}

public enum IndicatorKind
{
    Count,
    /// <summary>Numerator over denominator, shown x100; the numerator cannot exceed the denominator.</summary>
    Percentage,
    /// <summary>Numerator over denominator, any size.</summary>
    Ratio,
    /// <summary>Yes/no, with an evidence link.</summary>
    Milestone,
    Narrative,
}

public enum StateAggregation
{
    Sum,
    Mean,
    /// <summary>Sum of numerators over sum of denominators: never a mean of percentages.</summary>
    WeightedMean,
    CountYes,
    None,
}

public enum YearAggregation
{
    Sum,
    Latest,
    None,
}

public enum Direction
{
    Increase,
    Decrease,
}

public sealed class Indicator
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Outcome { get; set; }
    public string? Output { get; set; }
    public IndicatorKind Kind { get; set; }
    public string? Unit { get; set; }
    public Measure? Baseline { get; set; }
    public Measure? Target { get; set; }
    public Direction Direction { get; set; } = Direction.Increase;
    public StateAggregation StateAggregation { get; set; }
    public YearAggregation YearAggregation { get; set; }
    public List<string> Disaggregations { get; set; } = [];
    public string? Note { get; set; }
    /// <summary>Optional: key result areas this indicator serves beyond those of its outcome and output.</summary>
    [Description(LinkText.Serves)]
    public List<string> Serves { get; set; } = [];
    [Description(LinkText.MappingSource)]
    public MappingSource? MappingSource { get; set; }
    [Description(LinkText.MappingNote)]
    public string? MappingNote { get; set; }
    /// <summary>Overrides the plan's <see cref="WorkPlan.MinimumCoverage"/> for this indicator.</summary>
    public decimal? MinimumCoverage { get; set; }
}

public sealed class Measure
{
    public decimal Value { get; set; }
    public int Year { get; set; }
    /// <summary>True when the source document gives no figure and the value was chosen to make the sample usable.</summary>
    public bool Illustrative { get; set; }
    public string? Note { get; set; }
}
