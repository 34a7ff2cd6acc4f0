using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reporting.Access;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.Submissions;

namespace Reporting.Import;

/// <summary>The offline round trip: download a template, fill it in, upload it with a dry run, then for real.</summary>
public sealed class SpreadsheetEndpoints(RequestPipeline pipeline, SubmissionService service, SubmissionStore store, FrameworkDirectory frameworks, ILogger<SpreadsheetEndpoints> logger)
{
    /// <summary>GET template?state= (a focal point's own state by default), with the saved draft's values filled in.</summary>
    public Task<IResult> GetTemplate(HttpRequest request, string planId, string year) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var state = ctx.Query("state") ?? ctx.Caller.State
                ?? (ctx.Caller.IsSecretariatAnywhere
                    ? throw new ProblemException(Problems.BadRequest("Which member state?", "state", "give ?state=THA (the ISO code of the member state)"))
                    : throw SubmissionService.NotForYou(ctx.Caller));
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            var current = (await store.LoadAsync(target.Plan.Id, target.Year, target.State, ctx.Aborted)).Submission;
            var bytes = TemplateBuilder.Build(target.Plan, target.Year, target.State, current, target.Plan.Framework is { } f ? frameworks.Find(f) : null);
            return ApiResults.File(bytes, ImportReader.XlsxType, $"{target.Plan.Id}-{target.Year}-{target.State}-template.xlsx");
        });

    /// <summary>
    /// POST import?dryRun=true|false with the template (XLSX), its Indicators table (CSV) or the PUT body (JSON).
    /// Dry run: validates and reports, writes nothing. Real run: all or nothing, through the same validation, workflow,
    /// window, If-Match (or replaceDraft=true) and history as a PUT; the receipt is recorded in the history.
    /// </summary>
    public Task<IResult> ImportSubmission(HttpRequest request, string planId, string year, string state) =>
        pipeline.RunAsync(request, Requirement.Authenticated, async ctx =>
        {
            var target = await service.ResolveAsync(ctx.Caller, planId, year, state, ctx.Aborted);
            var dryRun = Flag(ctx, "dryRun", true);
            var replaceDraft = Flag(ctx, "replaceDraft", false);
            var parsed = ImportReader.Read(target.Plan, ctx.Request.ContentType, ctx.RawBody);

            var loaded = await store.LoadAsync(target.Plan.Id, target.Year, target.State, ctx.Aborted);
            var current = loaded.Submission;
            if (parsed.KeepsNarrativeAndActivities && current is not null)
            {
                parsed.Input.Narrative = current.Narrative;
                parsed.Input.Activities = current.Activities.Cast<Activity?>().ToList();
            }
            var problems = parsed.Problems.Concat(SubmissionValidator.Validate(target.Plan, parsed.Input, frameworks).Select(parsed.Locate)).ToList();
            var changes = Changes(current, parsed.Input);
            var narrativeChanged = current?.Narrative != parsed.Input.Narrative;
            var activitiesChanged = Json.Serialize(current?.Activities ?? []) != Json.Serialize(parsed.Input.Activities);

            ImportReceipt Receipt(bool saved, Submission? submission) => new()
            {
                PlanId = target.Plan.Id, Year = target.Year, State = target.State, DryRun = dryRun, Format = parsed.Format,
                Valid = problems.Count == 0, Saved = saved, Changes = changes, NarrativeChanged = narrativeChanged, ActivitiesChanged = activitiesChanged,
                Problems = problems, Revision = submission?.Revision, ETag = submission?.ETag,
                Summary = Describe(changes, problems.Count, dryRun, saved),
            };

            if (dryRun) return ApiResults.Ok(Receipt(false, current), current?.ETag);
            if (problems.Count > 0)
                throw new ProblemException(Problems.Validation(problems.Select(p => new ProblemError(p.Pointer ?? p.Cell, $"{p.Cell}: {p.Message}")).ToList(),
                    "The file has problems; nothing was saved") with { Cells = problems });

            var ifMatch = ctx.IfMatch ?? (replaceDraft ? current?.ETag : null);
            var summary = Describe(changes, 0, dryRun: false, saved: true);
            var (saved, created) = await service.SaveAsync(ctx.Caller, target, parsed.Input, ifMatch, ctx.Aborted,
                action: "imported", comment: $"Imported from {parsed.Format.ToUpperInvariant()}: {summary}");
            logger.LogInformation("Imported {Plan}/{Year}/{State} from {Format}: {Summary}", target.Plan.Id, target.Year, target.State, parsed.Format, summary);
            return ApiResults.Json(Receipt(true, saved), created ? 201 : 200, saved.ETag);
        }, RequestPipeline.Body.File);

    private static List<ImportChange> Changes(Submission? current, SubmissionInput input)
    {
        var before = current?.Values ?? [];
        return before.Keys.Union(input.Values.Keys).Order(StringComparer.Ordinal).Select(code =>
        {
            var had = before.TryGetValue(code, out var old);
            var has = input.Values.TryGetValue(code, out var now);
            var action = !had ? "created" : !has ? "removed" : Json.Serialize(old!) == Json.Serialize(now!) ? "unchanged" : "updated";
            return new ImportChange(code, action);
        }).ToList();
    }

    private static string Describe(List<ImportChange> changes, int problems, bool dryRun, bool saved)
    {
        var counts = string.Join(", ", new[] { "created", "updated", "unchanged", "removed" }.Select(a => $"{changes.Count(c => c.Action == a)} {a}"));
        if (problems > 0) return $"{problems} problem(s) found; nothing {(dryRun ? "would be" : "was")} saved. Without them: {counts}.";
        return dryRun ? $"Ready to import: {counts}. Nothing was saved (dry run)." : $"{counts}.";
    }

    private static bool Flag(RequestContext ctx, string name, bool fallback) => ctx.Query(name) switch
    {
        null => fallback,
        "true" => true,
        "false" => false,
        _ => throw new ProblemException(Problems.BadRequest($"The {name} flag is not valid.", name, "use true or false")),
    };
}
