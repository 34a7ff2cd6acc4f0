using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reporting.Http;
using Reporting.OpenApi;

namespace Reporting.Access;

/// <summary>Admins say what each signed-in person may do: one row per assignment, keyed by the person's Entra object id.</summary>
public sealed partial class AssignmentEndpoints(RequestPipeline pipeline, AssignmentStore assignments, AssignmentRules rules, TimeProvider clock, ILogger<AssignmentEndpoints> logger)
{
    public const int MaxName = 200;
    public const string EmailPattern = "^[^@\\s]+@[^@\\s]+$";

    [Variant(nameof(Role), "focalPoint", Required = [nameof(State), nameof(Scope)])]
    [Variant(nameof(Role), "secretariat", Required = [nameof(Scope)], Absent = [nameof(State)])]
    [Variant(nameof(Role), "observer", Required = [nameof(Scope)], Absent = [nameof(State)])]
    [Variant(nameof(Role), "admin", Absent = [nameof(State), nameof(Scope)])]
    public sealed class AssignmentInput
    {
        /// <summary>The person's Entra ID object id (a GUID: Entra admin centre, Users, the person, Object ID).</summary>
        [Required, Pattern(AssignmentStore.PrincipalIdPattern, "3f2b6c1e-8d4a-4b7e-9c1a-2e5f6a7b8c9d")] public string? PrincipalId { get; set; }
        /// <summary>Who this is, for people to read (with their organisation); name or e-mail is needed.</summary>
        [Text(MaxName, Lines = TextLines.Single)] public string? Name { get; set; }
        [Text(254, Lines = TextLines.Single), Pattern(EmailPattern, "somchai@example.org")] public string? Email { get; set; }
        [Required] public Role? Role { get; set; }
        /// <summary>Focal points only: the member state they report for.</summary>
        [Pattern(AssignmentRules.StatePattern, "THA")] public string? State { get; set; }
        /// <summary>The sectoral bodies or plans this covers (<c>{"all": true}</c> for every plan); admins are global and take none.</summary>
        public ScopeInput? Scope { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
    }

    [GeneratedRegex(EmailPattern)]
    private static partial Regex Email();

    public Task<IResult> ListAssignments(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Admin, async ctx => ApiResults.Ok(await assignments.ListAsync(ctx.Aborted)));

    public Task<IResult> CreateAssignment(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Admin, async ctx =>
        {
            var input = Json.ParseAndBind<AssignmentInput>(ctx.Body);
            var errors = new List<ProblemError>();
            var principal = AssignmentStore.NormalisePrincipalId(input.PrincipalId);
            if (principal is null)
                errors.Add(new("/principalId", string.IsNullOrWhiteSpace(input.PrincipalId)
                    ? "is required: the person's Entra object id, a GUID such as 3f2b6c1e-8d4a-4b7e-9c1a-2e5f6a7b8c9d"
                    : "is not an Entra object id: it is a GUID such as 3f2b6c1e-8d4a-4b7e-9c1a-2e5f6a7b8c9d (Entra admin centre, Users, the person, Object ID)"));
            if (string.IsNullOrWhiteSpace(input.Name) && string.IsNullOrWhiteSpace(input.Email))
                errors.Add(new("/name", "give the person's name or e-mail, so others can tell who this is"));
            if (input.Name is { Length: > MaxName }) errors.Add(new("/name", $"the limit is {MaxName} characters"));
            else if (input.Name is { } name && name.Any(char.IsControl)) errors.Add(new("/name", "must be one line of text, without line breaks, tabs or other control characters"));
            if (input.Email is { } email && (email.Length > 254 || email.Any(char.IsControl) || !Email().IsMatch(email))) errors.Add(new("/email", "is not an e-mail address"));
            var scope = await rules.CheckAsync(input.Role, input.State, input.Scope, errors, ctx.Aborted);
            if (input.ExpiresAt is { } exp && exp <= clock.GetUtcNow()) errors.Add(new("/expiresAt", "must be in the future"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The assignment is not valid"));

            // One person reports for one member state: a second state would make "my report" ambiguous.
            var now = clock.GetUtcNow();
            var held = (await assignments.ForPrincipalAsync(principal!, ctx.Aborted)).Where(a => a.IsActive(now)).ToList();
            if (input.Role == Role.FocalPoint && held.FirstOrDefault(a => a.Role == Role.FocalPoint && a.State != input.State) is { } other)
                throw new ProblemException(Problems.Conflict(ProblemCodes.OtherState, "This person is already focal point for another member state",
                    $"They are focal point for {other.State}. Revoke that assignment first if they now report for {input.State}.",
                    [new ProblemError("/state", $"must be {other.State}, the state they already report for")]));

            var stored = await assignments.CreateAsync(principal!, input.Role!.Value, input.State, scope!, Trim(input.Name), Trim(input.Email), input.ExpiresAt, ctx.Caller.Id, ctx.Aborted);
            logger.LogInformation("Assigned {Principal} as {Role} {State} by {Caller}", principal, stored.Role, stored.State, ctx.Caller.Id);
            return ApiResults.Created(stored, $"/api/access/assignments/{principal}/{stored.Id}");
        }, readsBody: true);

    public Task<IResult> RevokeAssignment(HttpRequest request, string principalId, string assignmentId) =>
        pipeline.RunAsync(request, Requirement.Admin, async ctx =>
        {
            if (!await assignments.RevokeAsync(principalId, assignmentId, ctx.Caller.Id, ctx.Aborted))
                return ApiResults.Problem(Problems.NotFound($"There is no assignment '{assignmentId}' for '{principalId}'."));
            logger.LogInformation("Revoked assignment {Assignment} of {Principal} by {Caller}", assignmentId, principalId, ctx.Caller.Id);
            return ApiResults.NoContent();
        });

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
