using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Reporting.Http;
using Reporting.Jobs;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Functions;

/// <summary>
/// What functions.metadata cannot show (FunctionsMetadataTests hold the generated metadata to the core's tables):
/// that every function body is one hand-off to the core handler of its own name, with its own parameters, and that
/// Program.cs registers the core behind the ASP.NET Core integration. Read from functions/ as syntax with Roslyn.
/// </summary>
public sealed class FunctionsParityTests
{
    private static readonly string FunctionsFolder = Path.Combine(RepoPaths.Root, "functions");

    private static readonly Lazy<IReadOnlyList<SyntaxTree>> Sources = new(() => FunctionsSource.ParseFolder(FunctionsFolder));

    private static IReadOnlyList<DeclaredFunction> Declared => FunctionsSource.Functions(Sources.Value);

    [Fact]
    public void Every_function_body_is_a_single_hand_off_to_the_core_handler_of_the_same_name()
    {
        Assert.NotEmpty(Declared);
        AssertNone(FunctionsParity.HandOffProblems(Declared));
    }

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

    // The checker has to be able to fail: small sources with known faults, checked against the real core types.

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

        Assert.Single(functions);
        Assert.Empty(FunctionsParity.HandOffProblems(functions));
    }

    private static void AssertNone(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, "functions/ is out of step with the core:\n" + string.Join("\n", problems));
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

    /// <summary>Every .cs file under <paramref name="folder"/> except build output (bin/, obj/).</summary>
    public static IReadOnlyList<SyntaxTree> ParseFolder(string folder) => Directory
        .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
        .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
        .Order(StringComparer.Ordinal)
        .Select(f => ParseFile(f, Path.GetRelativePath(RepoPaths.Root, f)))
        .ToList();

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

/// <summary>The hand-off rule functions/ must keep. Each problem starts with the function's name.</summary>
internal static partial class FunctionsParity
{
    private static readonly Assembly Core = typeof(ApiEndpoints).Assembly;

    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["string"] = nameof(String), ["int"] = nameof(Int32), ["bool"] = nameof(Boolean), ["object"] = nameof(Object),
    };

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
