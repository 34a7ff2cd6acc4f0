namespace Reporting.Import;

/// <summary>A problem in an uploaded file, said the way a person finds it: sheet, row, column, indicator.</summary>
public sealed record CellProblem(string? Sheet, int? Row, string? Column, string? Indicator, string Message, string? Pointer = null)
{
    public string Cell => Sheet is null ? Pointer ?? "" : $"{Sheet}!{Column}{Row}";
}

/// <summary>What an import would do (dry run) or did (receipt, also recorded in the submission's history).</summary>
public sealed class ImportReceipt
{
    public required string PlanId { get; init; }
    public required int Year { get; init; }
    public required string State { get; init; }
    public required bool DryRun { get; init; }
    public required string Format { get; init; }
    public required bool Valid { get; init; }
    /// <summary>True only for a real run that saved.</summary>
    public bool Saved { get; init; }
    /// <summary>Per indicator: created, updated, unchanged or removed (compared with the stored submission).</summary>
    public required List<ImportChange> Changes { get; init; }
    public bool NarrativeChanged { get; init; }
    public bool ActivitiesChanged { get; init; }
    public required List<CellProblem> Problems { get; init; }
    public int? Revision { get; init; }
    public string? ETag { get; init; }
    public required string Summary { get; init; }
}

public sealed record ImportChange(string Indicator, string Action);
