using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Reporting.Tests.Infrastructure;

/// <summary>
/// A real Azurite process on free ports, installed by `npm ci` into the repo (package.json pins the version).
/// In memory by default; give a folder for on-disk persistence (data survives a restart).
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines;

    private Azurite(Process process, System.Collections.Concurrent.ConcurrentQueue<string> lines, int blobPort, int tablePort)
    {
        this.process = process;
        this.lines = lines;
        BlobPort = blobPort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, TablePort);

    /// <summary>The emulator's well-known account on given ports (e.g. a <see cref="FaultProxy"/> in front of it).</summary>
    public static string ConnectionStringFor(int blobPort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static async Task<Azurite> StartAsync(string? location = null, int blobPort = 0, int tablePort = 0)
    {
        var root = RepoRoot();
        var bin = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(bin))
            throw new InvalidOperationException($"Azurite is not installed at {bin}. Run `npm ci` in {root} (the README's test command does this).");
        var info = new ProcessStartInfo(bin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in new[] { "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--blobPort", blobPort.ToString(), "--queuePort", "0", "--tablePort", tablePort.ToString() })
            info.ArgumentList.Add(arg);
        if (location is null) info.ArgumentList.Add("--inMemoryPersistence");
        else { info.ArgumentList.Add("--location"); info.ArgumentList.Add(location); }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start Azurite.");
        int? blob = null, table = null;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (blob is null || table is null)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("Azurite exited early: " + string.Join("\n", output) + await process.StandardError.ReadToEndAsync());
            output.Enqueue(line);
            var m = Listening().Match(line);
            if (!m.Success) continue;
            var port = int.Parse(m.Groups[2].Value);
            if (m.Groups[1].Value == "Blob") blob = port;
            if (m.Groups[1].Value == "Table") table = port;
        }
        // Keep draining the pipes so Azurite never blocks on a full buffer; lines are kept for StopAsync.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) output.Enqueue(line);
        });
        _ = process.StandardError.ReadToEndAsync();
        return new Azurite(process, output, blob.Value, table.Value);
    }

    /// <summary>
    /// Stops Azurite the way its on-disk store survives: SIGINT, wait until it says its stores are closed (saved), then
    /// end the process (it can linger on open handles). A bare SIGKILL would lose what its LokiJS store has not yet
    /// saved (it saves every 5 s), writes it had acknowledged: a flaw of the emulator that real Azure Storage does not have.
    /// </summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        if (Interrupt(process.Id, 2) != 0) throw new InvalidOperationException("Could not signal Azurite.");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(lines.Contains("Azurite Table service successfully closed") && lines.Contains("Azurite Blob service successfully closed")))
        {
            if (process.HasExited) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Azurite did not close its stores within 30 s: " + string.Join("\n", lines));
            await Task.Delay(50);
        }
        Kill();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Interrupt(int pid, int signal);

    public void Kill()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Above the test binaries, or, when they are built elsewhere (<c>--artifacts-path</c>), above this source file.</summary>
    public static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Reporting.sln"))) return dir.FullName;
        throw new InvalidOperationException("Could not find the repository root (Reporting.sln) above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(\d+)")]
    private static partial Regex Listening();
}

/// <summary>One emulator for the whole test run; each server gets its own table prefix, so tests never see each other's data.</summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<Azurite>> Instance = new(async () =>
    {
        var azurite = await Azurite.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Kill();
        return azurite;
    });

    public static Task<Azurite> GetAsync() => Instance.Value;
}
