using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reporting.Access;
using Reporting.Jobs;
using Reporting.Storage;

namespace Reporting.Tests.Functions;

/// <summary>
/// The Bicep compiler cannot be installed here, so these tests read infra/ as text: every table, container and
/// setting the code reads must be provisioned (a renamed setting cannot silently break a deployment), and the
/// files get the structural checks a compiler would otherwise give (brackets, module parameters).
/// </summary>
public sealed partial class InfraSettingsTests
{
    private static readonly string Root = RepoPaths.Root;
    private static readonly string InfraFolder = Path.Combine(Root, "infra");

    private static readonly Lazy<IReadOnlyList<BicepFile>> Files = new(() =>
        new[] { Path.Combine(InfraFolder, "main.bicep") }
            .Concat(Directory.EnumerateFiles(Path.Combine(InfraFolder, "app"), "*.bicep").Order(StringComparer.Ordinal))
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
    public void The_api_trusts_the_app_service_authentication_principal_only_behind_app_service_authentication()
    {
        Assert.Matches($@"Access__{nameof(AccessOptions.TrustAppServiceAuthentication)}:\s*'true'", File("app/api.bicep").Text);
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
    public void The_app_is_a_flex_consumption_dotnet_isolated_10_linux_app()
    {
        Assert.Matches(@"name:\s*'FC1'\s*tier:\s*'FlexConsumption'", File("main.bicep").Text);
        var api = File("app/api.bicep").Text;
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10\.0'", api);
        Assert.Contains("'functionapp,linux'", api, StringComparison.Ordinal);
        Assert.Matches(@"type:\s*'UserAssigned'", api);
        // Flex Consumption takes the runtime from functionAppConfig and refuses these as app settings.
        Assert.False(HasKey(api, "FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(HasKey(api, "FUNCTIONS_EXTENSION_VERSION"));
    }

    [Fact]
    public void The_app_registration_has_the_roles_the_api_maps_callers_from()
    {
        var entra = File("app/entra.bicep");
        Assert.Matches($@"var rolePrefix = '{Regex.Escape(new AccessOptions().RolePrefix)}'", entra.Text);
        foreach (var role in new[] { $"'${{rolePrefix}}{new AccessOptions().UserRole}'", "'${rolePrefix}Admin'", "'${rolePrefix}Secretariat'", "'${rolePrefix}FocalPoint.${state.code}'" })
            Assert.Contains(role, entra.Text, StringComparison.Ordinal);
        // One focal point role per member state, taken from the same file the API reads.
        var load = LoadJsonContent().Match(entra.Text);
        Assert.True(load.Success, "infra/app/entra.bicep should build the focal point roles from reference/member-states.json");
        Assert.Equal(Path.Combine(Root, "reference", "member-states.json"), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(entra.Path)!, load.Groups[1].Value)));
        using var states = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Root, "reference", "member-states.json")));
        Assert.All(states.RootElement.GetProperty("memberStates").EnumerateArray(), s => Assert.True(s.TryGetProperty("code", out _) && s.TryGetProperty("name", out _)));
    }

    [Fact]
    public void Bicep_files_have_balanced_brackets_and_modules_get_exactly_the_parameters_they_declare() =>
        AssertNone(BicepChecks.Problems(Files.Value));

    [Fact]
    public void Main_parameters_file_matches_the_parameters_main_bicep_declares()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(InfraFolder, "main.parameters.json")));
        var given = doc.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var declared = File("main.bicep").Parameters;
        foreach (var name in given)
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare");
        foreach (var (name, optional) in declared)
            Assert.True(optional || given.Contains(name), $"main.bicep requires '{name}', which main.parameters.json does not set");
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
    }

    [Fact]
    public void Bicep_checker_reports_unbalanced_brackets_and_a_misspelled_or_missing_module_parameter()
    {
        var folder = Directory.CreateTempSubdirectory("bicep-check-");
        try
        {
            var module = Path.Combine(folder.FullName, "module.bicep");
            System.IO.File.WriteAllText(module, """
                param name string
                param location string = resourceGroup().location
                @description('Has a default: may be left out.')
                param tags object = {}
                output id string = name
                """);
            var main = Path.Combine(folder.FullName, "main.bicep");
            System.IO.File.WriteAllText(main, """
                module one './module.bicep' = {
                  name: 'one'
                  params: {
                    nmae: 'x'
                    location: 'y'
                  }
                }
                var broken = [
                  '${'}' // a brace inside a string does not count; the missing ] does
                """);
            var problems = BicepChecks.Problems([BicepFile.Load(main), BicepFile.Load(module)]);

            Assert.Contains(problems, p => p.Contains("main.bicep") && p.Contains("'['"));
            Assert.Contains(problems, p => p.Contains("'nmae'") && p.Contains("does not declare"));
            Assert.Contains(problems, p => p.Contains("'name'") && p.Contains("requires"));
            Assert.DoesNotContain(problems, p => p.Contains("'location'") || p.Contains("'tags'"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool HasKey(string bicep, string key) =>
        Regex.IsMatch(bicep, $@"(?m)^\s*'?{Regex.Escape(key)}'?\s*:");

    private static void AssertNone(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, string.Join("\n", problems));

    [GeneratedRegex(@"loadJsonContent\('([^']+member-states\.json)'\)")]
    private static partial Regex LoadJsonContent();

    [GeneratedRegex(@"(?ms)^services:\s*\n\s+(?<name>[\w-]+):\s*\n\s+project:\s*(?<project>\S+)\s*\n\s+language:\s*(?<language>\S+)\s*\n\s+host:\s*(?<host>\S+)")]
    private static partial Regex AzdService();
}

/// <summary>A Bicep file with its comments removed and its string literals blanked, for structural checks.</summary>
internal sealed partial class BicepFile
{
    private BicepFile(string path, string text, string code)
    {
        Path = path;
        Text = text;
        Code = code;
        Parameters = ParameterDeclaration().Matches(code)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["optional"].Success || m.Groups["type"].Value.EndsWith('?'), StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>As written.</summary>
    public string Text { get; }

    /// <summary>Comments removed; every string literal (interpolations included) replaced by <c>''</c>; line breaks kept.</summary>
    public string Code { get; }

    /// <summary>Declared parameters: name → has a default (or is nullable).</summary>
    public IReadOnlyDictionary<string, bool> Parameters { get; }

    public static BicepFile Load(string path)
    {
        var text = File.ReadAllText(path);
        return new BicepFile(System.IO.Path.GetFullPath(path), text, Strip(text));
    }

    private static string Strip(string text)
    {
        var code = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text.AsSpan(i).StartsWith("//"))
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (text.AsSpan(i).StartsWith("/*"))
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else if (text.AsSpan(i).StartsWith("'''"))
            {
                var end = text.IndexOf("'''", i + 3, StringComparison.Ordinal);
                KeepLines(code, text, i, end < 0 ? text.Length : end + 3);
                i = end < 0 ? text.Length : end + 3;
            }
            else if (text[i] == '\'')
            {
                var end = EndOfString(text, i + 1);
                KeepLines(code, text, i, end);
                i = end;
            }
            else
            {
                code.Append(text[i]);
                i++;
            }
        }
        return code.ToString();
    }

    /// <summary>Index just past the closing quote of a string opened before <paramref name="i"/>; skips escapes and ${...} (which may hold strings).</summary>
    private static int EndOfString(string text, int i)
    {
        while (i < text.Length)
        {
            if (text[i] == '\\') i += 2;
            else if (text[i] == '\'') return i + 1;
            else if (text.AsSpan(i).StartsWith("${"))
            {
                i += 2;
                var depth = 1;
                while (i < text.Length && depth > 0)
                {
                    if (text[i] == '\'') { i = EndOfString(text, i + 1); continue; }
                    if (text[i] == '{') depth++;
                    if (text[i] == '}') depth--;
                    i++;
                }
            }
            else i++;
        }
        return i;
    }

    private static void KeepLines(StringBuilder code, string text, int start, int end)
    {
        code.Append("''");
        for (var k = start; k < end && k < text.Length; k++)
            if (text[k] == '\n') code.Append('\n');
    }

    [GeneratedRegex(@"(?m)^\s*param\s+(?<name>\w+)\s+(?<type>[\w.\[\]?]+)\s*(?<optional>=)?")]
    private static partial Regex ParameterDeclaration();
}

/// <summary>What a Bicep compiler would catch first, for files this machine cannot compile.</summary>
internal static partial class BicepChecks
{
    public static IReadOnlyList<string> Problems(IReadOnlyList<BicepFile> files)
    {
        var problems = new List<string>();
        foreach (var file in files)
        {
            problems.AddRange(Balance(file));
            foreach (Match module in ModuleDeclaration().Matches(file.Code))
            {
                // The blanked code lost the path; read it from the original text at the same declaration.
                var path = ModulePath().Match(file.Text, FindInText(file, module)).Groups[1].Value;
                if (!path.StartsWith('.')) continue; // registry modules (br/public:avm/...) are checked by azd at deploy
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.Path)!, path));
                var symbol = module.Groups["symbol"].Value;
                var label = $"{Path.GetFileName(file.Path)}: module {symbol} ('{path}')";
                var targetFile = files.FirstOrDefault(f => f.Path == target) ?? (File.Exists(target) ? BicepFile.Load(target) : null);
                if (targetFile is null)
                {
                    problems.Add($"{label}: the file does not exist");
                    continue;
                }
                var given = ParamKeys(file.Code, module.Index + module.Length - 1);
                foreach (var key in given.Where(k => !targetFile.Parameters.ContainsKey(k)))
                    problems.Add($"{label}: passes '{key}', which {Path.GetFileName(target)} does not declare");
                foreach (var name in targetFile.Parameters.Where(p => !p.Value && !given.Contains(p.Key)).Select(p => p.Key))
                    problems.Add($"{label}: {Path.GetFileName(target)} requires '{name}', which is not passed");
            }
        }
        return problems;
    }

    private static IEnumerable<string> Balance(BicepFile file)
    {
        var stack = new Stack<(char Open, int Line)>();
        var line = 1;
        foreach (var c in file.Code)
        {
            if (c == '\n') line++;
            if (c is '{' or '[' or '(') stack.Push((c, line));
            if (c is '}' or ']' or ')')
            {
                var open = c switch { '}' => '{', ']' => '[', _ => '(' };
                if (stack.Count == 0 || stack.Peek().Open != open)
                {
                    yield return $"{Path.GetFileName(file.Path)}:{line}: '{c}' closes nothing open";
                    yield break;
                }
                stack.Pop();
            }
        }
        foreach (var (open, openedAt) in stack)
            yield return $"{Path.GetFileName(file.Path)}:{openedAt}: '{open}' is never closed";
    }

    /// <summary>Keys of the <c>params: { ... }</c> object directly inside the module body that opens at <paramref name="bodyStart"/>.</summary>
    private static HashSet<string> ParamKeys(string code, int bodyStart)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var body = Block(code, bodyStart);
        var match = ParamsBlock().Match(body);
        if (!match.Success) return keys;
        var block = Block(body, match.Index + match.Length - 1);
        var depth = 0;
        foreach (var lineText in block.Split('\n'))
        {
            if (depth == 1 && ObjectKey().Match(lineText) is { Success: true } key) keys.Add(key.Groups[1].Value);
            depth += lineText.Count(c => c is '{' or '[' or '(') - lineText.Count(c => c is '}' or ']' or ')');
        }
        return keys;
    }

    /// <summary>The text from the opening brace at <paramref name="open"/> to its matching close.</summary>
    private static string Block(string code, int open)
    {
        var depth = 0;
        for (var i = open; i < code.Length; i++)
        {
            if (code[i] == '{') depth++;
            if (code[i] == '}' && --depth == 0) return code[open..(i + 1)];
        }
        return code[open..];
    }

    private static int FindInText(BicepFile file, Match module)
    {
        // Stripping keeps line breaks, so the declaration is on the same line in both texts.
        var lineNumber = file.Code[..module.Index].Count(c => c == '\n');
        var index = 0;
        for (var n = 0; n < lineNumber; n++) index = file.Text.IndexOf('\n', index) + 1;
        return index;
    }

    [GeneratedRegex(@"(?m)^\s*module\s+(?<symbol>\w+)\s+''\s*=\s*(?:if\s*\([^)]*\)\s*)?\{")]
    private static partial Regex ModuleDeclaration();

    [GeneratedRegex(@"module\s+\w+\s+'([^']+)'")]
    private static partial Regex ModulePath();

    [GeneratedRegex(@"(?m)^\s*params\s*:\s*\{")]
    private static partial Regex ParamsBlock();

    [GeneratedRegex(@"^\s*(\w+)\s*:")]
    private static partial Regex ObjectKey();
}
