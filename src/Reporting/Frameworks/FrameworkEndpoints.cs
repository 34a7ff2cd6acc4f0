using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;

namespace Reporting.Frameworks;

/// <summary>GET frameworks and frameworks/{id}: the reference data plans link to, for any signed-in caller (nothing in it is private).</summary>
public sealed class FrameworkEndpoints(RequestPipeline pipeline, FrameworkDirectory directory)
{
    public sealed record FrameworkSummary
    {
        public required string Id { get; init; }
        public required string Series { get; init; }
        public required int Revision { get; init; }
        public required string Title { get; init; }
        public string? ShortTitle { get; init; }
        public required int FirstYear { get; init; }
        public required int LastYear { get; init; }
        public string? Supersedes { get; init; }
        /// <summary>The frameworks that name this one in their supersedes (its successors).</summary>
        public required List<string> SupersededBy { get; init; }
        public required int Characteristics { get; init; }
        public required int KeyResultAreasListed { get; init; }
        /// <summary>How many KRAs the source says there are; more than listed when some could not be confirmed.</summary>
        public int? KeyResultAreasDeclared { get; init; }
        /// <summary>Listed KRAs whose code or title no source confirmed.</summary>
        public required int KeyResultAreasUnconfirmed { get; init; }
    }

    public Task<IResult> ListFrameworks(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, _ => Task.FromResult(ApiResults.Revalidated(directory.All.Select(f => new FrameworkSummary
        {
            Id = f.Id,
            Series = f.Series,
            Revision = f.Revision,
            Title = f.Title,
            ShortTitle = f.ShortTitle,
            FirstYear = f.FirstYear,
            LastYear = f.LastYear,
            Supersedes = f.Supersedes,
            SupersededBy = directory.All.Where(n => n.Supersedes == f.Id).Select(n => n.Id).ToList(),
            Characteristics = f.Characteristics.Count,
            KeyResultAreasListed = f.KeyResultAreas.Count,
            KeyResultAreasDeclared = f.DeclaredKeyResultAreas,
            KeyResultAreasUnconfirmed = f.KeyResultAreas.Count(k => !k.Confirmed),
        }).ToList())));

    public Task<IResult> GetFramework(HttpRequest request, string frameworkId) =>
        pipeline.RunAsync(request, Requirement.Authenticated, _ => Task.FromResult(directory.Find(frameworkId) is { } framework
            ? ApiResults.Revalidated(framework)
            : ApiResults.Problem(Problems.NotFound($"There is no framework '{frameworkId}'. Known: {string.Join(", ", directory.All.Select(f => f.Id))}."))));
}
