using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Import;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>
/// A generated corpus of hostile requests over every endpoint that takes input (path, query, headers, body). Each must
/// get a 4xx problem+json, never a 5xx, and the whole corpus must leave every table exactly as it was. Formula-like
/// text stored through valid submissions must come out of the CSV and XLSX summary downloads as inert text.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = Samples.Plan;
    private const string PlanPath = "api/plans/" + Plan;
    private const string FakeReportId = "annual-2024.20261123T031500Z-ab12cd34";
    private const string JsonType = "application/json";

    private static readonly string[] Injections =
    [
        "=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)",
    ];

    private ApiServer api = null!;
    private string reportId = "";

    public async Task InitializeAsync()
    {
        api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM");
        api.Keys["observer"] = (await api.Services.GetRequiredService<Reporting.Access.ApiKeyStore>()
            .CreateAsync(Reporting.Access.Role.Observer, null, "Observer", null, "tests", default, scope: new Reporting.Access.AccessScope { Bodies = ["SOMSWD"] })).Key;
        // A final report (2022: locked, nothing in it) observers may comment on.
        await (await api.PutAsync($"{PlanPath}/years/2022/window", api.Keys["admin"], new { locks = "2023-06-01T00:00:00Z" })).JsonAsync(200);
        reportId = (await (await api.PostAsync($"{PlanPath}/reports", api.Keys["admin"], new { kind = "annual", year = 2022 })).JsonAsync(202)).Value<string>("reportId")!;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    private sealed record Case(string Name, HttpMethod Method, string Path, string Caller, byte[]? Body = null, string? ContentType = JsonType,
        string? IfMatch = null, Dictionary<string, string>? Headers = null);

    // ---------------------------------------------------------------- the corpus

    /// <summary>Values for path segments and query parameters: OData filter metacharacters, encodings, junk.</summary>
    private static readonly string[] Metacharacters =
    [
        "'", "''", "' or '1'='1", "' or PartitionKey ne '", "THA' or State eq 'VNM", " eq ", "x eq x", "a' eq 'a", "%27", "%27%20or%20%271%27%3D%271",
        "\"", "\\", "()", "$filter=PartitionKey", "*", "..", "%00", "\u0000", "\r\nX-Injected: 1", "\u202e", "😀", new string('9', 2000), "-1", "0", "99999999999",
        "2024.0", " 2024", "2024 ", "+2024", "２０２４", "null", "TRUE",
    ];

    private static string Seg(string value) => Uri.EscapeDataString(value);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] J(object body) => Utf8(Reporting.Http.Json.Serialize(body));

    /// <summary>Submission bodies that must all be refused (as a PUT and as a real JSON import).</summary>
    private static IEnumerable<(string Name, byte[] Body)> HostileSubmissions()
    {
        var sample = Samples.Submission().ToString(Newtonsoft.Json.Formatting.None);
        foreach (var cut in new[] { 0, 1, 2, 5, 10, 17, 30, 50, 80, 120, 160, 200, 260, 320, 400, 480, 560, sample.Length - 2, sample.Length - 1 }.Where(c => c < sample.Length).Distinct())
            yield return ($"truncated at {cut}", Utf8(sample[..cut]));
        string[] malformed =
        [
            "{", "}", "[", "]", "null", "true", "1", "\"values\"", "[]", "[{\"values\":{}}]", "{values:{}}", "{'values':{}}", "{\"values\":{}}}", "{\"values\":{},}",
            "{\"values\":{}} trailing", "{\"values\":{}}{\"values\":{}}", "{\"values\"}", "{\"values\"::{}}", "{\"values\":{\"5.1.1\":{\"value\":01}}}",
            "{\"values\":{\"5.1.1\":{\"value\":0x10}}}", "{\"values\":{\"5.1.1\":{\"value\":1.}}}", "{\"values\":{\"5.1.1\":{\"value\":.5}}}",
            "{\"values\":{\"5.1.1\":{\"value\":+1}}}", "\u00a0", "{\"values\":{\"5.1.1\":{\"value\":3,\"narrative\":\"unterminated}}}",
            "{\"values\":{\"5.1.1\":{\"value\":3,\"narrative\":\"bad \\x escape\"}}}", "{\"values\":{\"5.1.1\":{\"value\":3,\"narrative\":\"\\ud800\"}}}",
            "{\"values\":{\"5.1.1\":{\"value\":3,\"narrative\":\"a\\u0000b\"}}}", "{\"values\":{\"5.1.1\":{\"value\":3,\"narrative\":\"bell\\u0007\"}}}",
            "{\"values\":{\"5.1.1\":{\"value\":3,\"narrative\":\"esc\\u001b[31m\"}}}",
            "{\"values\":{},\"values\":{}}", "{\"values\":{\"5.1.1\":{\"value\":1},\"5.1.1\":{\"value\":2}}}", "{\"values\":{\"5.1.1\":{\"value\":1,\"value\":2}}}",
            "{\"values\":{},\"narrative\":\"a\",\"narrative\":\"b\"}", "{\"values\":{},\"Values\":{}}",
            "{\"values\":{\"5.1.1\":{\"value\":NaN}}}", "{\"values\":{\"5.1.1\":{\"value\":Infinity}}}", "{\"values\":{\"5.1.1\":{\"value\":-Infinity}}}",
            "{\"values\":{\"5.1.1\":{\"value\":\"NaN\"}}}", "{\"values\":{\"5.1.1\":{\"value\":\"Infinity\"}}}", "{\"values\":{\"5.2.1\":{\"numerator\":NaN,\"denominator\":1}}}",
            "{\"values\":{\"5.1.1\":{\"value\":1e400}}}", "{\"values\":{\"5.1.1\":{\"value\":-1e400}}}", "{\"values\":{\"5.1.1\":{\"value\":1e30}}}",
            "{\"values\":{\"5.1.1\":{\"value\":99999999999999999999999999999999999999}}}", "{\"values\":{\"5.1.1\":{\"value\":1e-5}}}",
            "{\"values\":{\"5.1.1\":{\"value\":1000000000001}}}", "{\"values\":{\"5.2.1\":{\"numerator\":1e29,\"denominator\":1e29}}}",
            "{\"values\":{\"5.2.4\":{\"value\":4,\"disaggregation\":{\"sex\":{\"female\":1e400,\"male\":1}}}}}",
            "{\"values\":{\"5.2.4\":{\"value\":4,\"disaggregation\":{\"sex\":{\"female\":NaN,\"male\":1}}}}}",
            "{\"activities\":[{\"title\":\"x\",\"outcome\":\"3.2.1\",\"importance\":99999999999999999999}]}",
            "{\"activities\":[{\"title\":\"x\",\"outcome\":\"3.2.1\",\"importance\":2.5}]}",
        ];
        foreach (var m in malformed) yield return ($"malformed {m[..Math.Min(m.Length, 60)]}", Utf8(m));

        object[] shapes =
        [
            new { values = Array.Empty<int>() }, new { values = "x" }, new { values = 1 }, new { values = (object?)null, narrative = 5 },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new[] { 3 } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = "3" } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = true } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = new { } } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = 3 } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = new { numerator = "45", denominator = 120 } } },
            new { values = new Dictionary<string, object> { ["5.2.5"] = new { achieved = "yes" } } },
            new { values = new Dictionary<string, object> { ["5.2.5"] = new { achieved = 1 } } },
            new { values = new { }, activities = new { } },
            new { values = new { }, activities = new[] { 1 } },
            new { values = new { }, activities = new[] { new { title = new[] { "x" }, outcome = "3.2.1", importance = 1 } } },
            new { values = new { }, activities = new[] { new { title = "x", outcome = "3.2.1", importance = "3" } } },
            new { values = new { }, extra = 1 },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = 3, foo = 1 } } },
            new { values = new { }, activities = new[] { new { title = "x", outcome = "3.2.1", importance = 1, bar = "y" } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = -1 } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = -0.5 } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = 2.5 } } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = new { numerator = -1, denominator = 120 } } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = new { numerator = 1, denominator = 0 } } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = new { numerator = 1, denominator = -5 } } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = new { numerator = 121, denominator = 120 } } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = new { numerator = 45 } } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = new { numerator = 45, denominator = 120, value = 37.5 } } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = Rate(45, 120, (25, 60), (25, 60)) } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = Rate(45, 120, (25, 60), (20, 61)) } },
            new { values = new Dictionary<string, object> { ["5.2.1"] = Rate(45, 120, (30, 20), (15, 100)) } },
            new { values = new Dictionary<string, object> { ["5.2.4"] = new { value = 4, disaggregation = new { sex = new { female = 1, male = 1 } } } } },
            new { values = new Dictionary<string, object> { ["5.2.4"] = new { value = 4, disaggregation = new { sex = new { female = -1, male = 5 } } } } },
            new { values = new Dictionary<string, object> { ["5.2.4"] = new { value = 4, disaggregation = new { sex = new { female = "2", male = 2 } } } } },
            new { values = new Dictionary<string, object> { ["5.2.4"] = new { value = 4, disaggregation = new { colour = new { red = 4 } } } } },
            new { values = new Dictionary<string, object> { ["5.2.4"] = new { value = 4, disaggregation = new { sex = new { other = 4 } } } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = 4, disaggregation = new { sex = new { female = 4 } } } } },
            new { values = new Dictionary<string, object> { ["5.2.4"] = new { value = 4, disaggregation = new { sex = new { } } } } },
            new { values = new Dictionary<string, object> { ["9.9.9"] = new { value = 1 } } },
            new { values = new Dictionary<string, object> { ["' or '1'='1"] = new { value = 1 } } },
            new { values = new Dictionary<string, object> { ["5.1.1' eq '"] = new { value = 1 } } },
            new { values = new Dictionary<string, object> { ["5.1.1%27"] = new { value = 1 } } },
            new { values = new Dictionary<string, object> { [""] = new { value = 1 } } },
            new { values = new Dictionary<string, object?> { ["5.1.1"] = null } },
            new { values = new Dictionary<string, object> { ["5.2.5"] = new { achieved = true, evidenceUrl = "javascript:alert(1)" } } },
            new { values = new Dictionary<string, object> { ["5.2.5"] = new { achieved = true, evidenceUrl = "https://x.example/" + new string('a', 2100) } } },
            new { values = new Dictionary<string, object> { ["5.2.6"] = new { narrative = " " } } },
            new { values = new Dictionary<string, object> { ["5.1.1"] = new { value = 3, narrative = new string('ก', 8001) } } },
            new { values = new { }, narrative = new string('x', 20_001) },
            new { values = new { }, narrative = "tab\tok but nul\u0000 not" },
            new { values = new { }, activities = new[] { new { title = "line\nbreak", outcome = "3.2.1", importance = 1 } } },
            new { values = new { }, activities = new[] { new { title = new string('t', 301), outcome = "3.2.1", importance = 1 } } },
            new { values = new { }, activities = new[] { new { title = "x", outcome = "9.9.9", importance = 1 } } },
            new { values = new { }, activities = new[] { new { title = "x", outcome = "' or '1'='1", importance = 1 } } },
            new { values = new { }, activities = new[] { new { title = "x", outcome = "3.2.1", importance = 0 } } },
            new { values = new { }, activities = new[] { new { title = "x", outcome = "3.2.1", importance = 4 } } },
            new { values = new { }, activities = new[] { new { title = " ", outcome = "3.2.1", importance = 2 } } },
            new { values = new { }, activities = new object?[] { null } },
            new { values = new { }, activities = Enumerable.Range(0, 16).Select(i => new { title = "a" + i, outcome = "3.2.1", importance = 1 }).ToArray() },
        ];
        foreach (var (s, i) in shapes.Select((s, i) => (s, i))) yield return ($"shape {i}: {Reporting.Http.Json.Serialize(s)[..Math.Min(80, Reporting.Http.Json.Serialize(s).Length)]}", J(s));

        yield return ("deep objects", Utf8("{\"values\": {\"5.1.1\": " + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "}}"));
        yield return ("deep arrays", Utf8("{\"values\": {}, \"activities\": " + new string('[', 5000) + new string(']', 5000) + "}"));
        yield return ("deep disaggregation", Utf8("{\"values\": {\"5.2.4\": {\"value\": 1, \"disaggregation\": {\"sex\": {\"female\": " + string.Concat(Enumerable.Repeat("[", 40)) + "1" + new string(']', 40) + "}}}}}"));
        yield return ("over 1 MiB", Utf8("{\"values\": {}, \"narrative\": \"" + new string('a', 1_100_000) + "\"}"));
        yield return ("1 MiB of whitespace", Utf8(new string(' ', 1_048_577)));
        yield return ("invalid utf-8 0xFF", [.. Utf8("{\"values\": {}, \"narrative\": \""), 0xFF, .. Utf8("\"}")]);
        yield return ("invalid utf-8 lone continuation", [.. Utf8("{\"values\": {}, \"narrative\": \""), 0x80, 0x80, .. Utf8("\"}")]);
        yield return ("invalid utf-8 overlong slash", [.. Utf8("{\"values\": {}, \"narrative\": \""), 0xC0, 0xAF, .. Utf8("\"}")]);
        yield return ("invalid utf-8 encoded surrogate", [.. Utf8("{\"values\": {}, \"narrative\": \""), 0xED, 0xA0, 0x80, .. Utf8("\"}")]);
        yield return ("invalid utf-8 truncated sequence", [.. Utf8("{\"values\": {}, \"narrative\": \"ก"), 0xE0, 0xB8]);
        yield return ("utf-16 body", Encoding.Unicode.GetBytes("{\"values\": {}}"));
        yield return ("raw control bytes", [.. Utf8("{\"values\": {}, \"narrative\": \"a"), 0x00, 0x01, 0x1B, .. Utf8("\"}")]);
    }

    private static object Rate(decimal n, decimal d, (decimal N, decimal D) female, (decimal N, decimal D) male) => new
    {
        numerator = n, denominator = d,
        disaggregation = new { sex = new { female = new { numerator = female.N, denominator = female.D }, male = new { numerator = male.N, denominator = male.D } } },
    };

    private static IEnumerable<(string Name, byte[] Body)> Generic(params object[] bodies)
    {
        string[] junk = ["", "{", "[]", "null", "{\"a\":1,\"a\":2}", "{\"unknown\":1}", "{\"x\": NaN}", "{\"x\": 1e400}"];
        foreach (var j in junk) yield return ("junk " + j, Utf8(j));
        foreach (var b in bodies) yield return (b is string s ? s : Reporting.Http.Json.Serialize(b), b is string t ? Utf8(t) : J(b));
    }

    private IEnumerable<Case> Corpus()
    {
        var put = Samples.SubmissionPath(2024, "THA");
        var valid = J(Samples.Submission());

        // Submission bodies: as a PUT (focal point) and as a real JSON import (secretariat).
        foreach (var (name, body) in HostileSubmissions())
        {
            yield return new($"PUT submission: {name}", HttpMethod.Put, put, "THA", body);
            yield return new($"import json: {name}", HttpMethod.Post, put + "/import?dryRun=false", "secretariat", body);
        }

        // Other bodies.
        var review = put + "/review";
        foreach (var (name, body) in Generic(new { decision = "approve" }, new { decision = "return" }, new { decision = "return", comment = " " }, new { decision = 1 },
                     new { decision = "accept", extra = 1 }, new { decision = "' or '1'='1" }, new { decision = "ACCEPT" }, new { decision = "return", comment = new string('c', 8001) },
                     "{\"decision\":\"accept\",\"decision\":\"return\"}", new { decision = new[] { "accept" } }))
            yield return new($"review: {name}", HttpMethod.Post, review, "secretariat", body, IfMatch: "*");
        foreach (var (name, body) in Generic(new { until = "2020-01-01T00:00:00Z", reason = "late" }, new { until = "not a date", reason = "late" }, new { until = 1e300, reason = "x" },
                     new { until = DateTimeOffset.UtcNow.AddDays(3), reason = " " }, new { until = DateTimeOffset.UtcNow.AddDays(3) }, new { reason = "no until" },
                     new { until = DateTimeOffset.UtcNow.AddDays(3), reason = new string('r', 1001) }, new { until = DateTimeOffset.UtcNow.AddDays(3), reason = "x", extra = true },
                     new { until = "9999-12-31T23:59:59+14:00 ' or '", reason = "x" }, new { until = "0001-01-01T00:00:00Z", reason = "x" }))
            yield return new($"lock exception: {name}", HttpMethod.Post, put + "/lock-exception", "secretariat", body);
        foreach (var (name, body) in Generic(new { opens = "2024-06-01T00:00:00Z", due = "2024-01-01T00:00:00Z" }, new { due = "2024-06-01T00:00:00Z", locks = "2024-01-01T00:00:00Z" },
                     new { opens = "2024-06-01T00:00:00Z", locks = "2024-01-01T00:00:00Z" }, new { opens = "yesterday" }, new { opens = 5 }, new { opens = "2024-13-45T00:00:00Z" },
                     new { opens = "2024-01-01T00:00:00Z", closes = "2024-02-01T00:00:00Z" }, "{\"opens\":\"2024-01-01T00:00:00Z\",\"opens\":\"2024-01-02T00:00:00Z\"}"))
            yield return new($"window: {name}", HttpMethod.Put, $"{PlanPath}/years/2024/window", "secretariat", body);
        foreach (var (name, body) in Generic(new { kind = "weekly" }, new { kind = "annual" }, new { kind = "annual", year = 2019 }, new { kind = "annual", year = 2099 },
                     new { kind = "annual", year = 2026 }, new { kind = "end-of-plan", year = 2024 }, new { kind = 5 }, new { kind = "annual", year = "2024" }, new { kind = "annual", year = 2024.5 },
                     new { kind = "annual", year = 2024, extra = 1 }, new { kind = "annual", year = 99999999999 }, new { kind = "' or '1'='1" }, new { kind = (string?)null }))
            yield return new($"report: {name}", HttpMethod.Post, PlanPath + "/reports", "secretariat", body);
        foreach (var (name, body) in Generic(new { role = "root", label = "x" }, new { role = "focalPoint", state = "XYZ", label = "x" }, new { role = "focalPoint", state = "' or '1'='1", label = "x" },
                     new { role = "focalPoint", state = "tha", label = "x" }, new { role = "secretariat", state = "THA", label = "x" }, new { role = "admin", label = " " },
                     new { role = "admin", label = new string('l', 201) }, new { role = "admin", label = "x", expiresAt = "2020-01-01T00:00:00Z" }, new { role = 7, label = "x" },
                     new { role = -1, label = "x" }, new { role = "admin", label = "x", hash = "00" }, new { role = "admin!", label = "x" }, new { role = new[] { "admin" }, label = "x" }))
            yield return new($"key: {name}", HttpMethod.Post, "api/access/keys", "admin", body);
        foreach (var (name, body) in Generic(new { role = "observer", label = "x" }, new { role = "observer", label = "x", scope = new { bodies = new[] { "' or '1'='1" } } },
                     new { role = "observer", label = "x", scope = new { plans = new[] { "' or PartitionKey ne '" } } }, new { role = "observer", label = "x", scope = new { all = "yes" } },
                     new { role = "observer", label = "x", scope = new { bodies = "SOMSWD" } }, new { role = "observer", label = "x", scope = new { bodies = new[] { "SOMSWD", "SOMSWD" } } },
                     new { role = "observer", label = "x", scope = new { bodies = Enumerable.Repeat("SOMSWD", 60).ToArray() } },
                     new { role = "observer", label = "x", scope = new { bodies = new[] { "SOMSWD" }, extra = 1 } }, new { role = "admin", label = "x", scope = new { plans = new[] { Plan } } }))
            yield return new($"key scope: {name}", HttpMethod.Post, "api/access/keys", "admin", body);
        var somswd = new { bodies = new[] { "SOMSWD" } };
        foreach (var (name, body) in Generic(new { principalId = "' or '1'='1", name = "x", role = "observer", scope = somswd },
                     new { principalId = "00000000-0000-0000-0000-00000000000g", name = "x", role = "observer", scope = somswd },
                     new { principalId = Guid.NewGuid(), role = "observer", scope = somswd }, new { principalId = Guid.NewGuid(), name = "x", role = "root", scope = somswd },
                     new { principalId = Guid.NewGuid(), name = "x", email = "not an address", role = "observer", scope = somswd },
                     new { principalId = Guid.NewGuid(), name = new string('n', 201), role = "observer", scope = somswd },
                     new { principalId = Guid.NewGuid(), name = "x", role = "focalPoint", state = "THA' or '", scope = somswd },
                     new { principalId = Guid.NewGuid(), name = "x", role = "observer", scope = new { bodies = new[] { "SOMTEST" } } },
                     new { principalId = Guid.NewGuid(), name = "x", role = "observer", scope = new { plans = new[] { "no-such-plan" } } },
                     new { principalId = Guid.NewGuid(), name = "x", role = "observer", scope = somswd, expiresAt = "2020-01-01T00:00:00Z" },
                     new { principalId = Guid.NewGuid(), name = "x", role = "observer", scope = somswd, extra = 1 },
                     new { principalId = new[] { Guid.NewGuid() }, name = "x", role = "observer", scope = somswd }))
            yield return new($"assignment: {name}", HttpMethod.Post, "api/access/assignments", "admin", body);
        var comments = $"{PlanPath}/comments/{reportId}";
        foreach (var (name, body) in Generic(new { text = " " }, new { text = new string('ก', 4001) }, new { text = "bell\u0007" }, new { text = 5 }, new { text = new[] { "x" } },
                     new { text = "x", replyTo = "0000000000000000000-00000000" }, new { text = "x", extra = 1 }, "{\"text\":\"a\",\"text\":\"b\"}",
                     "{\"text\":\"\\ud800\"}"))
        {
            yield return new($"comment: {name}", HttpMethod.Post, comments, "observer", body);
            yield return new($"answer: {name}", HttpMethod.Post, comments, "secretariat", body);
        }
        yield return new("comment by a focal point", HttpMethod.Post, comments, "THA", J(new { text = "x" }));
        yield return new("comment on an unknown report", HttpMethod.Post, $"{PlanPath}/comments/{FakeReportId}", "observer", J(new { text = "x" }));
        foreach (var (name, body) in Generic(new { }, new { id = "other-plan" }, new { id = Plan, title = "x" }, new { id = Plan, indicators = "x" }, new { id = "' or '1'='1" },
                     new { id = Plan, version = 99 }, new { id = Plan, extra = 1 }))
            yield return new($"plan: {name}", HttpMethod.Put, PlanPath, "admin", body);

        // Files to import (dry run false: all or nothing).
        var import = put + "/import?dryRun=false";
        yield return new("import: no content type", HttpMethod.Post, import, "THA", valid, ContentType: null);
        yield return new("import: xml", HttpMethod.Post, import, "THA", Utf8("<values/>"), "application/xml");
        yield return new("import: form", HttpMethod.Post, import, "THA", Utf8("values=1"), "application/x-www-form-urlencoded");
        yield return new("import: xlsx not zip", HttpMethod.Post, import, "THA", Utf8("=cmd|' /C calc'!A0"), ImportReader.XlsxType);
        yield return new("import: xlsx broken zip", HttpMethod.Post, import, "THA", [(byte)'P', (byte)'K', 3, 4, .. Enumerable.Repeat((byte)0x41, 500)], ImportReader.XlsxType);
        yield return new("import: octet garbage", HttpMethod.Post, import, "THA", [.. Enumerable.Range(0, 256).Select(i => (byte)i)], "application/octet-stream");
        yield return new("import: over 5 MiB", HttpMethod.Post, import, "THA", new byte[5 * 1024 * 1024 + 10], ImportReader.XlsxType);
        yield return new("import: empty", HttpMethod.Post, import, "THA", [], "text/csv");
        string[] csvs =
        [
            "Code,Value\n5.1.1,=cmd|' /C calc'!A0\n", "Code,Value\n5.1.1,-1\n", "Code,Value\n9.9.9,1\n", "Code,Numerator,Denominator\n5.2.1,121,120\n",
            "Code,Value\n5.1.1,NaN\n", "Code,Value\n5.1.1,1e400\n", "Code,Value\n\"5.1.1,3\n", "\"unterminated", "Code,Value\n5.1.1,3\n5.1.1,4\n",
            "Code,Value\n' or '1'='1,3\n", "Code,Value,Value\n5.1.1,1,2\n", "Code,Value\n5.1.1,2.5\n",
        ];
        foreach (var csv in csvs) yield return new($"import csv: {csv.Replace("\n", "\\n")}", HttpMethod.Post, import, "THA", Utf8(csv), "text/csv");
        yield return new("import csv: invalid utf-8", HttpMethod.Post, import, "THA", [.. Utf8("Code,Value\n5.1.1,"), 0xFF, 0xFE, .. Utf8("\n")], "text/csv");

        // Headers.
        yield return new("bad Idempotency-Key (control)", HttpMethod.Put, put, "THA", Utf8("{"), Headers: new() { ["Idempotency-Key"] = "a\u0001b" });
        yield return new("bad Idempotency-Key (long)", HttpMethod.Put, put, "THA", valid, Headers: new() { ["Idempotency-Key"] = new string('k', 201) });
        yield return new("If-Match garbage on create", HttpMethod.Put, put, "THA", valid, IfMatch: "\"r' or '1'='1\"");
        yield return new("If-Match on create", HttpMethod.Put, put, "THA", valid, IfMatch: "\"r1\"");
        yield return new("wrong content type", HttpMethod.Put, put, "THA", valid, "text/plain");
        yield return new("multipart content type", HttpMethod.Put, put, "THA", valid, "multipart/form-data; boundary=x");
        yield return new("api key with injection", HttpMethod.Get, PlanPath, "raw:' or '1'='1");
        yield return new("api key shaped with injection", HttpMethod.Get, PlanPath, "raw:rk_0123456789abcdef_' or PartitionKey ne 'xxxxxxxxxxxx");
        yield return new("api key for another id", HttpMethod.Get, PlanPath, "raw:rk_00000000000000aa_bootstrap-admin-key-for-tests-onlX");

        // Metacharacters in every path and query parameter (the rest of the request valid).
        foreach (var m in Metacharacters)
        {
            var s = m is "\u0000" or ".." ? "%2500" : Seg(m); // Kestrel itself refuses a NUL in the path, and .. is resolved by the client
            var q = Uri.EscapeDataString(m);
            yield return new($"member-states?year={m}", HttpMethod.Get, "api/member-states?year=" + q, "THA");
            yield return new($"plan id {m}", HttpMethod.Get, "api/plans/" + s, "THA");
            yield return new($"framework id {m}", HttpMethod.Get, "api/frameworks/" + s, "THA");
            yield return new($"activity kra {m}", HttpMethod.Put, put, "THA",
                J(new { values = new { }, activities = new[] { new { title = "Forum", outcome = "3.2.4", importance = 1, kra = m } } }));
            yield return new($"plan ?version={m}", HttpMethod.Get, PlanPath + "?version=" + q, "THA");
            yield return new($"PUT plan id {m}", HttpMethod.Put, "api/plans/" + s, "admin", J(new { id = Plan }));
            foreach (var (verb, tail, caller, body) in new (HttpMethod, string, string, byte[]?)[]
                     {
                         (HttpMethod.Get, "/window", "THA", null), (HttpMethod.Put, "/window", "secretariat", J(new { opens = "2024-01-01T00:00:00Z" })),
                         (HttpMethod.Get, "/submissions", "secretariat", null), (HttpMethod.Get, "/submissions/THA", "secretariat", null),
                         (HttpMethod.Put, "/submissions/THA", "secretariat", valid), (HttpMethod.Post, "/submissions/THA/submit", "secretariat", null),
                         (HttpMethod.Post, "/submissions/THA/review", "secretariat", J(new { decision = "accept" })), (HttpMethod.Get, "/submissions/THA/history", "secretariat", null),
                         (HttpMethod.Post, "/submissions/THA/lock-exception", "secretariat", J(new { until = DateTimeOffset.UtcNow.AddDays(5), reason = "x" })),
                         (HttpMethod.Get, "/template?state=THA", "secretariat", null), (HttpMethod.Post, "/submissions/THA/import?dryRun=false", "secretariat", valid),
                     })
            {
                yield return new($"{verb} plan id {m} {tail}", verb, $"api/plans/{s}/years/2024{tail}", caller, body, IfMatch: verb == HttpMethod.Get ? null : "*");
                yield return new($"{verb} year {m} {tail}", verb, $"{PlanPath}/years/{s}{tail}", caller, body, IfMatch: verb == HttpMethod.Get ? null : "*");
                if (tail.StartsWith("/submissions/THA", StringComparison.Ordinal))
                {
                    var stateTail = tail.Replace("/submissions/THA", "/submissions/" + s, StringComparison.Ordinal);
                    yield return new($"{verb} state {m} {tail}", verb, $"{PlanPath}/years/2024{stateTail}", caller, body, IfMatch: verb == HttpMethod.Get ? null : "*");
                }
            }
            yield return new($"template ?state={m}", HttpMethod.Get, $"{PlanPath}/years/2024/template?state=" + q, "secretariat");
            yield return new($"import ?dryRun={m}", HttpMethod.Post, $"{put}/import?dryRun=" + q, "THA", valid);
            yield return new($"import ?replaceDraft={m}", HttpMethod.Post, $"{put}/import?dryRun=false&replaceDraft=" + q, "THA", valid);
            foreach (var p in new[] { "summary", "completeness", "pending", "reports" })
                yield return new($"{p} plan id {m}", HttpMethod.Get, $"api/plans/{s}/{p}", "secretariat");
            yield return new($"summary ?year={m}", HttpMethod.Get, $"{PlanPath}/summary?year=" + q, "secretariat");
            yield return new($"summary ?format={m}", HttpMethod.Get, $"{PlanPath}/summary?format=" + q, "secretariat");
            yield return new($"summary ?view={m}", HttpMethod.Get, $"{PlanPath}/summary?format=csv&view=" + q, "secretariat");
            yield return new($"completeness ?year={m}", HttpMethod.Get, $"{PlanPath}/completeness?year=" + q, "secretariat");
            yield return new($"pending ?year={m}", HttpMethod.Get, $"{PlanPath}/pending?year=" + q, "THA");
            yield return new($"aggregate ?full={m}", HttpMethod.Post, "api/jobs/aggregate-progress/run?full=" + q, "secretariat");
            yield return new($"report plan id {m}", HttpMethod.Post, $"api/plans/{s}/reports", "secretariat", J(new { kind = "annual", year = 2024 }));
            yield return new($"report file plan id {m}", HttpMethod.Get, $"api/plans/{s}/reports/{FakeReportId}/report.html", "secretariat");
            yield return new($"report id {m}", HttpMethod.Get, $"{PlanPath}/reports/{s}/report.html", "secretariat");
            yield return new($"report id prefix {m}", HttpMethod.Get, $"{PlanPath}/reports/{FakeReportId}{s}/report.html", "secretariat");
            yield return new($"report file {m}", HttpMethod.Get, $"{PlanPath}/reports/{FakeReportId}/{s}", "secretariat");
            yield return new($"key id {m}", HttpMethod.Delete, "api/access/keys/" + s, "admin");
            yield return new($"assignment principal {m}", HttpMethod.Delete, $"api/access/assignments/{s}/0123456789abcdef", "admin");
            yield return new($"assignment id {m}", HttpMethod.Delete, $"api/access/assignments/{Guid.NewGuid()}/{s}", "admin");
            yield return new($"comments plan id {m}", HttpMethod.Get, $"api/plans/{s}/comments/{reportId}", "observer");
            yield return new($"comments report id {m}", HttpMethod.Get, $"{PlanPath}/comments/{s}", "secretariat");
            yield return new($"comment report id {m}", HttpMethod.Post, $"{PlanPath}/comments/{s}", "observer", J(new { text = "x" }));
        }
    }

    // ---------------------------------------------------------------- running it

    private HttpRequestMessage Build(Case c)
    {
        var request = new HttpRequestMessage(c.Method, c.Path);
        var key = c.Caller.StartsWith("raw:", StringComparison.Ordinal) ? c.Caller[4..] : api.Keys[c.Caller];
        request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        if (c.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", c.IfMatch);
        foreach (var (k, v) in c.Headers ?? []) request.Headers.TryAddWithoutValidation(k, v);
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
        }
        return request;
    }

    private async Task<string> StorageFingerprintAsync()
    {
        var tables = api.Services.GetRequiredService<ReportingTables>();
        var rows = new List<string>();
        foreach (var name in ReportingTables.AllNames)
        {
            var table = tables.Get(name);
            await foreach (var e in table.QueryAsync<TableEntity>())
                rows.Add($"{name}/{e.PartitionKey}/{e.RowKey}/{e.ETag}");
        }
        return string.Join("\n", rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_hostile_request_gets_a_problem_4xx_and_storage_is_unchanged()
    {
        // Some data to be hostile next to: an accepted 2023 report for VNM (THA's 2024 submission does not exist, so any
        // request that wrongly succeeded would create it and show in the fingerprint).
        var vnm = Samples.SubmissionPath(2023, "VNM");
        await (await api.PutAsync(vnm, api.Keys["VNM"], Samples.Submission())).JsonAsync(201);
        await (await api.PostAsync(vnm + "/submit", api.Keys["VNM"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PostAsync(vnm + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
        await (await api.PostAsync("api/jobs/aggregate-progress/run", api.Keys["secretariat"])).JsonAsync(200);

        var corpus = Corpus().ToList();
        var before = await StorageFingerprintAsync();
        var results = new System.Collections.Concurrent.ConcurrentBag<(Case Case, int Status, string? Type, string Body)>();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            using var request = Build(c);
            using var response = await api.Http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            results.Add((c, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text));
        });
        var after = await StorageFingerprintAsync();

        var beforeRows = before.Split('\n').ToHashSet();
        var afterRows = after.Split('\n').ToHashSet();
        var changed = afterRows.Except(beforeRows).Concat(beforeRows.Except(afterRows)).Where(r => r.Length > 0).ToList();
        var problem4xx = results.Count(r => r.Status is >= 400 and < 500 && r.Type == "application/problem+json" && IsProblem(r.Body, r.Status));
        var fivexx = results.Count(r => r.Status >= 500);
        var summary = $"hostile input: {results.Count} cases, {problem4xx} 4xx with problem+json, {fivexx} 5xx, {changed.Count} rows changed";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        var bad = results.Where(r => !(r.Status is >= 400 and < 500 && r.Type == "application/problem+json" && IsProblem(r.Body, r.Status)))
            .Select(r => $"{r.Case.Name} [{r.Case.Method} {Truncate(r.Case.Path, 120)}]: {r.Status} {r.Type} {Truncate(r.Body, 300)}").ToList();
        foreach (var b in bad) { output.WriteLine("unexpected: " + b); Console.WriteLine("hostile input unexpected: " + b); }
        foreach (var c in changed) { output.WriteLine("changed row: " + c); Console.WriteLine("hostile input changed row: " + c); }

        Assert.True(corpus.Count >= 500, $"the corpus has {corpus.Count} cases; at least 500 are expected");
        Assert.Equal(0, fivexx);
        Assert.True(changed.Count == 0, "rows changed: " + string.Join("; ", changed));
        Assert.True(bad.Count == 0, $"{bad.Count} case(s) not answered with a 4xx problem+json:\n{string.Join("\n", bad)}");
        Assert.Equal(results.Count, problem4xx);
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            var problem = JObject.Parse(body);
            return problem.Value<int>("status") == status && !string.IsNullOrWhiteSpace(problem.Value<string>("title"));
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return false;
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    // ---------------------------------------------------------------- CSV injection in the downloads

    [Fact]
    public async Task Formula_like_titles_and_narratives_come_out_of_the_csv_and_xlsx_summaries_as_inert_text()
    {
        var states = new[] { "THA", "VNM" };
        for (var s = 0; s < states.Length; s++)
        {
            var body = Samples.Submission(narrative: Injections[s] + " narrative");
            body["narrative"] = Injections[(s + 2) % Injections.Length] + " overall";
            body["activities"] = new JArray(Injections.Select((text, i) => new JObject
            {
                ["title"] = $"{text} {states[s]}", ["description"] = Injections[(i + 1) % Injections.Length], ["outcome"] = "3.2.1", ["importance"] = 1 + i % 3,
            }));
            var path = Samples.SubmissionPath(2023, states[s]);
            await (await api.PutAsync(path, api.Keys[states[s]], body)).JsonAsync(201);
            await (await api.PostAsync(path + "/submit", api.Keys[states[s]], ifMatch: "\"r1\"")).JsonAsync(200);
            await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
        }
        await (await api.PostAsync("api/jobs/aggregate-progress/run", api.Keys["secretariat"])).JsonAsync(200);

        var titles = states.SelectMany(st => Injections.Select(i => $"{i} {st}")).ToList();
        var seen = new HashSet<string>();
        var narratives = states.Select((_, k) => Injections[k] + " narrative").ToList();
        foreach (var view in Reporting.Aggregation.SummaryExport.Views)
        {
            var response = await api.GetAsync($"{PlanPath}/summary?format=csv&view={view}", api.Keys["secretariat"]);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            using var reader = new CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false });
            while (await reader.ReadAsync())
            {
                for (var i = 0; reader.TryGetField<string>(i, out var field); i++)
                {
                    if (field is null || field.Length == 0) continue;
                    Assert.False(field[0] is '=' or '+' or '@' or '\t' or '\r' || (field[0] == '-' && !decimal.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
                        $"CSV view {view} has a field that a spreadsheet would run as a formula: {field}");
                    foreach (var t in titles.Concat(narratives).Where(t => field == "'" + t)) seen.Add(t);
                }
            }
        }
        Assert.True(titles.All(seen.Contains), $"every injected title appears in the activities CSV, prefixed with ': missing {string.Join(", ", titles.Except(seen))}");
        Assert.True(narratives.All(seen.Contains), $"every injected narrative appears in the narratives CSV, prefixed with ': missing {string.Join(", ", narratives.Except(seen))}");

        var xlsx = await api.GetAsync($"{PlanPath}/summary?format=xlsx", api.Keys["secretariat"]);
        Assert.True(xlsx.IsSuccessStatusCode, await xlsx.Content.ReadAsStringAsync());
        // Read back without the writer's library: the package's XML for formulas, MiniExcel for the values.
        var parts = new XlsxParts(await xlsx.Content.ReadAsByteArrayAsync());
        var texts = new HashSet<string>();
        foreach (var sheet in parts.SheetNames)
        {
            var formulas = parts.Sheet(sheet).Descendants().Where(e => e.Name.LocalName == "f").ToList();
            Assert.True(formulas.Count == 0, $"{sheet}: has a formula {formulas.FirstOrDefault()}");
            foreach (var row in parts.Rows(sheet))
                foreach (var value in row.Values)
                    if (value is string text) texts.Add(text);
                    else Assert.False(value?.ToString() is ['=' or '+' or '@', ..], $"{sheet}: formula-like text stored as {value?.GetType().Name}");
        }
        Assert.True(titles.All(texts.Contains), $"every injected title is a text cell in the XLSX: missing {string.Join(", ", titles.Except(texts))}");
        Assert.True(narratives.All(texts.Contains), $"every injected narrative is a text cell in the XLSX: missing {string.Join(", ", narratives.Except(texts))}");
        output.WriteLine($"csv injection: {titles.Count} formula-like titles and {narratives.Count} narratives neutralised in CSV (leading ') and XLSX (text cells, no formulas)");
    }
}
