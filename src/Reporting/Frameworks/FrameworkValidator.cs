using System.Text.RegularExpressions;
using Reporting.Http;

namespace Reporting.Frameworks;

/// <summary>
/// Checks framework reference data: one file on its own (<see cref="Validate(Framework)"/>) and the set of files
/// together (<see cref="ValidateSet"/>). Every problem points into the file, so a wrong entry is found at once.
/// </summary>
public static partial class FrameworkValidator
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}$")]
    public static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex SeriesPattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,8}$")]
    private static partial Regex CharacteristicPattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,8}(\\.[A-Za-z0-9]{1,8}){1,3}$")]
    private static partial Regex KeyResultAreaPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex SourceIdPattern();

    public static IReadOnlyList<ProblemError> Validate(Framework framework)
    {
        var errors = new List<ProblemError>();
        void Add(string pointer, string message) => errors.Add(new ProblemError(pointer, message));

        if (!IdPattern().IsMatch(framework.Id)) Add("/id", "must be 3-63 lowercase letters, digits or hyphens, e.g. ascc-blueprint-2025");
        if (!SeriesPattern().IsMatch(framework.Series)) Add("/series", "must be lowercase letters, digits or hyphens, e.g. ascc");
        if (framework.Revision < 1) Add("/revision", "must be 1 or more (raise it when an entry is corrected)");
        if (string.IsNullOrWhiteSpace(framework.Title)) Add("/title", "is required");
        if (framework.FirstYear is < 1967 or > 2100) Add("/firstYear", "must be a year between 1967 and 2100");
        if (framework.LastYear < framework.FirstYear || framework.LastYear - framework.FirstYear > 30)
            Add("/lastYear", "must be on or after firstYear and within 30 years of it");
        if (framework.Supersedes is { } s && s == framework.Id) Add("/supersedes", "a framework cannot supersede itself");
        if (framework.DeclaredKeyResultAreas is { } declared && declared < framework.KeyResultAreas.Count)
            Add("/declaredKeyResultAreas", $"says {declared} but {framework.KeyResultAreas.Count} key result areas are listed");

        var sources = new HashSet<string>(StringComparer.Ordinal);
        if (framework.Sources.Count == 0) Add("/sources", "cite at least one source for the framework's codes and titles");
        for (var i = 0; i < framework.Sources.Count; i++)
        {
            var source = framework.Sources[i];
            if (!SourceIdPattern().IsMatch(source.Id)) Add($"/sources/{i}/id", "must be lowercase letters, digits or hyphens");
            else if (!sources.Add(source.Id)) Add($"/sources/{i}/id", $"'{source.Id}' appears twice");
            if (string.IsNullOrWhiteSpace(source.Title)) Add($"/sources/{i}/title", "is required");
            if (source.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
                Add($"/sources/{i}/url", "must be a full http(s) address");
        }
        void Cited(bool confirmed, string? source, string at, string? note)
        {
            if (source is not null && !sources.Contains(source)) Add($"{at}/source", $"no source '{source}' in this file's sources");
            if (confirmed && source is null) Add($"{at}/source", "a confirmed entry names the source that confirms it");
            if (!confirmed && string.IsNullOrWhiteSpace(note)) Add($"{at}/note", "an unconfirmed entry says what could not be confirmed");
        }

        var characteristics = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < framework.Characteristics.Count; i++)
        {
            var c = framework.Characteristics[i];
            var at = $"/characteristics/{i}";
            if (!CharacteristicPattern().IsMatch(c.Code)) Add($"{at}/code", "must be 1-8 letters or digits, e.g. B");
            else if (!characteristics.Add(c.Code)) Add($"{at}/code", $"'{c.Code}' appears twice");
            if (string.IsNullOrWhiteSpace(c.Title)) Add($"{at}/title", "is required");
            Cited(c.Confirmed, c.Source, at, c.Note);
        }
        if (framework.Characteristics.Count == 0) Add("/characteristics", "a framework needs at least one characteristic");

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < framework.KeyResultAreas.Count; i++)
        {
            var k = framework.KeyResultAreas[i];
            var at = $"/keyResultAreas/{i}";
            if (!KeyResultAreaPattern().IsMatch(k.Code)) Add($"{at}/code", "must look like B.1: the characteristic's code, a dot, then letters or digits");
            else if (!codes.Add(k.Code)) Add($"{at}/code", $"'{k.Code}' appears twice");
            if (!characteristics.Contains(k.Characteristic)) Add($"{at}/characteristic", $"no characteristic '{k.Characteristic}' in this framework");
            else if (!k.Code.StartsWith(k.Characteristic + ".", StringComparison.Ordinal))
                Add($"{at}/code", $"a key result area of characteristic {k.Characteristic} has a code starting '{k.Characteristic}.'");
            if (string.IsNullOrWhiteSpace(k.Title)) Add($"{at}/title", "is required (a working label marked unconfirmed where the source's wording is unknown)");
            Cited(k.Confirmed, k.Source, at, k.Note);

            var measures = new HashSet<string>(StringComparer.Ordinal);
            for (var m = 0; m < k.StrategicMeasures.Count; m++)
            {
                var measure = k.StrategicMeasures[m];
                var mat = $"{at}/strategicMeasures/{m}";
                if (string.IsNullOrWhiteSpace(measure.Text)) Add($"{mat}/text", "is required");
                if (measure.Code is { } code && !measures.Add(code)) Add($"{mat}/code", $"'{code}' appears twice under {k.Code}");
                Cited(measure.Confirmed, measure.Source, mat, measure.Note);
            }
        }
        return errors;
    }

    /// <summary>
    /// The files together: ids unique and equal to the file name, a successor names a framework of its own series,
    /// and the periods of one series do not overlap (so each year has one framework in force).
    /// </summary>
    public static IReadOnlyList<string> ValidateSet(IReadOnlyList<(string File, Framework Framework)> files)
    {
        var problems = new List<string>();
        foreach (var (file, f) in files)
        {
            if (Path.GetFileNameWithoutExtension(file) != f.Id) problems.Add($"{Path.GetFileName(file)}: /id '{f.Id}' must match the file name ({f.Id}.json)");
            foreach (var e in Validate(f)) problems.Add($"{Path.GetFileName(file)}: {e.Pointer} {e.Message}");
        }
        var byId = new Dictionary<string, Framework>(StringComparer.Ordinal);
        foreach (var (file, f) in files)
            if (!byId.TryAdd(f.Id, f)) problems.Add($"{Path.GetFileName(file)}: /id '{f.Id}' is used by another file");
        foreach (var (file, f) in files)
        {
            if (f.Supersedes is not { } before || before == f.Id) continue;
            if (!byId.TryGetValue(before, out var previous)) problems.Add($"{Path.GetFileName(file)}: /supersedes no framework '{before}' in this folder");
            else if (previous.Series != f.Series) problems.Add($"{Path.GetFileName(file)}: /supersedes '{before}' is of series '{previous.Series}', not '{f.Series}'");
        }
        foreach (var series in files.Select(x => x.Framework).GroupBy(f => f.Series))
        {
            var ordered = series.OrderBy(f => f.FirstYear).ToList();
            for (var i = 1; i < ordered.Count; i++)
                if (ordered[i].FirstYear <= ordered[i - 1].LastYear)
                    problems.Add($"{ordered[i].Id}.json: /firstYear {ordered[i].FirstYear} overlaps {ordered[i - 1].Id} ({ordered[i - 1].FirstYear}-{ordered[i - 1].LastYear}) in series '{series.Key}'");
        }
        return problems;
    }
}
