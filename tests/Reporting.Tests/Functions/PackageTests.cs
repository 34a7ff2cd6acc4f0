using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reporting.Tests.Functions;

/// <summary>
/// The package azd deploys (functions/ as `dotnet publish -c Release -o DIR` leaves it): small, Linux x64 only,
/// framework-dependent, and complete: host.json, the worker's config and metadata, the built pages, the plans and
/// reference data a fresh deployment seeds itself from, and the worker's log filters.
/// </summary>
public sealed partial class PackageTests
{
    private const long MaxBytes = 60L * 1024 * 1024;

    private static string Folder => FunctionsPackage.Folder;

    private static IEnumerable<string> Files => Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories);

    private static string Relative(string path) => Path.GetRelativePath(Folder, path).Replace('\\', '/');

    [Fact]
    public void The_package_is_under_60_MB()
    {
        var files = Files.Select(f => new FileInfo(f)).ToList();
        var bytes = files.Sum(f => f.Length);
        var zip = Path.Combine(Path.GetTempPath(), $"functions-package-{Guid.NewGuid():N}.zip");
        try
        {
            ZipFile.CreateFromDirectory(Folder, zip, CompressionLevel.Optimal, includeBaseDirectory: false);
            var zipped = new FileInfo(zip).Length;
            Console.WriteLine($"package: {bytes / 1048576.0:F1} MB in {files.Count} files, {zipped / 1048576.0:F1} MB zipped (limit {MaxBytes / 1048576} MB)");
            Assert.True(bytes < MaxBytes,
                $"The published package is {bytes / 1048576.0:F1} MB; it must stay under {MaxBytes / 1048576} MB (cold start). Largest files:\n" +
                string.Join("\n", files.OrderByDescending(f => f.Length).Take(10).Select(f => $"  {f.Length / 1048576.0:F1} MB {Relative(f.FullName)}")));
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public void The_package_holds_only_linux_x64_natives_and_no_windows_or_macos_binaries()
    {
        var problems = new List<string>();
        foreach (var file in Files)
        {
            var name = Relative(file);
            var kind = NativeKind(file);
            if (RuntimesFolder().Match(name) is { Success: true } runtime && runtime.Groups[1].Value != "linux-x64")
                problems.Add($"{name}: natives for {runtime.Groups[1].Value}");
            else if (kind == Native.WindowsPe)
                problems.Add($"{name}: a Windows native binary");
            else if (kind == Native.MachO)
                problems.Add($"{name}: a macOS native binary");
            else if (kind == Native.ElfOther)
                problems.Add($"{name}: a Linux native for another processor than x64");
        }
        Assert.True(problems.Count == 0, "The package must hold linux-x64 natives only:\n" + string.Join("\n", problems));
        Assert.Contains(Files, f => Path.GetFileName(f) == "libSkiaSharp.so" && NativeKind(f) == Native.ElfX64);
    }

    [Fact]
    public void The_package_is_framework_dependent_on_dotnet_10_and_aspnetcore()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(FunctionsPackage.PathOf("Reporting.Functions.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        Assert.False(options.TryGetProperty("includedFrameworks", out _), "the package is self-contained; Flex Consumption provides the runtime");
        var frameworks = options.GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("Microsoft.NETCore.App", frameworks);
        Assert.Contains("Microsoft.AspNetCore.App", frameworks);
        Assert.Equal("net10.0", options.GetProperty("tfm").GetString());
        Assert.DoesNotContain(Files, f => Path.GetFileName(f) is "libcoreclr.so" or "System.Private.CoreLib.dll");

        using var deps = JsonDocument.Parse(File.ReadAllText(FunctionsPackage.PathOf("Reporting.Functions.deps.json")));
        Assert.EndsWith("/linux-x64", deps.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString());
    }

    [Fact]
    public void The_package_has_what_the_functions_host_loads()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllText(FunctionsPackage.PathOf("host.json")));

        using var worker = JsonDocument.Parse(File.ReadAllText(FunctionsPackage.PathOf("worker.config.json")));
        var description = worker.RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.True(File.Exists(FunctionsPackage.PathOf(description.GetProperty("defaultWorkerPath").GetString()!)), "worker.config.json names a worker assembly the package lacks");

        var metadata = FunctionsMetadata.Parse(File.ReadAllText(FunctionsPackage.PathOf("functions.metadata")));
        Assert.NotEmpty(metadata);

        using var extensions = JsonDocument.Parse(File.ReadAllText(FunctionsPackage.PathOf("extensions.json")));
        foreach (var extension in extensions.RootElement.GetProperty("extensions").EnumerateArray())
            Assert.True(File.Exists(FunctionsPackage.PathOf(extension.GetProperty("hintPath").GetString()!)), $"extensions.json names {extension.GetProperty("hintPath")}, which the package lacks");

        Assert.False(File.Exists(FunctionsPackage.PathOf("local.settings.json")), "local.settings.json (local secrets) must never ship");
    }

    [Fact]
    public void The_package_serves_the_built_pages_with_every_file_they_load()
    {
        var index = FunctionsPackage.PathOf(Path.Combine("wwwroot", "index.html"));
        Assert.True(File.Exists(index), "wwwroot/index.html is missing: web/ was not built before publishing (azure.yaml's prebuild hook and scripts/test.sh build it)");
        var html = File.ReadAllText(index);
        var referenced = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(referenced);
        foreach (var asset in referenced)
            Assert.True(File.Exists(FunctionsPackage.PathOf(Path.Combine("wwwroot", asset))), $"wwwroot/index.html loads {asset}, which the package lacks");
        var built = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "web", "dist"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(RepoPaths.Root, "web", "dist"), f)).Order().ToList();
        var shipped = Directory.EnumerateFiles(FunctionsPackage.PathOf("wwwroot"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(FunctionsPackage.PathOf("wwwroot"), f)).Order().ToList();
        Assert.Equal(built, shipped);
    }

    [Fact]
    public void The_package_ships_every_sample_plan_the_reference_data_and_the_worker_log_filters()
    {
        foreach (var folder in new[] { "plans", "reference" })
        {
            // Subfolders too (reference/frameworks): a framework a plan names must be there for it to load.
            var root = Path.Combine(RepoPaths.Root, folder);
            var source = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order().ToList();
            var shipped = Directory.Exists(FunctionsPackage.PathOf(folder))
                ? Directory.EnumerateFiles(FunctionsPackage.PathOf(folder), "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(FunctionsPackage.PathOf(folder), f)).Order().ToList()
                : [];
            Assert.NotEmpty(source);
            Assert.Equal(source, shipped);
        }
        Assert.True(File.Exists(FunctionsPackage.PathOf("appsettings.json")), "appsettings.json (the worker's log filters) is missing from the package");
    }

    private enum Native { None, WindowsPe, MachO, ElfX64, ElfOther }

    /// <summary>What a file is by its first bytes: managed assemblies (PE with CLI metadata) and data count as none.</summary>
    private static Native NativeKind(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[20];
        var read = stream.Read(head);
        if (read >= 20 && head[0] == 0x7F && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F')
            return BitConverter.ToUInt16(head[18..20]) == 0x3E ? Native.ElfX64 : Native.ElfOther;
        if (read >= 4 && BitConverter.ToUInt32(head[..4]) is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE or 0xCAFEBABE or 0xBEBAFECA)
            return Native.MachO;
        if (read >= 2 && head[0] == (byte)'M' && head[1] == (byte)'Z')
        {
            stream.Position = 0;
            try
            {
                using var pe = new PEReader(stream, PEStreamOptions.LeaveOpen);
                return pe.HasMetadata ? Native.None : Native.WindowsPe;
            }
            catch (BadImageFormatException)
            {
                return Native.WindowsPe;
            }
        }
        return Native.None;
    }

    [GeneratedRegex(@"^runtimes/([^/]+)/")]
    private static partial Regex RuntimesFolder();

    [GeneratedRegex(@"(?:src|href)=""\./([^""]+)""")]
    private static partial Regex AssetReference();
}
