using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Reporting.Http;
using Reporting.Jobs;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Functions;

/// <summary>
/// functions/ cannot be restored or compiled on this machine (its packages are not on the NuGet mirror), so
/// these tests read its source with Roslyn and hold it to the core's tables: a new endpoint or job in the core
/// fails here until it has its function, and a function cannot drift from the route, verb or handler it serves.
/// </summary>
public sealed class FunctionsParityTests
{
    private static readonly string FunctionsFolder = Path.Combine(RepoPaths.Root, "functions");

    private static readonly Lazy<IReadOnlyList<SyntaxTree>> Sources = new(() => Directory
        .EnumerateFiles(FunctionsFolder, "*.cs", SearchOption.AllDirectories)
        .Where(f => !IsBuildOutput(f))
        .Order(StringComparer.Ordinal)
        .Select(f => FunctionsSource.ParseFile(f, Path.GetRelativePath(RepoPaths.Root, f)))
        .ToList());

    private static IReadOnlyList<DeclaredFunction> Declared => FunctionsSource.Functions(Sources.Value);

    [Fact]
    public void The_functions_sources_parse_without_syntax_errors()
    {
        Assert.NotEmpty(Sources.Value);
        var errors = Sources.Value
            .SelectMany(t => t.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Every_core_endpoint_has_exactly_one_function_with_the_same_verb_and_route() =>
        AssertNone(FunctionsParity.EndpointProblems(Declared, ApiEndpoints.All));

    [Fact]
    public void Every_core_job_has_exactly_one_timer_function_on_its_schedule_setting() =>
        AssertNone(FunctionsParity.JobProblems(Declared, ScheduledJobs.All));

    [Fact]
    public void No_function_exists_without_a_core_endpoint_or_job() =>
        AssertNone(FunctionsParity.OrphanProblems(Declared, ApiEndpoints.All, ScheduledJobs.All));

    [Fact]
    public void Every_function_body_is_a_single_hand_off_to_the_core_handler_of_the_same_name() =>
        AssertNone(FunctionsParity.HandOffProblems(Declared));

    [Fact]
    public void Program_registers_the_core_services_behind_the_aspnetcore_integration()
    {
        var program = Sources.Value.Single(t => Path.GetFileName(t.FilePath) == "Program.cs");
        var called = program.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(i => FunctionsSource.InvokedName(i))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var required in new[] { "CreateBuilder", "ConfigureFunctionsWebApplication", "AddReporting", "ConfigureFunctionsApplicationInsights" })
            Assert.True(called.Contains(required), $"functions/Program.cs does not call {required}");
    }

    [Fact]
    public void Local_settings_example_runs_on_azurite_with_every_schedule_at_its_default()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsFolder, "local.settings.json.example")));
        var values = doc.RootElement.GetProperty("Values");
        string? Value(string name) => values.TryGetProperty(name, out var v) ? v.GetString() : null;

        Assert.Equal("dotnet-isolated", Value("FUNCTIONS_WORKER_RUNTIME"));
        Assert.Equal("UseDevelopmentStorage=true", Value("AzureWebJobsStorage"));
        Assert.Equal("UseDevelopmentStorage=true", Value("ReportingStorage__ConnectionString"));
        foreach (var job in ScheduledJobs.All)
            Assert.True(Value(job.ScheduleSetting) == job.DefaultSchedule,
                $"local.settings.json.example needs \"{job.ScheduleSetting}\": \"{job.DefaultSchedule}\" (job {job.Name}); found {Value(job.ScheduleSetting) ?? "nothing"}");
    }

    [Fact]
    public void The_functions_project_links_host_json_and_ships_plans_and_reference_data()
    {
        var project = XDocument.Load(Path.Combine(FunctionsFolder, "Reporting.Functions.csproj"));
        string? Property(string name) => project.Descendants(name).FirstOrDefault()?.Value;
        Assert.Equal("Exe", Property("OutputType"));
        Assert.Equal("v4", Property("AzureFunctionsVersion"));

        var items = project.Descendants().Where(e => e.Attribute("Include") is not null)
            .ToDictionary(e => e.Attribute("Include")!.Value.Replace('\\', '/'), e => e);
        foreach (var include in new[] { "../host.json", "../plans/*.json", "../reference/*.json", "../reference/frameworks/*.json" })
        {
            Assert.True(items.TryGetValue(include, out var item), $"functions/Reporting.Functions.csproj does not include {include}");
            Assert.Equal("PreserveNewest", item!.Attribute("CopyToOutputDirectory")?.Value);
            Assert.Equal("PreserveNewest", item.Attribute("CopyToPublishDirectory")?.Value);
        }
        Assert.Equal("host.json", items["../host.json"].Attribute("Link")?.Value);
        Assert.True(items.ContainsKey("../src/Reporting/Reporting.csproj"), "functions/ must reference the core project");
    }

    [Fact]
    public void Every_package_the_functions_project_references_has_a_central_version()
    {
        // Restore cannot run here, so a missing PackageVersion would only show on nuget.org.
        var root = RepoPaths.Root;
        var props = XDocument.Load(Path.Combine(FunctionsFolder, "Directory.Packages.props"));
        Assert.Contains(props.Descendants("Import"), i => i.Attribute("Project")?.Value.Contains("GetPathOfFileAbove(Directory.Packages.props", StringComparison.Ordinal) == true);
        var versions = props.Descendants("PackageVersion")
            .Concat(XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion"))
            .Select(p => p.Attribute("Include")!.Value)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var references = XDocument.Load(Path.Combine(FunctionsFolder, "Reporting.Functions.csproj")).Descendants("PackageReference")
            .Select(p => p.Attribute("Include")!.Value)
            .ToList();
        Assert.NotEmpty(references);
        foreach (var reference in references)
            Assert.True(versions.Contains(reference), $"{reference} has no PackageVersion in functions/Directory.Packages.props");
    }

    // The checker has to be able to fail: small sources with known faults, checked against the real core tables.

    [Fact]
    public void Checker_reports_a_missing_function_and_a_wrong_verb_and_route()
    {
        var functions = FunctionsSource.Functions([FunctionsSource.Parse("""
            public sealed class SubmissionFunctions(SubmissionEndpoints endpoints)
            {
                [Function(nameof(PutSubmission))]
                public Task<IResult> PutSubmission(
                    [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Submit)] HttpRequest request,
                    string planId, string year, string state) =>
                    endpoints.PutSubmission(request, planId, year, state);
            }
            """)]);

        var problems = FunctionsParity.EndpointProblems(functions, ApiEndpoints.All);

        Assert.Contains(problems, p => p.StartsWith("GetHealth:", StringComparison.Ordinal) && p.Contains("no function"));
        Assert.Contains(problems, p => p.StartsWith("PutSubmission:", StringComparison.Ordinal) && p.Contains("verbs [post]") && p.Contains("PUT"));
        Assert.Contains(problems, p => p.StartsWith("PutSubmission:", StringComparison.Ordinal) && p.Contains($"'{Routes.Submit}'") && p.Contains($"'{Routes.Submission}'"));
    }

    [Fact]
    public void Checker_reports_duplicates_and_functions_without_a_core_counterpart()
    {
        var functions = FunctionsSource.Functions([FunctionsSource.Parse("""
            public sealed class HealthFunctions(HealthEndpoints endpoints)
            {
                [Function(nameof(GetHealth))]
                public Task<IResult> GetHealth([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request) =>
                    endpoints.GetHealth(request);

                [Function("GetHealth")]
                public Task<IResult> GetHealthAgain([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
                    endpoints.GetHealth(request);

                [Function("Ping")]
                public Task<IResult> Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping")] HttpRequest request) =>
                    endpoints.GetHealth(request);
            }
            """)]);

        Assert.Contains(FunctionsParity.EndpointProblems(functions, ApiEndpoints.All), p => p.StartsWith("GetHealth:", StringComparison.Ordinal) && p.Contains("2 functions"));
        Assert.Contains(FunctionsParity.OrphanProblems(functions, ApiEndpoints.All, ScheduledJobs.All), p => p.StartsWith("Ping:", StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_reports_logic_in_a_body_and_a_hand_off_to_another_handler()
    {
        var functions = FunctionsSource.Functions([FunctionsSource.Parse("""
            public sealed class SubmissionFunctions(SubmissionEndpoints endpoints)
            {
                [Function(nameof(GetSubmission))]
                public Task<IResult> GetSubmission(
                    [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Submission)] HttpRequest request,
                    string planId, string year, string state)
                {
                    if (state == "THA") state = "tha";
                    return endpoints.GetSubmission(request, planId, year, state);
                }

                [Function(nameof(PutSubmission))]
                public Task<IResult> PutSubmission(
                    [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Submission)] HttpRequest request,
                    string planId, string year, string state) =>
                    endpoints.GetSubmission(request, planId, year, state);

                [Function(nameof(SubmitSubmission))]
                public Task<IResult> SubmitSubmission(
                    [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Submit)] HttpRequest request,
                    string planId, string year, string state) =>
                    endpoints.SubmitSubmission(request, year, planId, state.ToUpperInvariant());
            }
            """)]);

        var problems = FunctionsParity.HandOffProblems(functions);

        Assert.Contains(problems, p => p.StartsWith("GetSubmission:", StringComparison.Ordinal) && p.Contains("single"));
        Assert.Contains(problems, p => p.StartsWith("PutSubmission:", StringComparison.Ordinal) && p.Contains("calls GetSubmission"));
        Assert.Contains(problems, p => p.StartsWith("SubmitSubmission:", StringComparison.Ordinal) && p.Contains("arguments"));
    }

    [Fact]
    public void Checker_reports_a_timer_on_the_wrong_setting_and_an_endpoint_served_by_a_timer()
    {
        var functions = FunctionsSource.Functions([FunctionsSource.Parse("""
            public sealed class JobFunctions(AggregateProgressJob job, HealthEndpoints health)
            {
                [Function(nameof(AggregateProgress))]
                public Task AggregateProgress([TimerTrigger("%AggregationScheduel%")] TimerInfo timer, CancellationToken ct) =>
                    job.AggregateProgress(ct);

                [Function("GetHealth")]
                public Task GetHealth([TimerTrigger("0 * * * * *")] TimerInfo timer) =>
                    health.GetHealth(timer);
            }
            """)]);

        Assert.Contains(FunctionsParity.JobProblems(functions, ScheduledJobs.All),
            p => p.StartsWith("AggregateProgress:", StringComparison.Ordinal) && p.Contains("%AggregationScheduel%") && p.Contains("%AggregationSchedule%"));
        Assert.Contains(FunctionsParity.EndpointProblems(functions, ApiEndpoints.All), p => p.StartsWith("GetHealth:", StringComparison.Ordinal) && p.Contains("not an HTTP trigger"));
    }

    [Fact]
    public void Checker_accepts_the_documented_function_shape()
    {
        var functions = FunctionsSource.Functions([FunctionsSource.Parse("""
            public sealed class SubmissionFunctions(SubmissionEndpoints endpoints)
            {
                [Function(nameof(PutSubmission))]
                public Task<IResult> PutSubmission(
                    [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Submission)] HttpRequest request,
                    string planId, string year, string state) =>
                    endpoints.PutSubmission(request, planId, year, state);
            }
            """)]);

        Assert.Empty(FunctionsParity.HandOffProblems(functions));
        Assert.DoesNotContain(FunctionsParity.EndpointProblems(functions, ApiEndpoints.All), p => p.StartsWith("PutSubmission:", StringComparison.Ordinal));
    }

    private static void AssertNone(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, "functions/ is out of step with the core:\n" + string.Join("\n", problems));

    private static bool IsBuildOutput(string path)
    {
        var parts = Path.GetRelativePath(FunctionsFolder, path).Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }
}

/// <summary>
/// The repository root: <see cref="Azurite.RepoRoot"/> (above the test binaries), or, when the tests are built
/// elsewhere (<c>--artifacts-path</c>), above this source file.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find([CallerFilePath] string thisFile = "")
    {
        try
        {
            return Azurite.RepoRoot();
        }
        catch (InvalidOperationException)
        {
            for (var dir = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Reporting.sln"))) return dir.FullName;
            throw;
        }
    }
}

internal enum TriggerKind { None, Http, Timer, Other }

/// <summary>One <c>[Function]</c> method as written in functions/, read from syntax alone.</summary>
internal sealed record DeclaredFunction(
    string? Name,
    string Where,
    TriggerKind Trigger,
    IReadOnlyList<string> Verbs,
    string? AuthorizationLevel,
    string? Route,
    string? Schedule,
    MethodDeclarationSyntax Method);

/// <summary>Reads <c>[Function]</c> methods and the constants their attributes use (resolved against the core by reflection).</summary>
internal static class FunctionsSource
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest);
    private static readonly Assembly Core = typeof(ApiEndpoints).Assembly;

    public static SyntaxTree ParseFile(string fullPath, string displayPath) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(fullPath), Options, path: displayPath);

    public static SyntaxTree Parse(string source) => CSharpSyntaxTree.ParseText(source, Options, path: "in-memory.cs");

    public static IReadOnlyList<DeclaredFunction> Functions(IEnumerable<SyntaxTree> trees) => trees
        .SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        .Select(m => (Method: m, Attribute: Attribute(m.AttributeLists, "Function")))
        .Where(x => x.Attribute is not null)
        .Select(x => Read(x.Method, x.Attribute!))
        .ToList();

    /// <summary>The called method's name: <c>b.Build()</c> → Build, <c>AddReporting()</c> → AddReporting.</summary>
    public static string InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax name => name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => invocation.Expression.ToString(),
    };

    /// <summary>A string constant as the compiler would fold it: literals, <c>Routes.X</c>-style consts of core types, and + of those.</summary>
    public static string? Constant(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        ParenthesizedExpressionSyntax parenthesized => Constant(parenthesized.Expression),
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) =>
            Constant(binary.Left) is { } left && Constant(binary.Right) is { } right ? left + right : null,
        MemberAccessExpressionSyntax member => CoreConstant(RightmostName(member.Expression), member.Name.Identifier.ValueText),
        InvocationExpressionSyntax nameOf when NameOf(nameOf) is { } name => name,
        _ => null,
    };

    public static string Where(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}";
    }

    public static AttributeSyntax? Attribute(SyntaxList<AttributeListSyntax> lists, string name) => lists
        .SelectMany(l => l.Attributes)
        .FirstOrDefault(a => RightmostName(a.Name) is var n && (n == name || n == name + "Attribute"));

    public static string RightmostName(SyntaxNode name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => name.ToString(),
    };

    private static DeclaredFunction Read(MethodDeclarationSyntax method, AttributeSyntax function)
    {
        var nameArgument = function.ArgumentList?.Arguments.FirstOrDefault()?.Expression;
        var name = nameArgument is null ? null : Constant(nameArgument);

        foreach (var parameter in method.ParameterList.Parameters)
        {
            if (Attribute(parameter.AttributeLists, "HttpTrigger") is { } http)
            {
                var arguments = http.ArgumentList?.Arguments ?? default;
                var positional = arguments.Where(a => a.NameEquals is null && a.NameColon is null).Select(a => a.Expression).ToList();
                var level = positional.OfType<MemberAccessExpressionSyntax>()
                    .FirstOrDefault(m => RightmostName(m.Expression) == "AuthorizationLevel")?.Name.Identifier.ValueText;
                var verbs = positional.Where(e => e is not MemberAccessExpressionSyntax m || RightmostName(m.Expression) != "AuthorizationLevel")
                    .Select(e => Constant(e) ?? $"<unreadable: {e}>")
                    .ToList();
                var routeExpression = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Route")?.Expression;
                return new(name, Where(method), TriggerKind.Http, verbs, level, routeExpression is null ? null : Constant(routeExpression), null, method);
            }
            if (Attribute(parameter.AttributeLists, "TimerTrigger") is { } timer)
            {
                var schedule = timer.ArgumentList?.Arguments.FirstOrDefault()?.Expression;
                return new(name, Where(method), TriggerKind.Timer, [], null, null, schedule is null ? null : Constant(schedule), method);
            }
            if (parameter.AttributeLists.SelectMany(l => l.Attributes).Any(a => RightmostName(a.Name).Contains("Trigger", StringComparison.Ordinal)))
                return new(name, Where(method), TriggerKind.Other, [], null, null, null, method);
        }
        return new(name, Where(method), TriggerKind.None, [], null, null, null, method);
    }

    private static string? NameOf(InvocationExpressionSyntax invocation) =>
        invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } && invocation.ArgumentList.Arguments.Count == 1
            ? RightmostName(invocation.ArgumentList.Arguments[0].Expression)
            : null;

    private static string? CoreConstant(string typeName, string member) => Core.GetTypes()
        .Where(t => t.Name == typeName)
        .Select(t => t.GetField(member, BindingFlags.Public | BindingFlags.Static))
        .FirstOrDefault(f => f is { IsLiteral: true })
        ?.GetRawConstantValue() as string;
}

