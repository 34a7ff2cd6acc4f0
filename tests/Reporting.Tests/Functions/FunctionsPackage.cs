using System.Diagnostics;

namespace Reporting.Tests.Functions;

/// <summary>
/// The functions/ app as `dotnet publish -c Release -o DIR` leaves it: exactly the command azd runs for
/// azure.yaml's service (no runtime option; the project itself publishes for linux-x64). scripts/test.sh publishes
/// it once, before the tests, and names the folder in FUNCTIONS_PACKAGE_DIR; a targeted run without that variable
/// publishes once for the whole test run (about 25 s here), so no test ever reads a stale package.
/// </summary>
internal static class FunctionsPackage
{
    public const string FolderVariable = "FUNCTIONS_PACKAGE_DIR";

    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The published folder; publishes on first use when scripts/test.sh has not.</summary>
    public static string Folder => Published.Value;

    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    private static string Publish()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } given)
        {
            if (!File.Exists(Path.Combine(given, "functions.metadata")))
                throw new InvalidOperationException($"{FolderVariable}={given} holds no published functions app (no functions.metadata).");
            return given;
        }

        var root = RepoPaths.Root;
        if (!File.Exists(Path.Combine(root, "web", "dist", "index.html")))
            throw new InvalidOperationException("web/dist is not built, so the package would miss its pages. Run `npm ci --prefix web && npm run --prefix web build` (scripts/test.sh does).");
        var folder = Path.Combine(root, ".local", "functions-package");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in new[] { "publish", "functions/Reporting.Functions.csproj", "-c", "Release", "-o", folder, "-nologo" })
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish functions/ failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return folder;
    }
}
