using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Reporting.Http;
using Reporting.MemberStates;

namespace Reporting.Access;

/// <summary>Turns request headers into a <see cref="Caller"/>, or a 401 problem.</summary>
public sealed class CallerResolver(ApiKeyStore keys, IOptions<AccessOptions> options, MemberStateDirectory memberStates, ILogger<CallerResolver> logger)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    public async Task<Caller?> ResolveAsync(HttpRequest request, CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.TrustAppServiceAuthentication && request.Headers.TryGetValue(PrincipalHeader, out var principal) && !string.IsNullOrEmpty(principal))
            return FromPrincipal(principal.ToString(), request.Headers["X-MS-CLIENT-PRINCIPAL-ID"].ToString(), settings);

        if (!request.Headers.TryGetValue(ApiKeyHeader, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return null;
        var presented = values.ToString().Trim();

        if (!string.IsNullOrEmpty(settings.BootstrapAdminKey) && FixedTimeEquals(presented, settings.BootstrapAdminKey))
            return new Caller("bootstrap-admin", Role.Admin, null, "Bootstrap admin key");

        var (verdict, key) = await keys.VerifyAsync(presented, ct);
        switch (verdict)
        {
            case ApiKeyStore.Verdict.Valid:
                return new Caller("key:" + key!.Id, key.Role, key.State, key.Label);
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

    private Caller FromPrincipal(string encoded, string principalId, AccessOptions settings)
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
        var id = "aad:" + (string.IsNullOrEmpty(principalId) ? name : principalId);

        if (roles.Contains(settings.RolePrefix + "Admin")) return new Caller(id, Role.Admin, null, name);
        if (roles.Contains(settings.RolePrefix + "Secretariat")) return new Caller(id, Role.Secretariat, null, name);
        var focalPrefix = settings.RolePrefix + "FocalPoint.";
        var states = roles.Where(r => r.StartsWith(focalPrefix, StringComparison.Ordinal)).Select(r => r[focalPrefix.Length..]).Distinct().ToList();
        if (states.Count == 1 && memberStates.IsKnown(states[0])) return new Caller(id, Role.FocalPoint, states[0], name);
        if (states.Count > 1)
            throw new ProblemException(Problems.Forbidden("This account is focal point for more than one member state; an administrator must leave it one."));
        throw new ProblemException(Problems.Forbidden("This account has no reporting role. Ask an administrator to assign one."));
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