/// <summary>The rules functions/ must keep. Each problem starts with the function or endpoint name it is about.</summary>
internal static partial class FunctionsParity
{
    private static readonly Assembly Core = typeof(ApiEndpoints).Assembly;

    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["string"] = nameof(String), ["int"] = nameof(Int32), ["bool"] = nameof(Boolean), ["object"] = nameof(Object),
    };

    public static IReadOnlyList<string> EndpointProblems(IReadOnlyList<DeclaredFunction> functions, IReadOnlyList<ApiEndpoint> endpoints)
    {
        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var matches = functions.Where(f => f.Name == endpoint.Name).ToList();
            var wanted = $"{endpoint.Verb} {endpoint.Route}";
            if (matches.Count == 0)
            {
                problems.Add($"{endpoint.Name}: no function for {wanted}; add [Function(nameof({endpoint.Name}))] to functions/ handing off to the core handler");
                continue;
            }
            if (matches.Count > 1)
            {
                problems.Add($"{endpoint.Name}: {matches.Count} functions carry this name ({string.Join(", ", matches.Select(m => m.Where))}); exactly one must serve {wanted}");
                continue;
            }
            var function = matches[0];
            if (function.Trigger != TriggerKind.Http)
            {
                problems.Add($"{endpoint.Name}: {function.Where} is not an HTTP trigger, but the core serves it as {wanted}");
                continue;
            }
            if (function.Verbs.Count != 1 || !string.Equals(function.Verbs[0], endpoint.Verb, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{endpoint.Name}: {function.Where} has verbs [{string.Join(", ", function.Verbs)}], the core says {endpoint.Verb}");
            if (function.Route is null)
                problems.Add($"{endpoint.Name}: {function.Where} has no Route this test can read; use Route = Routes.X");
            else if (function.Route != endpoint.Route)
                problems.Add($"{endpoint.Name}: {function.Where} has route '{function.Route}', the core says '{endpoint.Route}'");
            if (function.AuthorizationLevel != "Anonymous")
                problems.Add($"{endpoint.Name}: {function.Where} must use AuthorizationLevel.Anonymous (the core authenticates every request itself), not {function.AuthorizationLevel ?? "nothing"}");
        }
        return problems;
    }

    public static IReadOnlyList<string> JobProblems(IReadOnlyList<DeclaredFunction> functions, IReadOnlyList<ScheduledJob> jobs)
    {
        var problems = new List<string>();
        foreach (var job in jobs)
        {
            var matches = functions.Where(f => f.Name == job.Name).ToList();
            var wanted = $"%{job.ScheduleSetting}%";
            if (matches.Count == 0)
                problems.Add($"{job.Name}: no timer function; add [Function(nameof({job.Name}))] with [TimerTrigger(\"{wanted}\")] to functions/JobFunctions.cs");
            else if (matches.Count > 1)
                problems.Add($"{job.Name}: {matches.Count} functions carry this name ({string.Join(", ", matches.Select(m => m.Where))}); exactly one timer must run it");
            else if (matches[0].Trigger != TriggerKind.Timer)
                problems.Add($"{job.Name}: {matches[0].Where} is not a timer trigger");
            else if (matches[0].Schedule != wanted)
                problems.Add($"{job.Name}: {matches[0].Where} is scheduled on \"{matches[0].Schedule ?? "an unreadable expression"}\", the core's setting is \"{wanted}\"");
        }
        return problems;
    }

    public static IReadOnlyList<string> OrphanProblems(IReadOnlyList<DeclaredFunction> functions, IReadOnlyList<ApiEndpoint> endpoints, IReadOnlyList<ScheduledJob> jobs)
    {
        var known = endpoints.Select(e => e.Name).Concat(jobs.Select(j => j.Name)).ToHashSet(StringComparer.Ordinal);
        return functions
            .Where(f => f.Name is null || !known.Contains(f.Name))
            .Select(f => f.Name is null
                ? $"{f.Method.Identifier.ValueText}: {f.Where} has a [Function] name this test cannot read; use nameof(...)"
                : $"{f.Name}: {f.Where} has no counterpart in ApiEndpoints.All or ScheduledJobs.All; add it to the core (so the server serves it too) or remove it")
            .ToList();
    }

    /// <summary>
    /// A body is one call, <c>handlers.Name(arguments)</c>: the handler of the function's own name on a core type,
    /// taking exactly the function's parameters (for HTTP: the request, then the route values in route order).
    /// Stands in for the compiler too: the core method must exist with matching parameter and return types.
    /// </summary>
    public static IReadOnlyList<string> HandOffProblems(IReadOnlyList<DeclaredFunction> functions)
    {
        var problems = new List<string>();
        foreach (var function in functions)
        {
            var label = $"{function.Name ?? function.Method.Identifier.ValueText}: {function.Where}";
            var expression = function.Method.ExpressionBody?.Expression
                ?? (function.Method.Body?.Statements is [ReturnStatementSyntax { Expression: { } returned }] ? returned : null);
            if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } target } call)
            {
                problems.Add($"{label} must be a single hand-off expression, `=> handlers.{function.Name}(...)`: no statements, locals, branches or loops");
                continue;
            }
            var handler = target.Name.Identifier.ValueText;
            if (handler != function.Name)
                problems.Add($"{label} calls {handler}; it must call the core handler of the same name, {function.Name}");

            var parameters = function.Method.ParameterList.Parameters;
            var byName = parameters.ToDictionary(p => p.Identifier.ValueText, StringComparer.Ordinal);
            var arguments = call.ArgumentList.Arguments.Select(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && a.Expression is IdentifierNameSyntax id ? id.Identifier.ValueText : null).ToList();
            if (arguments.Any(a => a is null || !byName.ContainsKey(a)))
            {
                problems.Add($"{label} passes ({call.ArgumentList.Arguments}); arguments must be the function's own parameters, passed as they are");
                continue;
            }

            if (function.Trigger == TriggerKind.Http && function.Route is not null)
            {
                var request = parameters.FirstOrDefault(p => FunctionsSource.Attribute(p.AttributeLists, "HttpTrigger") is not null)?.Identifier.ValueText;
                var routeValues = RouteValues().Matches(function.Route).Select(m => m.Groups[1].Value).ToList();
                string?[] expected = [request, .. routeValues];
                if (!arguments.SequenceEqual(expected))
                    problems.Add($"{label} passes arguments ({string.Join(", ", arguments)}); it must pass ({string.Join(", ", expected)}): the request, then the route values in route order");
                var unbound = parameters.Select(p => p.Identifier.ValueText).Where(n => n != request && !routeValues.Contains(n)).ToList();
                if (unbound.Count > 0)
                    problems.Add($"{label} has parameters ({string.Join(", ", unbound)}) that are not route values of '{function.Route}'");
            }

            var receiverType = ReceiverType(function.Method, receiver.Identifier.ValueText);
            var coreType = receiverType is null ? null : Core.GetTypes().SingleOrDefault(t => t.Name == receiverType && t.IsPublic);
            if (coreType is null)
            {
                problems.Add($"{label} calls {receiver.Identifier.ValueText}.{handler}, but {receiver.Identifier.ValueText} is not a constructor parameter or field of a public core type ({receiverType ?? "unknown"})");
                continue;
            }
            var argumentTypes = arguments.Select(a => TypeName(byName[a!].Type)).ToList();
            var candidates = coreType.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == handler).ToList();
            var method = candidates.FirstOrDefault(m => m.GetParameters().Select(p => p.ParameterType.Name).SequenceEqual(argumentTypes));
            if (method is null)
            {
                problems.Add($"{label}: {coreType.Name} has no public method {handler}({string.Join(", ", argumentTypes)})");
                continue;
            }
            var declaredReturn = function.Method.ReturnType.ToString().Replace(" ", "", StringComparison.Ordinal);
            var returnFits = declaredReturn switch
            {
                "Task" => typeof(Task).IsAssignableFrom(method.ReturnType),
                "Task<IResult>" => method.ReturnType == typeof(Task<IResult>),
                _ => false,
            };
            if (!returnFits)
                problems.Add($"{label} returns {declaredReturn}; {coreType.Name}.{handler} returns {method.ReturnType.Name}, and functions return Task<IResult> (HTTP) or Task (timers)");
        }
        return problems;
    }

    /// <summary>The type name of a primary-constructor parameter or field of the function's class.</summary>
    private static string? ReceiverType(MethodDeclarationSyntax method, string receiver)
    {
        var type = method.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        var fromConstructor = type?.ParameterList?.Parameters.FirstOrDefault(p => p.Identifier.ValueText == receiver)?.Type;
        var fromField = type?.Members.OfType<FieldDeclarationSyntax>()
            .FirstOrDefault(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == receiver))?.Declaration.Type;
        return (fromConstructor ?? fromField) is { } found ? FunctionsSource.RightmostName(found) : null;
    }

    private static string TypeName(TypeSyntax? type) => type switch
    {
        null => "?",
        PredefinedTypeSyntax predefined => Keywords.GetValueOrDefault(predefined.Keyword.ValueText, predefined.Keyword.ValueText),
        _ => FunctionsSource.RightmostName(type),
    };

    [GeneratedRegex(@"\{\*?([A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteValues();
}
