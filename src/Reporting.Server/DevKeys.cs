using Newtonsoft.Json;
using Reporting.Access;
using Reporting.MemberStates;
using Microsoft.Extensions.Options;

namespace Reporting.Server;

public sealed class DevKeysOptions
{
    public const string Section = "DevKeys";

    /// <summary>When set, the server makes sure a development key set exists (admin, secretariat, one focal point per state) and writes it here.</summary>
    public string? File { get; set; }
}

/// <summary>Local runs only: a ready set of keys so a person can try the API at once. Never configured in Azure.</summary>
public sealed class DevKeys(IOptions<DevKeysOptions> options, ApiKeyStore keys, MemberStateDirectory states, ILogger<DevKeys> logger, IHostApplicationLifetime lifetime) : IHostedService
{
    /// <param name="Bodies">The sectoral bodies the key covers; none: every plan (as keys made before scopes did).</param>
    /// <param name="Env">The shell variable it is written as; by default {STATE}_KEY or {ROLE}_KEY.</param>
    public sealed record Entry(string Role, string? State, string Label, string Key, string[]? Bodies = null, string? Env = null);

    /// <summary>Keys scoped to one sectoral body, to try access per body: a desk and an observer for each sample plan's body.</summary>
    private static readonly (Role Role, string Body, string Env, string Label)[] Scoped =
    [
        (Role.Secretariat, "SOMSWD", "SOMSWD_DESK", "Development secretariat desk, SOMSWD"),
        (Role.Secretariat, "SLOM", "SLOM_DESK", "Development secretariat desk, SLOM"),
        (Role.Observer, "SOMSWD", "SOMSWD_OBSERVER", "Development observer (civil society), SOMSWD"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var file = options.Value.File;
        if (string.IsNullOrWhiteSpace(file)) return;
        List<Entry> entries;
        if (System.IO.File.Exists(file))
            entries = JsonConvert.DeserializeObject<List<Entry>>(await System.IO.File.ReadAllTextAsync(file, cancellationToken)) ?? [];
        else
        {
            entries = [];
            var admin = await keys.CreateAsync(Role.Admin, null, "Development admin", null, "dev-keys", cancellationToken);
            entries.Add(new Entry("admin", null, admin.Label, admin.Key));
            var secretariat = await keys.CreateAsync(Role.Secretariat, null, "Development secretariat", null, "dev-keys", cancellationToken);
            entries.Add(new Entry("secretariat", null, secretariat.Label, secretariat.Key));
            foreach (var state in states.All)
            {
                var key = await keys.CreateAsync(Role.FocalPoint, state.Code, $"Development focal point {state.Code}", null, "dev-keys", cancellationToken);
                entries.Add(new Entry("focalPoint", state.Code, key.Label, key.Key));
            }
        }
        // A file from before scoped keys gets them added.
        var added = false;
        foreach (var (role, body, envName, label) in Scoped.Where(s => entries.All(e => e.Env != s.Env)))
        {
            var key = await keys.CreateAsync(role, null, label, null, "dev-keys", cancellationToken, scope: new AccessScope { Bodies = [body] });
            entries.Add(new Entry(role == Role.Observer ? "observer" : "secretariat", null, label, key.Key, [body], envName));
            added = true;
        }
        if (added || !System.IO.File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await System.IO.File.WriteAllTextAsync(file, JsonConvert.SerializeObject(entries, Formatting.Indented), cancellationToken);
        }
        // The same keys as shell variables (ADMIN_KEY, SECRETARIAT_KEY, THA_KEY, SOMSWD_DESK_KEY, ...) for `source` and curl.
        var env = Path.ChangeExtension(file, ".env");
        await System.IO.File.WriteAllLinesAsync(env, entries.Select(e => $"{e.Env ?? e.State ?? (e.Role == "focalPoint" ? "FOCAL" : e.Role.ToUpperInvariant())}_KEY={e.Key}"), cancellationToken);
        // Re-store them every start: the emulator's data may have been wiped while the file stayed.
        foreach (var e in entries)
            await keys.CreateAsync(Enum.Parse<Role>(e.Role, ignoreCase: true), e.State, e.Label, null, "dev-keys", cancellationToken, fixedKey: e.Key,
                scope: e.Bodies is { Length: > 0 } b ? new AccessScope { Bodies = b } : null);

        lifetime.ApplicationStarted.Register(() =>
        {
            var thailand = entries.FirstOrDefault(e => e.State == "THA")?.Key ?? entries[0].Key;
            logger.LogInformation("Development keys are in {File} and {EnvFile} (admin, secretariat, one focal point per member state, a desk and an observer per sample body)",
                Path.GetFullPath(file), Path.GetFullPath(env));
            logger.LogInformation("Try: curl -s -H \"X-Api-Key: {Key}\" http://127.0.0.1:7071/api/plans/somswd-2021-2025/years/2024/submissions", thailand);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
