using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Reporting.Http;

namespace Reporting.MemberStates;

public sealed record MemberState(string Code, string Name, DateOnly MemberFrom, DateOnly? MemberUntil = null)
{
    /// <summary>Expected to report for a year when a member on 1 January of it (Timor-Leste: from 2026).</summary>
    public bool ExpectedFor(int year) => MemberFrom <= new DateOnly(year, 1, 1) && (MemberUntil is null || MemberUntil >= new DateOnly(year, 12, 31));

    /// <summary>May report for a year when a member at any time in it (voluntary reports by new members).</summary>
    public bool MayReportFor(int year) => MemberFrom <= new DateOnly(year, 12, 31) && (MemberUntil is null || MemberUntil >= new DateOnly(year, 1, 1));
}

public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    /// <summary>Folder holding <c>member-states.json</c>; relative paths are resolved from the app's base directory.</summary>
    public string Folder { get; set; } = "reference";

    /// <summary>Folder of sample plans loaded on first start (empty: none).</summary>
    public string PlansFolder { get; set; } = "plans";
}

/// <summary>ASEAN membership, read from reference data (membership has changed and will change again).</summary>
public sealed class MemberStateDirectory
{
    private readonly Dictionary<string, MemberState> byCode;

    public MemberStateDirectory(IOptions<ReferenceDataOptions> options)
    {
        var folder = Path.IsPathRooted(options.Value.Folder) ? options.Value.Folder : Path.Combine(AppContext.BaseDirectory, options.Value.Folder);
        var file = JsonConvert.DeserializeObject<ReferenceFile>(File.ReadAllText(Path.Combine(folder, "member-states.json")), Json.Settings)
                   ?? throw new InvalidOperationException("member-states.json is empty");
        All = file.MemberStates.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        byCode = All.ToDictionary(s => s.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<MemberState> All { get; }

    public bool IsKnown(string code) => byCode.ContainsKey(code);

    public MemberState? Find(string code) => byCode.GetValueOrDefault(code);

    public IReadOnlyList<MemberState> ExpectedFor(int year) => All.Where(s => s.ExpectedFor(year)).ToList();

    private sealed class ReferenceFile
    {
        public string? Source { get; set; }
        public string? Rule { get; set; }
        public List<MemberState> MemberStates { get; set; } = [];
    }
}
