using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Reporting.Http;
using Reporting.MemberStates;

namespace Reporting.Frameworks;

/// <summary>
/// The frameworks plans may serve, read from <c>reference/frameworks/*.json</c> (one file per framework, named by its id)
/// like the member states are read from <c>reference/member-states.json</c>. A file that does not validate stops the
/// service at start with every problem listed: a wrong code would otherwise let plans link to a KRA that does not exist.
/// </summary>
public sealed class FrameworkDirectory
{
    public const string FolderName = "frameworks";

    private readonly Dictionary<string, Framework> byId;

    public FrameworkDirectory(IOptions<ReferenceDataOptions> options)
        : this(Load(Path.Combine(Path.IsPathRooted(options.Value.Folder) ? options.Value.Folder : Path.Combine(AppContext.BaseDirectory, options.Value.Folder), FolderName)))
    {
    }

    private FrameworkDirectory(IReadOnlyList<Framework> frameworks)
    {
        All = frameworks.OrderBy(f => f.Series, StringComparer.Ordinal).ThenBy(f => f.FirstYear).ToList();
        byId = All.ToDictionary(f => f.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Framework> All { get; }

    public Framework? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>The framework of a series in force in a year (e.g. ascc, 2024 → the Blueprint 2025), if any.</summary>
    public Framework? InForce(string series, int year) => All.FirstOrDefault(f => f.Series == series && f.Covers(year));

    /// <summary>Reads and validates every framework file of a folder (a missing folder holds none).</summary>
    public static FrameworkDirectory FromFolder(string folder) => new(Load(folder));

    private static List<Framework> Load(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var files = new List<(string File, Framework Framework)>();
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var framework = JsonConvert.DeserializeObject<Framework>(File.ReadAllText(file), Json.Settings);
                if (framework is null) problems.Add($"{Path.GetFileName(file)}: the file is empty");
                else files.Add((file, framework));
            }
            catch (JsonException e)
            {
                problems.Add($"{Path.GetFileName(file)}: {e.Message}");
            }
        }
        problems.AddRange(FrameworkValidator.ValidateSet(files));
        if (problems.Count > 0)
            throw new InvalidOperationException($"Framework reference data in {folder} is not valid ({problems.Count} problem(s)):\n" + string.Join("\n", problems));
        return files.Select(f => f.Framework).ToList();
    }
}
