using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Access;
using Reporting.Server;

namespace Reporting.Tests.Infrastructure;

/// <summary>The real standalone server (Kestrel on a free loopback port) over Azurite, with a ready set of keys.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    public const string AdminKey = "rk_00000000000000aa_bootstrap-admin-key-for-tests-only";

    private readonly WebApplication app;

    private ApiServer(WebApplication app, string baseAddress)
    {
        this.app = app;
        Http = new HttpClient { BaseAddress = new Uri(baseAddress.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }
    public IServiceProvider Services => app.Services;
    public Dictionary<string, string> Keys { get; } = [];

    public static async Task<ApiServer> StartAsync(string? connectionString = null, Dictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        connectionString ??= (await SharedAzurite.GetAsync()).ConnectionString;
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var config = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ReportingStorage:ConnectionString"] = connectionString,
            ["ReportingStorage:Prefix"] = prefix,
            ["ReportingStorage:NetworkTimeoutSeconds"] = "5",
            ["Access:BootstrapAdminKey"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Azure.Core"] = "Error",
            ["Jobs:RunOnSchedule"] = "false",
            ["Web:Root"] = Path.Combine(Azurite.RepoRoot(), "web", "dist"),
        };
        foreach (var (k, v) in settings ?? []) config[k] = v;
        var app = ServerApp.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        var server = new ApiServer(app, ServerApp.BaseAddress(app));
        server.Keys["admin"] = AdminKey;
        return server;
    }

    /// <summary>Issues keys straight through the store: secretariat, and focal points for the given states.</summary>
    public async Task<ApiServer> WithKeysAsync(params string[] states)
    {
        var store = Services.GetRequiredService<ApiKeyStore>();
        Keys["secretariat"] = (await store.CreateAsync(Role.Secretariat, null, "Test secretariat", null, "tests", default)).Key;
        foreach (var s in states)
            Keys[s] = (await store.CreateAsync(Role.FocalPoint, s, "Test focal point " + s, null, "tests", default)).Key;
        return this;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null, string? ifMatch = null,
        string? idempotencyKey = null, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(k, v);
        request.Content = body switch
        {
            null => null,
            byte[] bytes => new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            string text => new StringContent(text, Encoding.UTF8, "application/json"),
            _ => new StringContent(Reporting.Http.Json.Serialize(body), Encoding.UTF8, "application/json"),
        };
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key);

    public Task<HttpResponseMessage> PutAsync(string path, string? key, object body, string? ifMatch = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Put, path, key, body, ifMatch, idempotencyKey);

    public Task<HttpResponseMessage> PostAsync(string path, string? key, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, key, body, ifMatch, idempotencyKey);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public static class HttpAssertions
{
    public static async Task<JObject> JsonAsync(this HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : JObject.Parse(text);
    }

    public static async Task<JToken> JsonTokenAsync(this HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus} but got {(int)response.StatusCode}: {text}");
        return JToken.Parse(text);
    }

    /// <summary>Asserts an RFC 9457 answer with the status and, when given, the typed code and an error at the pointer.</summary>
    public static async Task<JObject> ProblemAsync(this HttpResponseMessage response, int status, string? code = null, string? pointer = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JObject.Parse(text);
        Assert.Equal(status, problem.Value<int>("status"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Value<string>("title")));
        if (code is not null) Assert.Equal(code, problem.Value<string>("code"));
        if (pointer is not null)
        {
            var pointers = (problem["errors"] as JArray ?? []).Select(e => e.Value<string>("pointer")).ToList();
            Assert.True(pointers.Contains(pointer), $"Expected an error at {pointer}; got [{string.Join(", ", pointers)}]: {text}");
        }
        return problem;
    }
}
