using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Reporting.Http;
using Reporting.MemberStates;

namespace Reporting.Access;

/// <summary>Turns request headers into a <see cref="Caller"/> with its assignments, or a 401/403 problem.</summary>
public sealed class CallerResolver(
    ApiKeyStore keys,
    AssignmentStore assignments,
    IOptions<AccessOptions> options,
    MemberStateDirectory memberStates,
    TimeProvider clock,
    ILogger<CallerResolver> logger)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>Where Entra ID puts a user's object id in the token App Service Authentication passes on.</summary>
    public static readonly IReadOnlyList<string> ObjectIdClaims = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

    /// <summary>How an API key, the bootstrap key and the signed-in person's id read in <see cref="Caller.Id"/>.</summary>
    public const string PrincipalPrefix = "aad:";

    public async Task<Caller?> ResolveAsync(HttpRequest request, CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.TrustAppServiceAuthentication && request.Headers.TryGetValue(PrincipalHeader, out var principal) && !string.IsNullOrEmpty(principal))
            return await FromPrincipalAsync(principal.ToString(), request.Headers[PrincipalIdHeader].ToString(), settings, ct);

        if (!request.Headers.TryGetValue(ApiKeyHeader, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return null;
        var presented = values.ToString().Trim();

        if (!string.IsNullOrEmpty(settings.BootstrapAdminKey) && FixedTimeEquals(presented, settings.BootstrapAdminKey))
            return Caller.With("bootstrap-admin", "Bootstrap admin key", Role.Admin);

        var (verdict, key) = await keys.VerifyAsync(presented, ct);
        switch (verdict)
        {
            case ApiKeyStore.Verdict.Valid:
                return Caller.With("key:" + key!.Id, key.Label, key.Role, key.State, key.Scope);
            case ApiKeyStore.Verdict.Revoked:
                logger.LogWarning("Refused revoked API key {KeyId}", key!.Id);
                throw new ProblemException(Problems.Unauthenticated("This API key has been revoked. Ask an administrator for a new one."));
            case ApiKeyStore.Verdict.Expired:
                logger.LogWarning("Refused expired API key {KeyId}", key!.Id);
                throw new ProblemException(Problems.Unauthenticated("This API key has expired. Ask an administrator for a new one."));
            default:
                throw new ProblemException(Problems.Unauthenticated("The API key was not recognised."));
        }
    }

    /// <summary>
    /// A signed-in person. <c>Reporting.User</c> admits them and the assignments table (keyed by their Entra object id)
    /// says what they may do; with <see cref="AccessOptions.LegacyAppRoles"/> the older roles still count, as assignments
    /// to every plan.
    /// </summary>
    private async Task<Caller> FromPrincipalAsync(string encoded, string principalIdHeader, AccessOptions settings, CancellationToken ct)
    {
        JObject doc;
        try
        {
            doc = JObject.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
        }
        catch (Exception ex) when (ex is FormatException or Newtonsoft.Json.JsonException)
        {
            throw new ProblemException(Problems.Unauthenticated("The App Service Authentication principal could not be read."));
        }
        var roleType = doc.Value<string>("role_typ") ?? "roles";
        var nameType = doc.Value<string>("name_typ") ?? "name";
        var claims = (doc["claims"] as JArray ?? []).OfType<JObject>()
            .Select(c => (Type: c.Value<string>("typ") ?? "", Value: c.Value<string>("val") ?? "")).ToList();
        var roles = claims.Where(c => c.Type == roleType || c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var name = claims.FirstOrDefault(c => c.Type == nameType).Value ?? "";

        // The platform sets both the id header and the token's object id claim; if they disagree, something in between
        // rewrote one of them, so the request is not believed.
        var claimed = claims.Where(c => ObjectIdClaims.Contains(c.Type)).Select(c => AssignmentStore.NormalisePrincipalId(c.Value)).FirstOrDefault(v => v is not null);
        var fromHeader = AssignmentStore.NormalisePrincipalId(principalIdHeader);
        if (claimed is not null && fromHeader is not null && claimed != fromHeader)
        {
            logger.LogWarning("Refused a principal whose id header {Header} differs from its object id claim {Claim}", fromHeader, claimed);
            throw new ProblemException(Problems.Unauthenticated("The App Service Authentication principal could not be read."));
        }
        var objectId = claimed ?? fromHeader;
        var id = PrincipalPrefix + (objectId ?? (string.IsNullOrEmpty(principalIdHeader) ? name : principalIdHeader));

        var granted = new List<Assignment>();
        if (settings.LegacyAppRoles) granted.AddRange(LegacyAssignments(roles, settings));

        var admitted = roles.Contains(settings.RolePrefix + settings.UserRole);
        IReadOnlyList<AssignmentStore.StoredAssignment> stored = admitted && objectId is not null ? await assignments.ForPrincipalAsync(objectId, ct) : [];
        var now = clock.GetUtcNow();
        var active = stored.Where(a => a.IsActive(now)).ToList();
        granted.AddRange(active.Select(a => new Assignment(a.Role, a.State, a.Scope)));

        if (granted.Select(a => a.State).OfType<string>().Distinct(StringComparer.Ordinal).Count() > 1)
            throw new ProblemException(Problems.Forbidden("This account is focal point for more than one member state; an administrator must leave it one."));
        if (granted.Count > 0)
        {
            // The name an admin gave the assignment says who this is to others (a person and their organisation); else the sign-in name.
            var label = active.Select(a => a.Name ?? a.Email).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? (name.Length > 0 ? name : id);
            return new Caller(id, label, granted);
        }

        if (stored.Count > 0)
        {
            var latest = stored.OrderByDescending(a => a.RevokedAt ?? a.ExpiresAt ?? a.CreatedAt).First();
            throw new ProblemException(Problems.Forbidden(latest.Revoked
                ? "Your access to the reporting system has been withdrawn. Ask an administrator if you still need it."
                : $"Your access to the reporting system ended on {latest.ExpiresAt:yyyy-MM-dd}. Ask an administrator to extend it."));
        }
        if (admitted)
            throw new ProblemException(Problems.Forbidden(
                "You are signed in, but no sectoral body or plan has been assigned to you yet. Ask an administrator to assign you (give them your account's object id"
                + (objectId is null ? "" : $": {objectId}") + ")."));
        throw new ProblemException(Problems.Forbidden("This account has no reporting role. Ask an administrator to assign one."));
    }

    /// <summary>The app roles of before assignments, each an assignment to every plan (upgrade path).</summary>
    private IEnumerable<Assignment> LegacyAssignments(IReadOnlySet<string> roles, AccessOptions settings)
    {
        if (roles.Contains(settings.RolePrefix + "Admin")) yield return new Assignment(Role.Admin, null, AccessScope.Everything);
        if (roles.Contains(settings.RolePrefix + "Secretariat")) yield return new Assignment(Role.Secretariat, null, AccessScope.Everything);
        var focalPrefix = settings.RolePrefix + "FocalPoint.";
        foreach (var state in roles.Where(r => r.StartsWith(focalPrefix, StringComparison.Ordinal)).Select(r => r[focalPrefix.Length..]).Distinct(StringComparer.Ordinal))
            if (memberStates.IsKnown(state)) yield return new Assignment(Role.FocalPoint, state, AccessScope.Everything);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
