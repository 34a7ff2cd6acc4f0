using Reporting.Frameworks;

namespace Reporting.Tests.Infrastructure;

/// <summary>The reference data the repository ships (reference/), loaded as the service loads it.</summary>
public static class ReferenceData
{
    public static string FrameworksFolder => Path.Combine(Azurite.RepoRoot(), "reference", FrameworkDirectory.FolderName);

    public static readonly FrameworkDirectory Frameworks = FrameworkDirectory.FromFolder(FrameworksFolder);
}
