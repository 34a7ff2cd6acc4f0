using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Reporting.Access;
using Reporting.Http;
using Reporting.MemberStates;

namespace Reporting.SectoralBodies;

public sealed record SectoralBody(string Code, string Name, string? MinisterialBody = null);

/// <summary>
/// The sectoral bodies a work plan can belong to, read from reference data (<c>reference/sectoral-bodies.json</c>):
/// a plan's <c>sectoralBody</c> and an assignment's scope must name one of these codes.
/// </summary>
public sealed class SectoralBodyDirectory
{
    private readonly Dictionary<string, SectoralBody> byCode;

    public SectoralBodyDirectory(IOptions<ReferenceDataOptions> options)
    {
        var folder = Path.IsPathRooted(options.Value.Folder) ? options.Value.Folder : Path.Combine(AppContext.BaseDirectory, options.Value.Folder);
        var file = JsonConvert.DeserializeObject<ReferenceFile>(File.ReadAllText(Path.Combine(folder, "sectoral-bodies.json")), Json.Settings)
                   ?? throw new InvalidOperationException("sectoral-bodies.json is empty");
        All = file.SectoralBodies.ToList();
        byCode = All.ToDictionary(b => b.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<SectoralBody> All { get; }

    public bool IsKnown(string code) => byCode.ContainsKey(code);

    public SectoralBody? Find(string code) => byCode.GetValueOrDefault(code);

    private sealed class ReferenceFile
    {
        public string? Source { get; set; }
        public string? Rule { get; set; }
        public List<SectoralBody> SectoralBodies { get; set; } = [];
    }
}

public sealed class SectoralBodyEndpoints(RequestPipeline pipeline, SectoralBodyDirectory directory)
{
    public Task<IResult> ListSectoralBodies(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, _ => Task.FromResult(ApiResults.Ok(directory.All)));
}
