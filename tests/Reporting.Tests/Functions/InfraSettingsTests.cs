using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reporting.Access;
using Reporting.Jobs;
using Reporting.Storage;

namespace Reporting.Tests.Functions;

/// <summary>
/// infra/ held to the code: every table, container and setting the code reads is provisioned (a renamed setting cannot
/// silently break a deployment), and the deployment keeps the properties the code relies on. The Bicep compiler and
/// linter themselves run in scripts/test.sh (`bicep build`, `build-params`, `lint`); these tests read the files as text.
/// </summary>
public sealed partial class InfraSettingsTests
{
    private static readonly string Root = RepoPaths.Root;
    private static readonly string InfraFolder = Path.Combine(Root, "infra");

    private static readonly Lazy<IReadOnlyList<BicepFile>> Files = new(() =>
        new[] { Path.Combine(InfraFolder, "main.bicep") }
            .Concat(new[] { "app", "signin" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(InfraFolder, folder), "*.bicep").Order(StringComparer.Ordinal)))
            .Select(BicepFile.Load)
            .ToList());

    private static string AllText => string.Join("\n", Files.Value.Select(f => f.Text));

    private static BicepFile File(string relative) =>
        Files.Value.Single(f => f.Path == Path.GetFullPath(Path.Combine(InfraFolder, relative)));

    /// <summary>Settings the code reads in Azure (README "Configuration", StorageOptions, AccessOptions) and the host's identity-based storage.</summary>
    private static readonly string[] IdentitySettings =
    [
        "ReportingStorage__tableServiceUri",
        "ReportingStorage__blobServiceUri",
        "ReportingStorage__credential",
        "ReportingStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "Access__TrustAppServiceAuthentication",
    ];

    [Fact]
    public void Every_table_and_container_the_code_uses_is_created_by_the_infrastructure()
    {
        var text = AllText;
        foreach (var table in ReportingTables.AllNames)
            Assert.True(text.Contains($"'{table}'", StringComparison.Ordinal), $"table '{table}' (ReportingTables.AllNames) is not created in infra/");
        foreach (var container in ReportingBlobs.AllNames.Append(ReportingBlobs.ReportsName).Distinct())
            Assert.True(text.Contains($"'{container}'", StringComparison.Ordinal), $"blob container '{container}' (ReportingBlobs.AllNames) is not created in infra/");
    }

    [Fact]
    public void Every_schedule_setting_is_an_app_setting_in_the_infrastructure()
    {
        foreach (var job in ScheduledJobs.All)
            Assert.True(HasKey(AllText, job.ScheduleSetting),
                $"app setting {job.ScheduleSetting} (job {job.Name}) is missing from infra/: the Functions host will not index a timer whose %{job.ScheduleSetting}% is unset");
        Assert.Contains($"'{ScheduledJobs.All.Single(j => j.ScheduleSetting == ScheduledJobs.AggregationScheduleSetting).DefaultSchedule}'", File("main.bicep").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_reaches_storage_with_its_identity_through_the_settings_the_code_reads()
    {
        var api = File("app/api.bicep").Text;
        foreach (var setting in IdentitySettings)
            Assert.True(HasKey(api, setting), $"app setting {setting} is missing from infra/app/api.bicep");
        Assert.Matches(@"ReportingStorage__credential:\s*'managedidentity'", api);
        Assert.Matches(@"AzureWebJobsStorage__credential:\s*'managedidentity'", api);
        // StorageOptions binds these names case-insensitively; make sure they exist on the options class.
        foreach (var property in new[] { nameof(StorageOptions.TableServiceUri), nameof(StorageOptions.BlobServiceUri), nameof(StorageOptions.Credential), nameof(StorageOptions.ClientId) })
            Assert.Contains(IdentitySettings, s => s.Equals($"{StorageOptions.Section}__{property}", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_api_trusts_the_app_service_authentication_principal_only_once_sign_in_is_on_in_front_of_it()
    {
        var api = File("app/api.bicep").Text;
        Assert.Matches(@"var trustAppServiceAuthentication = !empty\(signInClientId\)", api);
        Assert.Matches($@"Access__{nameof(AccessOptions.TrustAppServiceAuthentication)}:\s*trustAppServiceAuthentication \? 'true' : 'false'", api);
        // Sign-in (auth.bicep) is deployed, when there is a registration, before the settings that trust it.
        Assert.Matches(@"module auth './auth.bicep' = if \(trustAppServiceAuthentication\)", api);
        Assert.Matches(@"resource appSettings [^{]+\{[^}]*dependsOn:\s*\[\s*auth\s*\]", api);
        Assert.Matches(@"signInClientId:\s*entraClientId", File("main.bicep").Text);

        var auth = File("app/auth.bicep").Text;
        Assert.Contains("'authsettingsV2'", auth, StringComparison.Ordinal);
        Assert.Matches(@"azureActiveDirectory:\s*\{\s*enabled:\s*true", auth);
        // API keys and GET /api/health must still reach the core, which answers 401/403 itself.
        Assert.Matches(@"unauthenticatedClientAction:\s*'AllowAnonymous'", auth);
    }

    [Fact]
    public void The_infrastructure_holds_no_storage_keys_or_connection_strings()
    {
        var text = AllText;
        foreach (var forbidden in new[] { "listKeys(", "AccountKey=", "SharedAccessSignature", $"{StorageOptions.Section}__ConnectionString", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING" })
            Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
        Assert.False(HasKey(text, "AzureWebJobsStorage"), "AzureWebJobsStorage must be identity-based (AzureWebJobsStorage__...), not a connection string");
    }

    [Fact]
    public void Storage_refuses_shared_keys_and_public_blobs_and_monitoring_refuses_local_auth()
    {
        var storage = File("app/storage.bicep").Text;
        Assert.Matches(@"allowSharedKeyAccess:\s*false", storage);
        Assert.Matches(@"allowBlobPublicAccess:\s*false", storage);
        Assert.Matches(@"minimumTlsVersion:\s*'TLS1_2'", storage);
        var monitoring = File("app/monitoring.bicep").Text;
        Assert.Matches(@"DisableLocalAuth:\s*true", monitoring);
        Assert.Matches(@"disableLocalAuth:\s*true", monitoring);
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", File("app/api.bicep").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_record_survives_a_mistaken_delete_of_a_blob_a_container_or_the_account()
    {
        var storage = File("app/storage.bicep").Text;
        Assert.Matches(@"isVersioningEnabled:\s*true", storage);
        Assert.Matches(@"deleteRetentionPolicy:\s*\{\s*enabled:\s*true", storage);
        Assert.Matches(@"containerDeleteRetentionPolicy:\s*\{\s*enabled:\s*true", storage);
        Assert.Matches(@"restorePolicy:\s*\{\s*enabled:\s*true", storage);
        Assert.Matches(@"resource \w+ 'Microsoft\.Authorization/locks@[^']+' = \{[^}]*scope:\s*account[^}]*level:\s*'CanNotDelete'", storage);
        // The lifecycle rule prunes old versions of the host's and the package's blobs only, never the API's containers.
        foreach (var container in ReportingBlobs.AllNames.Append(ReportingBlobs.ReportsName))
            Assert.DoesNotContain($"'{container}/'", storage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_is_a_flex_consumption_dotnet_isolated_10_linux_app_without_the_host_home_page()
    {
        Assert.Matches(@"name:\s*'FC1'\s*tier:\s*'FlexConsumption'", File("app/plan.bicep").Text);
        var api = File("app/api.bicep").Text;
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10\.0'", api);
        Assert.Contains("'functionapp,linux'", api, StringComparison.Ordinal);
        Assert.Matches(@"type:\s*'UserAssigned'", api);
        // Flex Consumption takes the runtime from functionAppConfig and refuses these as app settings.
        Assert.False(HasKey(api, "FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(HasKey(api, "FUNCTIONS_EXTENSION_VERSION"));
        Assert.Matches(@"AzureWebJobsDisableHomepage:\s*'true'", api);
        Assert.Matches(@"output WEB_URL string = 'https://\$\{api\.outputs\.defaultHostName\}/api/web/'", File("main.bicep").Text);
    }

    [Fact]
    public void Main_bicep_and_its_modules_need_no_registry_so_they_compile_offline()
    {
        foreach (var file in Files.Value.Where(f => !f.Path.Contains($"{Path.DirectorySeparatorChar}signin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            Assert.DoesNotMatch(@"(?m)^\s*module\s+\w+\s+'br[:/]", file.Text);
            Assert.DoesNotMatch(@"(?m)^\s*extension\s", file.Text);
            Assert.DoesNotMatch(@"(?m)^\s*module\s+\w+\s+'[^']*signin/", file.Text);
        }
    }

    [Fact]
    public void The_app_registration_has_the_roles_the_api_maps_callers_from()
    {
        var entra = File("signin/entra.bicep");
        Assert.Matches($@"var rolePrefix = '{Regex.Escape(new AccessOptions().RolePrefix)}'", entra.Text);
        foreach (var role in new[] { $"'${{rolePrefix}}{new AccessOptions().UserRole}'", "'${rolePrefix}Admin'", "'${rolePrefix}Secretariat'", "'${rolePrefix}FocalPoint.${state.code}'" })
            Assert.Contains(role, entra.Text, StringComparison.Ordinal);
        // One focal point role per member state, taken from the same file the API reads.
        var load = LoadJsonContent().Match(entra.Text);
        Assert.True(load.Success, "infra/signin/entra.bicep should build the focal point roles from reference/member-states.json");
        Assert.Equal(Path.Combine(Root, "reference", "member-states.json"), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(entra.Path)!, load.Groups[1].Value)));
        using var states = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Root, "reference", "member-states.json")));
        Assert.All(states.RootElement.GetProperty("memberStates").EnumerateArray(), s => Assert.True(s.TryGetProperty("code", out _) && s.TryGetProperty("name", out _)));
    }

    [Fact]
    public void The_azd_service_deploys_the_functions_project_to_the_app_tagged_for_it()
    {
        var yaml = System.IO.File.ReadAllText(Path.Combine(Root, "azure.yaml"));
        var service = AzdService().Match(yaml);
        Assert.True(service.Success, "azure.yaml should declare one service with project, language and host");
        Assert.Equal("function", service.Groups["host"].Value);
        Assert.Equal("dotnet", service.Groups["language"].Value);
        Assert.True(System.IO.File.Exists(Path.Combine(Root, service.Groups["project"].Value, "Reporting.Functions.csproj")), "azure.yaml's project must be the folder of Reporting.Functions.csproj");
        Assert.Contains($"'azd-service-name': '{service.Groups["name"].Value}'", File("app/api.bicep").Text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^hooks:\s*\n(?:\s+#.*\n)*\s+postprovision:\s*\n\s+posix:\s*\n\s+shell: sh\s*\n\s+run: \./infra/hooks/postprovision\.sh", yaml);
    }

    [Fact]
    public void The_first_provision_stores_the_registration_and_switches_sign_in_on_before_trusting_it()
    {
        using var run = HookRun.Start(clientIdInEnvironment: null);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
        [
            "az deployment group create --resource-group rg-test --name signin-registration --template-file infra/signin/entra.bicep",
            "azd env set ENTRA_APP_CLIENT_ID 11111111-2222-3333-4444-555555555555",
            "az deployment group create --resource-group rg-test --name signin-auth --template-file infra/app/auth.bicep",
            "az functionapp config appsettings set --resource-group rg-test --name func-test --settings Access__TrustAppServiceAuthentication=true",
        ], run.Calls.Select(HookRun.Head).ToList());
        Assert.Contains("hostName=func-test.azurewebsites.net", run.Calls[0], StringComparison.Ordinal);
        Assert.Contains("identityPrincipalId=00000000-aaaa-bbbb-cccc-000000000001", run.Calls[0], StringComparison.Ordinal);
        Assert.Contains("clientId=11111111-2222-3333-4444-555555555555", run.Calls[2], StringComparison.Ordinal);
        // What the hook stores is what main.bicepparam reads on the next provision.
        Assert.Contains("param entraClientId = readEnvironmentVariable('ENTRA_APP_CLIENT_ID', '')", System.IO.File.ReadAllText(Path.Combine(InfraFolder, "main.bicepparam")), StringComparison.Ordinal);
    }

    [Fact]
    public void Later_provisions_only_update_the_registration_and_leave_sign_in_to_main_bicep()
    {
        using var run = HookRun.Start(clientIdInEnvironment: "11111111-2222-3333-4444-555555555555");

        Assert.Equal(0, run.ExitCode);
        var call = Assert.Single(run.Calls);
        Assert.StartsWith("az deployment group create --resource-group rg-test --name signin-registration", call, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hook_refuses_to_run_outside_azd()
    {
        using var run = HookRun.Start(clientIdInEnvironment: null, withAzdOutputs: false);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.Calls);
        Assert.Contains("not set", run.Error, StringComparison.Ordinal);
    }

    private static bool HasKey(string bicep, string key) =>
        Regex.IsMatch(bicep, $@"(?m)^\s*'?{Regex.Escape(key)}'?\s*:");

    [GeneratedRegex(@"loadJsonContent\('([^']+member-states\.json)'\)")]
    private static partial Regex LoadJsonContent();

    [GeneratedRegex(@"(?ms)^services:\s*\n\s+(?<name>[\w-]+):\s*\n\s+project:\s*(?<project>\S+)\s*\n\s+language:\s*(?<language>\S+)\s*\n\s+host:\s*(?<host>\S+)")]
    private static partial Regex AzdService();

    /// <summary>
    /// infra/hooks/postprovision.sh run by sh with stand-ins for az and azd on its PATH that record each call
    /// (az answers the registration's client ID). What Azure does with the calls only Azure shows; the order and
    /// the arguments are the script's.
    /// </summary>
    private sealed class HookRun : IDisposable
    {
        private readonly DirectoryInfo folder;

        private HookRun(DirectoryInfo folder, int exitCode, IReadOnlyList<string> calls, string error)
        {
            this.folder = folder;
            ExitCode = exitCode;
            Calls = calls;
            Error = error;
        }

        public int ExitCode { get; }
        public IReadOnlyList<string> Calls { get; }
        public string Error { get; }

        /// <summary>A call up to its first argument that is a value of the deployment (after the fixed options).</summary>
        public static string Head(string call) => Regex.Replace(call, @" (--parameters|--query|--output) .*$", "");

        public static HookRun Start(string? clientIdInEnvironment, bool withAzdOutputs = true)
        {
            var folder = Directory.CreateTempSubdirectory("postprovision-");
            var log = Path.Combine(folder.FullName, "calls.log");
            foreach (var tool in new[] { "az", "azd" })
            {
                var path = Path.Combine(folder.FullName, tool);
                System.IO.File.WriteAllText(path, $$"""
                    #!/bin/sh
                    echo "{{tool}} $*" >> "{{log}}"
                    case "$*" in
                      *"--template-file infra/signin/entra.bicep"*) echo "11111111-2222-3333-4444-555555555555" ;;
                    esac
                    """.ReplaceLineEndings("\n"));
                if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var info = new ProcessStartInfo("sh") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("infra/hooks/postprovision.sh");
            info.Environment.Clear();
            info.Environment["PATH"] = $"{folder.FullName}:/usr/bin:/bin";
            if (withAzdOutputs)
            {
                info.Environment["AZURE_RESOURCE_GROUP"] = "rg-test";
                info.Environment["AZURE_FUNCTION_APP_NAME"] = "func-test";
                info.Environment["API_HOST_NAME"] = "func-test.azurewebsites.net";
                info.Environment["AZURE_IDENTITY_PRINCIPAL_ID"] = "00000000-aaaa-bbbb-cccc-000000000001";
                info.Environment["ENTRA_APP_UNIQUE_NAME"] = "asean-reporting-test-abc";
                info.Environment["ENTRA_APP_DISPLAY_NAME"] = "ASEAN work-plan reporting (test)";
            }
            if (clientIdInEnvironment is not null) info.Environment["ENTRA_APP_CLIENT_ID"] = clientIdInEnvironment;

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            var calls = System.IO.File.Exists(log) ? System.IO.File.ReadAllLines(log) : [];
            return new HookRun(folder, process.ExitCode, calls, stderr.Result + stdout.Result);
        }

        public void Dispose() => folder.Delete(recursive: true);
    }
}

/// <summary>A Bicep file as written.</summary>
internal sealed record BicepFile(string Path, string Text)
{
    public static BicepFile Load(string path) => new(System.IO.Path.GetFullPath(path), File.ReadAllText(path));
}
