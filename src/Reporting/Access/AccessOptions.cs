namespace Reporting.Access;

public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>A key that always acts as Admin, so a fresh deployment can create the first real keys. Leave empty to disable.</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>Trust <c>X-MS-CLIENT-PRINCIPAL</c>. Only true when App Service Authentication sits in front and strips client copies of the header.</summary>
    public bool TrustAppServiceAuthentication { get; set; }

    /// <summary>App role prefix: <c>Reporting.User</c>, and the older <c>Reporting.Admin</c>, <c>Reporting.Secretariat</c>, <c>Reporting.FocalPoint.THA</c>.</summary>
    public string RolePrefix { get; set; } = "Reporting.";

    /// <summary>The app role (after the prefix) that admits a signed-in person; the assignments table says what they may do.</summary>
    public string UserRole { get; set; } = "User";

    /// <summary>
    /// Honour the app roles of before assignments (Admin, Secretariat, FocalPoint.{ISO3}) as assignments to every plan, so a
    /// deployment that has them keeps working. Set false once everyone has an assignment and those roles are removed.
    /// </summary>
    public bool LegacyAppRoles { get; set; } = true;
}
