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
    public List<Goal> Goals { get; set; } = [];
    public List<Output> Outputs { get; set; } = [];
    public List<Outcome> Outcomes { get; set; } = [];
    /// <summary>Disaggregation dimensions the plan allows, with their categories, e.g. sex: female, male.</summary>
    public Dictionary<string, List<string>> Disaggregations { get; set; } = [];
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
}

public sealed class Outcome
{
    public string Code { get; set; } = "";
    public string Text { get; set; } = "";
    public List<string> Goals { get; set; } = [];
    public List<string> Outputs { get; set; } = [];
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
