using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Reporting.Http;
using Reporting.Jobs;

namespace Reporting.Tests.Functions;

/// <summary>
/// Parity from the SDK's own output: the functions.metadata the Functions SDK generates from functions/ (what the
/// host indexes in Azure) holds exactly one function per row of the core's endpoint and job tables, with the same
/// name, HTTP method, route and authorization level, timers on their schedule settings, and nothing else. Generic
/// over the tables: a new core endpoint without its function fails here, saying what to add.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<IReadOnlyList<GeneratedFunction>> Generated = new(() =>
    {
        var functions = FunctionsMetadata.Parse(File.ReadAllText(FunctionsPackage.PathOf("functions.metadata")));
        Console.WriteLine($"functions.metadata: {functions.Count} functions ({functions.Count(f => f.Trigger == "httpTrigger")} HTTP, " +
                          $"{functions.Count(f => f.Trigger == "timerTrigger")} timer) for {ApiEndpoints.All.Count} endpoints and {ScheduledJobs.All.Count} jobs");
        return functions;
    });

    [Fact]
    public void Every_core_endpoint_has_exactly_one_http_function_with_its_name_method_route_and_anonymous_level() =>
        AssertNone(FunctionsMetadata.EndpointProblems(Generated.Value, ApiEndpoints.All));

    [Fact]
    public void Every_core_job_has_exactly_one_timer_function_on_its_schedule_setting() =>
        AssertNone(FunctionsMetadata.JobProblems(Generated.Value, ScheduledJobs.All));

    [Fact]
    public void The_metadata_holds_no_function_without_a_core_endpoint_or_job() =>
        AssertNone(FunctionsMetadata.ExtraProblems(Generated.Value, ApiEndpoints.All, ScheduledJobs.All));

    [Fact]
    public void Every_function_runs_from_the_worker_assembly_it_was_generated_from()
    {
        foreach (var function in Generated.Value)
        {
            Assert.Equal("dotnet-isolated", function.Language);
            Assert.Equal("Reporting.Functions.dll", function.ScriptFile);
            Assert.StartsWith("Reporting.Functions.", function.EntryPoint, StringComparison.Ordinal);
        }
    }

    // The checker has to be able to fail: metadata with known faults, checked against the real core tables.

    [Fact]
    public void Checker_names_a_missing_endpoint_and_gives_the_hand_off_to_add()
    {
        var problems = FunctionsMetadata.EndpointProblems([], ApiEndpoints.All);

        var missing = Assert.Single(problems, p => p.StartsWith("PutSubmission:", StringComparison.Ordinal));
        Assert.Contains($"PUT {Routes.Submission}", missing);
        Assert.Contains("functions/SubmissionFunctions.cs", missing);
        Assert.Contains("[Function(nameof(PutSubmission))]", missing);
        Assert.Contains("\"put\", Route = Routes.Submission)] HttpRequest request", missing);
        Assert.Contains("endpoints.PutSubmission(request, planId, year, state);", missing);
        Assert.Equal(ApiEndpoints.All.Count, problems.Count);
    }

    [Fact]
    public void The_suggested_hand_off_is_valid_code_that_keeps_the_hand_off_rule()
    {
        foreach (var endpoint in ApiEndpoints.All)
        {
            var suggestion = HandOffSuggestion.ForEndpoint(endpoint, FunctionsSource.ParseFolder(Path.Combine(RepoPaths.Root, "functions")));
            var tree = FunctionsSource.Parse($"public sealed class {suggestion.ClassName}({suggestion.HandlerType} {suggestion.Receiver})\n{{\n{suggestion.Code}\n}}");
            Assert.DoesNotContain(tree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            var declared = Assert.Single(FunctionsSource.Functions([tree]));
            Assert.Equal(endpoint.Name, declared.Name);
            Assert.Equal(endpoint.Route, declared.Route);
            Assert.Empty(FunctionsParity.HandOffProblems([declared]));
        }
    }

    [Fact]
    public void Checker_reports_a_wrong_method_route_and_level_a_duplicate_and_an_extra_function()
    {
        var functions = FunctionsMetadata.Parse($$"""
            [
              { "name": "PutSubmission", "scriptFile": "Reporting.Functions.dll", "entryPoint": "Reporting.Functions.SubmissionFunctions.PutSubmission", "language": "dotnet-isolated",
                "bindings": [ { "name": "request", "direction": "In", "type": "httpTrigger", "authLevel": "Function", "methods": [ "post" ], "route": "{{Routes.Submit}}" },
                              { "name": "$return", "type": "http", "direction": "Out" } ] },
              { "name": "GetHealth", "scriptFile": "Reporting.Functions.dll", "entryPoint": "Reporting.Functions.HealthFunctions.GetHealth", "language": "dotnet-isolated",
                "bindings": [ { "name": "request", "direction": "In", "type": "httpTrigger", "authLevel": "Anonymous", "methods": [ "get" ], "route": "health" } ] },
              { "name": "GetHealth", "scriptFile": "Reporting.Functions.dll", "entryPoint": "Reporting.Functions.HealthFunctions.GetHealthAgain", "language": "dotnet-isolated",
                "bindings": [ { "name": "request", "direction": "In", "type": "httpTrigger", "authLevel": "Anonymous", "methods": [ "get" ], "route": "health" } ] },
              { "name": "NotFoundFallback", "scriptFile": "Reporting.Functions.dll", "entryPoint": "Reporting.Functions.Fallback.NotFoundFallback", "language": "dotnet-isolated",
                "bindings": [ { "name": "request", "direction": "In", "type": "httpTrigger", "authLevel": "Anonymous", "methods": [ "get", "post" ], "route": "{*rest}" } ] }
            ]
            """);

        var problems = FunctionsMetadata.EndpointProblems(functions, ApiEndpoints.All);
        var extras = FunctionsMetadata.ExtraProblems(functions, ApiEndpoints.All, ScheduledJobs.All);

        Assert.Contains(problems, p => p.StartsWith("PutSubmission:", StringComparison.Ordinal) && p.Contains("methods [post]") && p.Contains("PUT"));
        Assert.Contains(problems, p => p.StartsWith("PutSubmission:", StringComparison.Ordinal) && p.Contains($"'{Routes.Submit}'") && p.Contains($"'{Routes.Submission}'"));
        Assert.Contains(problems, p => p.StartsWith("PutSubmission:", StringComparison.Ordinal) && p.Contains("Anonymous") && p.Contains("Function"));
        Assert.Contains(problems, p => p.StartsWith("GetHealth:", StringComparison.Ordinal) && p.Contains("2 functions"));
        Assert.Contains(extras, p => p.StartsWith("NotFoundFallback:", StringComparison.Ordinal) && p.Contains("no counterpart"));
        Assert.DoesNotContain(extras, p => p.StartsWith("GetHealth:", StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_reports_a_timer_on_the_wrong_setting_one_that_runs_on_startup_and_an_endpoint_served_by_a_timer()
    {
        var functions = FunctionsMetadata.Parse("""
            [
              { "name": "AggregateProgress", "scriptFile": "Reporting.Functions.dll", "entryPoint": "Reporting.Functions.JobFunctions.AggregateProgress", "language": "dotnet-isolated",
                "bindings": [ { "name": "timer", "direction": "In", "type": "timerTrigger", "schedule": "%AggregationScheduel%" } ] },
              { "name": "GenerateReports", "scriptFile": "Reporting.Functions.dll", "entryPoint": "Reporting.Functions.JobFunctions.GenerateReports", "language": "dotnet-isolated",
                "bindings": [ { "name": "timer", "direction": "In", "type": "timerTrigger", "schedule": "%ReportSchedule%", "runOnStartup": true } ] },
              { "name": "GetHealth", "scriptFile": "Reporting.Functions.dll", "entryPoint": "Reporting.Functions.HealthFunctions.GetHealth", "language": "dotnet-isolated",
                "bindings": [ { "name": "timer", "direction": "In", "type": "timerTrigger", "schedule": "0 * * * * *" } ] }
            ]
            """);

        var jobs = FunctionsMetadata.JobProblems(functions, ScheduledJobs.All);

        Assert.Contains(jobs, p => p.StartsWith("AggregateProgress:", StringComparison.Ordinal) && p.Contains("%AggregationScheduel%") && p.Contains("%AggregationSchedule%"));
        Assert.Contains(jobs, p => p.StartsWith("GenerateReports:", StringComparison.Ordinal) && p.Contains("runOnStartup"));
        Assert.Contains(FunctionsMetadata.EndpointProblems(functions, ApiEndpoints.All), p => p.StartsWith("GetHealth:", StringComparison.Ordinal) && p.Contains("not an HTTP trigger"));
        var missingJob = Assert.Single(FunctionsMetadata.JobProblems([], ScheduledJobs.All), p => p.StartsWith("AggregateProgress:", StringComparison.Ordinal));
        Assert.Contains("[TimerTrigger(\"%AggregationSchedule%\")] TimerInfo timer", missingJob);
        Assert.Contains(".AggregateProgress(ct);", missingJob);
    }

    private static void AssertNone(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, "functions.metadata (generated from functions/) is out of step with the core's tables:\n\n" + string.Join("\n\n", problems));
}

/// <summary>One function as the SDK wrote it to functions.metadata: its name and its trigger binding.</summary>
internal sealed record GeneratedFunction(
    string Name,
    string? ScriptFile,
    string? EntryPoint,
    string? Language,
    string? Trigger,
    IReadOnlyList<string> Methods,
    string? Route,
    string? AuthLevel,
    string? Schedule,
    bool RunOnStartup);

/// <summary>Reads functions.metadata and holds it to the core's tables. Each problem starts with the endpoint's, job's or function's name.</summary>
internal static class FunctionsMetadata
{
    public static IReadOnlyList<GeneratedFunction> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .FirstOrDefault(b => Text(b, "direction") is "In" or "in" && (Text(b, "type") ?? "").EndsWith("Trigger", StringComparison.Ordinal));
            var found = trigger.ValueKind == JsonValueKind.Object;
            return new GeneratedFunction(
                Text(function, "name") ?? "",
                Text(function, "scriptFile"),
                Text(function, "entryPoint"),
                Text(function, "language"),
                found ? Text(trigger, "type") : null,
                found && trigger.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString() ?? "").ToList() : [],
                found ? Text(trigger, "route") : null,
                found ? Text(trigger, "authLevel") : null,
                found ? Text(trigger, "schedule") : null,
                found && trigger.TryGetProperty("runOnStartup", out var startup) && startup.ValueKind == JsonValueKind.True);
        }).ToList();
    }

    public static IReadOnlyList<string> EndpointProblems(IReadOnlyList<GeneratedFunction> functions, IReadOnlyList<ApiEndpoint> endpoints)
    {
        var sources = new Lazy<IReadOnlyList<SyntaxTree>>(() => FunctionsSource.ParseFolder(Path.Combine(RepoPaths.Root, "functions")));
        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var wanted = $"{endpoint.Verb} {endpoint.Route}";
            var matches = functions.Where(f => f.Name == endpoint.Name).ToList();
            if (matches.Count == 0)
            {
                var suggestion = HandOffSuggestion.ForEndpoint(endpoint, sources.Value);
                problems.Add($"{endpoint.Name}: no function in functions.metadata serves {wanted}. Add this hand-off to {suggestion.Where}:\n{suggestion.Code}");
                continue;
            }
            if (matches.Count > 1)
            {
                problems.Add($"{endpoint.Name}: {matches.Count} functions carry this name ({string.Join(", ", matches.Select(m => m.EntryPoint))}); exactly one must serve {wanted}");
                continue;
            }
            var function = matches[0];
            if (function.Trigger != "httpTrigger")
            {
                problems.Add($"{endpoint.Name}: {function.EntryPoint} is not an HTTP trigger ({function.Trigger ?? "no trigger"}), but the core serves it as {wanted}");
                continue;
            }
            if (function.Methods.Count != 1 || !string.Equals(function.Methods[0], endpoint.Verb, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{endpoint.Name}: {function.EntryPoint} answers methods [{string.Join(", ", function.Methods)}], the core says {endpoint.Verb}");
            if (function.Route != endpoint.Route)
                problems.Add($"{endpoint.Name}: {function.EntryPoint} has route '{function.Route}', the core says '{endpoint.Route}'");
            if (!string.Equals(function.AuthLevel, "Anonymous", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{endpoint.Name}: {function.EntryPoint} has authorization level {function.AuthLevel ?? "none"}; it must be Anonymous (the core authenticates every request itself)");
        }
        return problems;
    }

    public static IReadOnlyList<string> JobProblems(IReadOnlyList<GeneratedFunction> functions, IReadOnlyList<ScheduledJob> jobs)
    {
        var sources = new Lazy<IReadOnlyList<SyntaxTree>>(() => FunctionsSource.ParseFolder(Path.Combine(RepoPaths.Root, "functions")));
        var problems = new List<string>();
        foreach (var job in jobs)
        {
            var wanted = $"%{job.ScheduleSetting}%";
            var matches = functions.Where(f => f.Name == job.Name).ToList();
            if (matches.Count == 0)
            {
                var suggestion = HandOffSuggestion.ForJob(job, sources.Value);
                problems.Add($"{job.Name}: no timer function in functions.metadata runs this job. Add this hand-off to {suggestion.Where}:\n{suggestion.Code}");
            }
            else if (matches.Count > 1)
                problems.Add($"{job.Name}: {matches.Count} functions carry this name ({string.Join(", ", matches.Select(m => m.EntryPoint))}); exactly one timer must run it");
            else if (matches[0].Trigger != "timerTrigger")
                problems.Add($"{job.Name}: {matches[0].EntryPoint} is not a timer trigger ({matches[0].Trigger ?? "no trigger"})");
            else
            {
                if (matches[0].Schedule != wanted)
                    problems.Add($"{job.Name}: {matches[0].EntryPoint} is scheduled on \"{matches[0].Schedule}\", the core's setting is \"{wanted}\"");
                if (matches[0].RunOnStartup)
                    problems.Add($"{job.Name}: {matches[0].EntryPoint} sets runOnStartup, which would run the job on every instance start and scale-out; remove it");
            }
        }
        return problems;
    }

    public static IReadOnlyList<string> ExtraProblems(IReadOnlyList<GeneratedFunction> functions, IReadOnlyList<ApiEndpoint> endpoints, IReadOnlyList<ScheduledJob> jobs)
    {
        var known = endpoints.Select(e => e.Name).Concat(jobs.Select(j => j.Name)).ToHashSet(StringComparer.Ordinal);
        return functions
            .Where(f => !known.Contains(f.Name))
            .Select(f => $"{f.Name}: {f.EntryPoint} ({f.Trigger} {string.Join(",", f.Methods)} {f.Route ?? f.Schedule}) has no counterpart in ApiEndpoints.All or ScheduledJobs.All; " +
                         "add it to the core (so the standalone server serves it too) or remove it. A catch-all route is no fix: the host matches routes in function-name order.")
            .ToList();
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The one-line hand-off a missing function needs, written the way functions/ writes them.</summary>
internal sealed partial record HandOffSuggestion(string Where, string ClassName, string HandlerType, string Receiver, string Code)
{
    private static readonly Assembly Core = typeof(ApiEndpoints).Assembly;

    public static HandOffSuggestion ForEndpoint(ApiEndpoint endpoint, IReadOnlyList<SyntaxTree> sources)
    {
        var handler = Core.GetTypes()
            .Where(t => t.IsPublic)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.DeclaringType == t).Select(m => (Type: t, Method: m)))
            .FirstOrDefault(x => x.Method.Name == endpoint.Name && x.Method.ReturnType == typeof(Task<IResult>)
                                 && x.Method.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(HttpRequest));
        var handlerType = handler.Type?.Name ?? "TheHandlerType";
        var values = RouteValues().Matches(endpoint.Route).Select(m => m.Groups[1].Value).ToList();
        var parameterTypes = handler.Method?.GetParameters().Skip(1).ToDictionary(p => p.Name ?? "", p => p.ParameterType) ?? [];
        var parameters = string.Concat(values.Select(v => $", {Keyword(parameterTypes.GetValueOrDefault(v) ?? typeof(string))} {v}"));
        var arguments = string.Concat(values.Select(v => $", {v}"));
        var route = RouteConstant(endpoint.Route);
        var (where, className, receiver) = Home(handlerType, handler.Type?.Namespace, sources);
        var code = new StringBuilder()
            .AppendLine($"    [Function(nameof({endpoint.Name}))]")
            .AppendLine($"    public Task<IResult> {endpoint.Name}(")
            .AppendLine($"        [HttpTrigger(AuthorizationLevel.Anonymous, \"{endpoint.Verb.ToLowerInvariant()}\", Route = {route})] HttpRequest request{parameters}) =>")
            .Append($"        {receiver}.{endpoint.Name}(request{arguments});")
            .ToString();
        return new(where, className, handlerType, receiver, code);
    }

    public static HandOffSuggestion ForJob(ScheduledJob job, IReadOnlyList<SyntaxTree> sources)
    {
        var jobType = Core.GetTypes()
            .Where(t => t.IsPublic)
            .FirstOrDefault(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Any(m => m.Name == job.Name && m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken))))
            ?.Name ?? "TheJobType";
        var existing = Receivers(sources).FirstOrDefault(r => r.Type == jobType);
        var receiver = existing.Name ?? char.ToLowerInvariant(jobType[0]) + jobType[1..];
        var where = existing.File is { } file
            ? $"{file} (the class that takes {jobType} {receiver})"
            : $"functions/JobFunctions.cs, with `{jobType} {receiver}` added to its constructor";
        var code = new StringBuilder()
            .AppendLine($"    [Function(nameof({job.Name}))]")
            .AppendLine($"    public Task {job.Name}(")
            .AppendLine($"        [TimerTrigger(\"%{job.ScheduleSetting}%\")] TimerInfo timer,")
            .AppendLine("        CancellationToken ct) =>")
            .Append($"        {receiver}.{job.Name}(ct);")
            .ToString();
        return new(where, "JobFunctions", jobType, receiver, code);
    }

    /// <summary>Where the hand-off goes: the functions/ class that already takes the handler, or a new one named after it.</summary>
    private static (string Where, string ClassName, string Receiver) Home(string handlerType, string? handlerNamespace, IReadOnlyList<SyntaxTree> sources)
    {
        var existing = Receivers(sources).FirstOrDefault(r => r.Type == handlerType);
        if (existing.File is { } file)
            return ($"{file} (the class that takes {handlerType} {existing.Name})", existing.Class!, existing.Name!);
        const string suffix = "Endpoints";
        var className = (handlerType.EndsWith(suffix, StringComparison.Ordinal) ? handlerType[..^suffix.Length] : handlerType) + "Functions";
        return ($"a new functions/{className}.cs, `public sealed class {className}({handlerType} endpoints)` in namespace Reporting.Functions, " +
                $"with usings Microsoft.AspNetCore.Http, Microsoft.Azure.Functions.Worker, Reporting.Http and {handlerNamespace ?? "the handler's namespace"}", className, "endpoints");
    }

    /// <summary>Every primary-constructor parameter of every functions/ class: which class takes which core type under which name.</summary>
    private static IEnumerable<(string? File, string? Class, string? Type, string? Name)> Receivers(IReadOnlyList<SyntaxTree> sources) =>
        sources.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .SelectMany(c => (c.ParameterList?.Parameters ?? default).Select(p => (
                File: (string?)tree.FilePath.Replace('\\', '/'),
                Class: (string?)c.Identifier.ValueText,
                Type: p.Type is null ? null : (string?)FunctionsSource.RightmostName(p.Type),
                Name: (string?)p.Identifier.ValueText))));

    private static string RouteConstant(string route) =>
        typeof(Routes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(f => f.IsLiteral && f.GetRawConstantValue() as string == route) is { } field
            ? $"Routes.{field.Name}"
            : $"\"{route}\"";

    private static string Keyword(Type type) => type == typeof(string) ? "string" : type == typeof(int) ? "int" : type == typeof(bool) ? "bool" : type.Name;

    [GeneratedRegex(@"\{\*?([A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteValues();
}
