using Reporting.Http;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.SectoralBodies;

namespace Reporting.Access;

/// <summary>How an assignment's scope is sent: <c>{"all": true}</c>, or bodies and/or plans.</summary>
public sealed class ScopeInput
{
    /// <summary>true: every plan, now and later (then name no bodies or plans).</summary>
    public bool? All { get; set; }
    /// <summary>Sectoral body codes from GET sectoral-bodies: every plan of each, later ones included (item rules: OpenApiCatalog.Members).</summary>
    public List<string>? Bodies { get; set; }
    /// <summary>Plan ids from GET plans.</summary>
    public List<string>? Plans { get; set; }
}

/// <summary>
/// One set of rules for what an API key or a person may be given: a role; for a focal point its member state; and a scope
/// naming only sectoral bodies, plans and states that exist. Admins are global, so they take no scope.
/// </summary>
public sealed class AssignmentRules(MemberStateDirectory memberStates, SectoralBodyDirectory bodies, PlanStore plans)
{
    public const int MaxScopeEntries = 50;
    public const string StatePattern = "^[A-Z]{3}$";
    public const string BodyCodePattern = "^[A-Z][A-Z0-9-]{1,15}$";
    public const string PlanIdPatternText = "^[a-z0-9][a-z0-9-]{2,62}$";

    public async Task<AccessScope?> CheckAsync(Role? role, string? state, ScopeInput? scope, List<ProblemError> errors, CancellationToken ct)
    {
        if (role is null) errors.Add(new("/role", "is required: focalPoint, secretariat, observer or admin"));
        if (role == Role.FocalPoint && (state is null || !memberStates.IsKnown(state)))
            errors.Add(new("/state", state is null
                ? "a focal point needs a member state code, e.g. THA"
                : $"'{Short(state)}' is not a member state code; use one of {string.Join(", ", memberStates.All.Select(s => s.Code))}"));
        if (role is not null && role != Role.FocalPoint && state is not null)
            errors.Add(new("/state", "only focal points are bound to a member state"));

        if (role == Role.Admin)
        {
            if (scope is not null) errors.Add(new("/scope", "administrators are global: leave scope out"));
            return AccessScope.Everything;
        }
        if (scope is null)
        {
            errors.Add(new("/scope", "is required: the sectoral bodies or plans this covers, e.g. {\"bodies\": [\"SOMSWD\"]}, or {\"all\": true}"));
            return null;
        }
        var listed = (scope.Bodies?.Count ?? 0) + (scope.Plans?.Count ?? 0);
        if (scope.Bodies?.Count > MaxScopeEntries) errors.Add(new("/scope/bodies", $"at most {MaxScopeEntries} bodies; use all: true for more"));
        if (scope.Plans?.Count > MaxScopeEntries) errors.Add(new("/scope/plans", $"at most {MaxScopeEntries} plans; use all: true for more"));
        if (scope.All == true)
        {
            if (listed > 0) errors.Add(new("/scope", "either all: true, or a list of bodies and plans, not both"));
            return AccessScope.Everything;
        }
        if (listed == 0)
        {
            errors.Add(new("/scope", "choose at least one sectoral body or plan, or every plan ({\"all\": true})"));
            return null;
        }

        var bodyList = scope.Bodies ?? [];
        for (var i = 0; i < bodyList.Count && i < MaxScopeEntries; i++)
        {
            if (!bodies.IsKnown(bodyList[i]))
                errors.Add(new($"/scope/bodies/{i}", $"'{Short(bodyList[i])}' is not a sectoral body code; use one of {string.Join(", ", bodies.All.Select(b => b.Code))}"));
            else if (bodyList.IndexOf(bodyList[i]) != i) errors.Add(new($"/scope/bodies/{i}", $"{bodyList[i]} is listed twice"));
        }
        var planList = scope.Plans ?? [];
        for (var i = 0; i < planList.Count && i < MaxScopeEntries; i++)
        {
            if (!PlanValidator.PlanIdPattern().IsMatch(planList[i]) || await plans.GetPointerAsync(planList[i], ct) is null)
                errors.Add(new($"/scope/plans/{i}", $"there is no plan '{Short(planList[i])}'"));
            else if (planList.IndexOf(planList[i]) != i) errors.Add(new($"/scope/plans/{i}", $"{planList[i]} is listed twice"));
        }
        return new AccessScope { Bodies = [.. bodyList.Distinct(StringComparer.Ordinal)], Plans = [.. planList.Distinct(StringComparer.Ordinal)] };
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
