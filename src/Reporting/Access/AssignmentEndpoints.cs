using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reporting.Http;

namespace Reporting.Access;

/// <summary>Admins say what each signed-in person may do: one row per assignment, keyed by the person's Entra object id.</summary>
public sealed class AssignmentEndpoints(RequestPipeline pipeline, AssignmentStore assignments, AssignmentRules rules, TimeProvider clock, ILogger<AssignmentEndpoints> logger)
{
    public sealed class AssignmentInput
    {
        /// <summary>The person's Entra ID object id (a GUID: Entra admin centre, Users, the person, Object ID).</summary>
        public string? PrincipalId { get; set; }
        /// <summary>Their name, for people to read (the sign-in name is used when they call).</summary>
        public string? Name { get; set; }
        public string? Email { get; set; }
        public Role? Role { get; set; }
        public string? State { get; set; }
        public ScopeInput? Scope { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
    }

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
            if (input.Name is { Length: > 200 }) errors.Add(new("/name", "the limit is 200 characters"));
            if (input.Email is { } email && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal))) errors.Add(new("/email", "is not an e-mail address"));
            var scope = await rules.CheckAsync(input.Role, input.State, input.Scope, errors, ctx.Aborted);
            if (input.ExpiresAt is { } exp && exp <= clock.GetUtcNow()) errors.Add(new("/expiresAt", "must be in the future"));
            if (errors.Count > 0) throw new ProblemException(Problems.Validation(errors, "The assignment is not valid"));

            // One person reports for one member state: a second state would make "my report" ambiguous.
            var now = clock.GetUtcNow();
            var held = (await assignments.ForPrincipalAsync(principal!, ctx.Aborted)).Where(a => a.IsActive(now)).ToList();
            if (input.Role == Role.FocalPoint && held.FirstOrDefault(a => a.Role == Role.FocalPoint && a.State != input.State) is { } other)
                throw new ProblemException(Problems.Conflict("other-state", "This person is already focal point for another member state",
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
