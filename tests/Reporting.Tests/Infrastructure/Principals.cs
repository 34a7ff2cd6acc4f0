using System.Text;
using Newtonsoft.Json.Linq;
using Reporting.Access;

namespace Reporting.Tests.Infrastructure;

/// <summary>What App Service Authentication sends for a signed-in Entra ID user: the encoded principal and its id header.</summary>
public static class Principals
{
    public const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public static string Encode(string? objectId, string name, params string[] roles)
    {
        var claims = new JArray(roles.Select(r => new JObject { ["typ"] = "roles", ["val"] = r }));
        claims.Add(new JObject { ["typ"] = "name", ["val"] = name });
        if (objectId is not null) claims.Add(new JObject { ["typ"] = ObjectIdClaim, ["val"] = objectId });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(new JObject
        {
            ["auth_typ"] = "aad",
            ["name_typ"] = "name",
            ["role_typ"] = "roles",
            ["claims"] = claims,
        }.ToString()));
    }

    /// <summary>The headers for <paramref name="objectId"/>; <paramref name="idHeader"/> overrides the id header (a forgery).</summary>
    public static Dictionary<string, string> Headers(string objectId, string name, string[] roles, string? idHeader = null) => new()
    {
        [CallerResolver.PrincipalHeader] = Encode(objectId, name, roles),
        [CallerResolver.PrincipalIdHeader] = idHeader ?? objectId,
    };

    public static string NewObjectId() => Guid.NewGuid().ToString("D");
}
