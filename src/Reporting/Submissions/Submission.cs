using System.ComponentModel.DataAnnotations;
using Newtonsoft.Json.Linq;
using Reporting.OpenApi;
using Reporting.Plans;

namespace Reporting.Submissions;

/// <summary>What a focal point sends: a value per indicator, an overall narrative, the activities carried out.</summary>
public sealed class SubmissionInput
{
    /// <summary>Indicator code → its figures.</summary>
    [Keys(PlanValidator.CodePatternText, "5.1.1")] public Dictionary<string, IndicatorValue?> Values { get; set; } = [];
    [Text(SubmissionValidator.MaxOverallNarrative, Lines = TextLines.Multi)] public string? Narrative { get; set; }
    [MaxLength(SubmissionValidator.MaxActivities)] public List<Activity?> Activities { get; set; } = [];
}

/// <summary>One indicator's figure. Which fields apply depends on the indicator's kind.</summary>
public sealed class IndicatorValue
{
    /// <summary>Count indicators.</summary>
    [Range(0d, (double)SubmissionValidator.MaxNumber)] public decimal? Value { get; set; }
    /// <summary>Percentage and ratio indicators.</summary>
    [Range(0d, (double)SubmissionValidator.MaxNumber)] public decimal? Numerator { get; set; }
    [Range(0d, (double)SubmissionValidator.MaxNumber, MinimumIsExclusive = true)] public decimal? Denominator { get; set; }
    /// <summary>Milestone indicators: reached or not, with a link to the evidence.</summary>
    public bool? Achieved { get; set; }
    [MaxLength(SubmissionValidator.MaxUrl), Pattern("^[Hh][Tt][Tt][Pp][Ss]?://", "https://example.gov/report.pdf")] public string? EvidenceUrl { get; set; }
    /// <summary>Any indicator: the official's explanation, in any language and script.</summary>
    [Text(SubmissionValidator.MaxNarrative, Lines = TextLines.Multi)] public string? Narrative { get; set; }
    /// <summary>dimension → category → part: a number for counts, {numerator, denominator} for rates.</summary>
    [Keys(PlanValidator.CodePatternText, "sex")] public Dictionary<string, Dictionary<string, JToken?>?>? Disaggregation { get; set; }
}

public sealed class Activity
{
    [Required, Text(SubmissionValidator.MaxTitle, NotBlank = true, Lines = TextLines.Single)] public string? Title { get; set; }
    [Text(SubmissionValidator.MaxDescription, Lines = TextLines.Multi)] public string? Description { get; set; }
    /// <summary>The outcome the activity served.</summary>
    [Required, Pattern(PlanValidator.CodePatternText, "3.2.4")] public string? Outcome { get; set; }
    /// <summary>Optional: the key result area of the plan's framework the activity served, e.g. D.4.</summary>
    [System.ComponentModel.Description("Optional: a key result area of the plan's framework (GET frameworks/{id}) the activity served, e.g. D.4.")]
    public string? Kra { get; set; }
    /// <summary>Importance to the target, 1 (low) to 3 (high), as in the seed's scoring of activities.</summary>
    [Required, Range(1, 3)] public int? Importance { get; set; }
}

public enum SubmissionStatus
{
    Draft,
    Submitted,
    Accepted,
    Returned,
}

public sealed record LockException(DateTimeOffset Until, string GrantedBy, DateTimeOffset GrantedAt, string Reason);

/// <summary>A stored submission as the API shows it.</summary>
public sealed class Submission
{
    public required string PlanId { get; init; }
    public required int PlanVersion { get; set; }
    public required int Year { get; init; }
    public required string State { get; init; }
    public SubmissionStatus Status { get; set; }
    public int Revision { get; set; }
    public bool Late { get; set; }
    public Dictionary<string, IndicatorValue> Values { get; set; } = [];
    public string? Narrative { get; set; }
    public List<Activity> Activities { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public string? ReviewComment { get; set; }
    public LockException? LockException { get; set; }

    public string ETag => SubmissionETag.Of(Revision);
}

public static class SubmissionETag
{
    public static string Of(int revision) => $"\"r{revision}\"";
}

/// <summary>One line of a submission's history: nothing changes without one.</summary>
public sealed record HistoryEntry(
    int Revision,
    DateTimeOffset At,
    string By,
    string Role,
    string Action,
    SubmissionStatus? FromStatus,
    SubmissionStatus? ToStatus,
    string? Comment,
    IReadOnlyList<string> Changes);
