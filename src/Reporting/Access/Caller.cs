using Reporting.Plans;

namespace Reporting.Access;

public enum Role
{
    FocalPoint,
    /// <summary>A secretariat desk: reviews, locks and reports the plans in its scope.</summary>
    Secretariat,
    /// <summary>Global: every secretariat right on every plan, plus plans, keys and assignments.</summary>
    Admin,
    /// <summary>Civil society (SOMSWD Work Plan 5.2.3): final figures, completeness and final reports, and comments on those reports.</summary>
    Observer,
}

/// <summary>
/// The plans an assignment covers: every plan (<see cref="All"/>), or the plans of the named sectoral bodies and
/// the named plans. JSON: <c>{"all": true}</c> or <c>{"bodies": ["SOMSWD"], "plans": ["somswd-2021-2025"]}</c>.
/// </summary>
public sealed record AccessScope
{
    public bool All { get; init; }
    public IReadOnlyList<string> Bodies { get; init; } = [];
    public IReadOnlyList<string> Plans { get; init; } = [];

    public static readonly AccessScope Everything = new() { All = true };

    public bool Covers(PlanRef plan) =>
        All || Plans.Contains(plan.Id, StringComparer.Ordinal) || Bodies.Contains(plan.SectoralBody, StringComparer.Ordinal);
}

/// <summary>A plan as access sees it: its id and the sectoral body it belongs to.</summary>
public readonly record struct PlanRef(string Id, string SectoralBody)
{
    public static implicit operator PlanRef(WorkPlan plan) => new(plan.Id, plan.SectoralBody);

    public static implicit operator PlanRef(PlanStore.PlanSummary plan) => new(plan.Id, plan.SectoralBody);
}

/// <summary>One right: a role, the plans it covers, and for a focal point its member state.</summary>
public sealed record Assignment(Role Role, string? State, AccessScope Scope);

/// <summary>What a caller may do in one plan, strongest first. Each level holds the rights of those after it.</summary>
public enum AccessLevel
{
    None,
    Observer,
    FocalPoint,
    Secretariat,
}

/// <summary>
/// Who is calling (an API key's holder or an App Service Authentication principal) and every assignment they hold.
/// The scope rule lives here and only here: each endpoint asks one of the questions below about the plan it serves,
/// so an endpoint added later (on any branch) adopts the rule by asking the same question.
/// </summary>
public sealed class Caller
{
    public Caller(string id, string label, IReadOnlyList<Assignment> assignments)
    {
        Id = id;
        Label = label;
        Assignments = assignments;
        Role = assignments.Count == 0 ? Role.Observer : assignments.Select(a => a.Role).OrderBy(Strength).Last();
        State = assignments.FirstOrDefault(a => a.Role == Role.FocalPoint)?.State;
    }

    /// <summary>A caller with one assignment (an API key, the bootstrap admin, the report generator).</summary>
    public static Caller With(string id, string label, Role role, string? state = null, AccessScope? scope = null) =>
        new(id, label, [new Assignment(role, state, scope ?? AccessScope.Everything)]);

    public string Id { get; }
    public string Label { get; }
    public IReadOnlyList<Assignment> Assignments { get; }

    /// <summary>The strongest role held anywhere, for display and the history's "by" column.</summary>
    public Role Role { get; }

    /// <summary>The member state this caller is focal point for, if any (a caller is focal point for one state at most).</summary>
    public string? State { get; }

    /// <summary>Administrators are global: plans, keys, assignments, and every secretariat right on every plan.</summary>
    public bool IsAdmin => Assignments.Any(a => a.Role == Role.Admin);

    /// <summary>A secretariat desk somewhere (or an admin): may open the secretariat's endpoints, each of which then checks the plan.</summary>
    public bool IsSecretariatAnywhere => Assignments.Any(a => a.Role is Role.Secretariat or Role.Admin);

    /// <summary>
    /// The secretariat of every plan, whatever its body (an admin, or a desk whose scope is all plans): may generate and read
    /// the cross-plan reports (a framework's evaluation), which cover plans of every body. Judged from the assignments alone,
    /// never from which plans exist, so a refusal tells a desk of one body nothing about other bodies' plans.
    /// </summary>
    public bool ReviewsEveryPlan => Assignments.Any(a => a.Role == Role.Admin || (a.Role == Role.Secretariat && a.Scope.All));

    /// <summary>What this caller may do in <paramref name="plan"/>: the strongest of the assignments that cover it.</summary>
    public AccessLevel LevelIn(PlanRef plan)
    {
        var level = AccessLevel.None;
        foreach (var a in Assignments)
        {
            var here = a.Role switch
            {
                Role.Admin => AccessLevel.Secretariat,
                _ when !a.Scope.Covers(plan) => AccessLevel.None,
                Role.Secretariat => AccessLevel.Secretariat,
                Role.FocalPoint => AccessLevel.FocalPoint,
                _ => AccessLevel.Observer,
            };
            if (here > level) level = here;
        }
        return level;
    }

    /// <summary>Sees the plan at all: anything less and the plan answers as if it did not exist.</summary>
    public bool MayReadPlan(PlanRef plan) => LevelIn(plan) > AccessLevel.None;

    /// <summary>Reads and writes <paramref name="state"/>'s submissions of the plan: the plan's secretariat, or that state's focal point in it.</summary>
    public bool MayActForState(PlanRef plan, string state) => LevelIn(plan) switch
    {
        AccessLevel.Secretariat => true,
        AccessLevel.FocalPoint => string.Equals(State, state, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// Could act for <paramref name="state"/> in some plan. Asked before the plan is read, so a focal point asking about
    /// another state gets the same refusal whether or not the plan or the submission exists.
    /// </summary>
    public bool MightActForState(string state) =>
        IsSecretariatAnywhere || Assignments.Any(a => a.Role == Role.FocalPoint && string.Equals(a.State, state, StringComparison.Ordinal));

    /// <summary>Sees submissions and drafts of the plan (its own state's for a focal point); observers never do.</summary>
    public bool MayReadSubmissions(PlanRef plan) => LevelIn(plan) >= AccessLevel.FocalPoint;

    /// <summary>The plan's secretariat desk: reviews, windows, lock exceptions, interim reports, creating reports, answering comments.</summary>
    public bool MayReview(PlanRef plan) => LevelIn(plan) == AccessLevel.Secretariat;

    /// <summary>Leaves comments on the plan's final reports (civil society observers).</summary>
    public bool MayComment(PlanRef plan) => LevelIn(plan) == AccessLevel.Observer;

    private static int Strength(Role role) => role switch
    {
        Role.Observer => 0,
        Role.FocalPoint => 1,
        Role.Secretariat => 2,
        _ => 3,
    };
}

/// <summary>What an endpoint asks of its caller before its handler runs; the handler then asks <see cref="Caller"/> about the plan.</summary>
public enum Requirement
{
    Anonymous,
    Authenticated,
    /// <summary>A secretariat desk for some plan, or an admin.</summary>
    Secretariat,
    Admin,
}
