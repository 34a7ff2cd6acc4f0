using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reporting.Http;
using Reporting.OpenApi;

namespace Reporting.Access;

public sealed class KeyEndpoints(RequestPipeline pipeline, ApiKeyStore keys, AssignmentRules rules, TimeProvider clock, ILogger<KeyEndpoints> logger)
{
    public const int MaxLabel = 200;

    [Variant(nameof(Role), "focalPoint", Required = [nameof(State), nameof(Scope)])]
    [Variant(nameof(Role), "secretariat", Required = [nameof(Scope)], Absent = [nameof(State)])]
    [Variant(nameof(Role), "observer", Required = [nameof(Scope)], Absent = [nameof(State)])]
    [Variant(nameof(Role), "admin", Absent = [nameof(State), nameof(Scope)])]
    public sealed class KeyInput
    {
        [Required] public Role? Role { get; set; }
        /// <summary>Focal point keys only: the member state the key acts for.</summary>
        [Pattern(AssignmentRules.StatePattern, "THA")] public string? State { get; set; }
        /// <summary>The sectoral bodies or plans the key covers (<c>{"all": true}</c> for every plan); admin keys are global and take none.</summary>
        public ScopeInput? Scope { get; set; }
        /// <summary>Who holds the key, on one line.</summary>
        [Required, Text(MaxLabel, NotBlank = true, Lines = TextLines.Single)] public string? Label { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
    }

    public Task<IResult> ListApiKeys(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Admin, async ctx => ApiResults.Ok(await keys.ListAsync(ctx.Aborted)));

    /// <summary>Creates a key carrying one assignment and shows it once; only its hash is stored.</summary>
    public Task<IResult> CreateApiKey(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Admin, async ctx =>
        {
            var input = Json.ParseAndBind<KeyInput>(ctx.Body);
            var errors = new List<ProblemError>();
            var scope = await rules.CheckAsync(input.Role, input.State, input.Scope, errors, ctx.Aborted);
            if (string.IsNullOrWhiteSpace(input.Label) || input.Label.Length > MaxLabel) errors.Add(new("/label", $"is required (up to {MaxLabel} characters): who holds the key"));
            // A label is shown in lists and logs: a line break or other control character there would forge or garble lines.
            else if (input.Label.Any(char.IsControl)) errors.Add(new("/label", "must be one line of text, without line breaks, tabs or other control characters"));
            if (input.ExpiresAt is { } exp && exp <= clock.GetUtcNow()) errors.Add(new("/expiresAt", "must be in the future"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The key request is not valid"));
            var issued = await keys.CreateAsync(input.Role!.Value, input.State, input.Label!, input.ExpiresAt, ctx.Caller.Id, ctx.Aborted, scope: scope);
            logger.LogInformation("Created API key {KeyId} for {Role} {State} by {Caller}", issued.Id, issued.Role, issued.State, ctx.Caller.Id);
            var created = ApiResults.Created(issued, $"/api/access/keys/{issued.Id}");
            return new ApiResult { Status = created.Status, ContentType = created.ContentType, Body = created.Body, Location = created.Location, Sensitive = true };
        }, readsBody: true);

    public Task<IResult> RevokeApiKey(HttpRequest request, string keyId) =>
        pipeline.RunAsync(request, Requirement.Admin, async ctx =>
        {
            // An admin revoking the key of this very request would lock themself out mid-task: another admin key must do it.
            if (ctx.Caller.Id == "key:" + keyId)
                throw new ProblemException(Problems.Conflict(ProblemCodes.OwnKey, "This is the key you are using",
                    "A key cannot revoke itself. Sign in with another admin key to revoke this one."));
            if (!await keys.RevokeAsync(keyId, ctx.Aborted)) return ApiResults.Problem(Problems.NotFound($"There is no key '{keyId}'."));
            logger.LogInformation("Revoked API key {KeyId} by {Caller}", keyId, ctx.Caller.Id);
            return ApiResults.NoContent();
        });
}
