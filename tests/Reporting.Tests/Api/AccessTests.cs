using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Access;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class AccessTests : IAsyncLifetime
{
    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM");

    public async Task DisposeAsync() => await api.DisposeAsync();

    public static string Principal(params string[] roles) => Convert.ToBase64String(Encoding.UTF8.GetBytes(new JObject
    {
        ["auth_typ"] = "aad",
        ["name_typ"] = "name",
        ["role_typ"] = "roles",
        ["claims"] = new JArray(roles.Select(r => new JObject { ["typ"] = "roles", ["val"] = r }).Append(new JObject { ["typ"] = "name", ["val"] = "someone@example.org" })),
    }.ToString()));

    [Fact]
    public async Task Focal_point_cannot_read_or_write_another_states_draft_and_cannot_tell_if_it_exists()
    {
        var vnm = Samples.SubmissionPath(2024, "VNM");
        var missing = await api.GetAsync(Samples.SubmissionPath(2023, "VNM"), api.Keys["THA"]);
        var missingProblem = await missing.ProblemAsync(403, "forbidden");
        await (await api.PutAsync(vnm, api.Keys["VNM"], Samples.Submission())).JsonAsync(201);

        var existing = await api.GetAsync(vnm, api.Keys["THA"]);
        var existingProblem = await existing.ProblemAsync(403, "forbidden");
        Assert.Equal(missingProblem.ToString(), existingProblem.ToString());

        await (await api.PutAsync(vnm, api.Keys["THA"], Samples.Submission(), ifMatch: "\"r1\"")).ProblemAsync(403);
        await (await api.PostAsync(vnm + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).ProblemAsync(403);
        await (await api.GetAsync(vnm + "/history", api.Keys["THA"])).ProblemAsync(403);

        var list = await (await api.GetAsync($"api/plans/{Samples.Plan}/years/2024/submissions", api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(["THA"], ((JArray)list["submissions"]!).Select(r => r.Value<string>("state")));

        var secretariat = await (await api.GetAsync(vnm, api.Keys["secretariat"])).JsonAsync(200);
        Assert.Equal("VNM", secretariat.Value<string>("state"));
        var stillDraft = await (await api.GetAsync(vnm, api.Keys["VNM"])).JsonAsync(200);
        Assert.Equal(1, stillDraft.Value<int>("revision"));
    }

    [Fact]
    public async Task Requests_without_a_key_get_401_except_health()
    {
        await (await api.GetAsync("api/health", null)).JsonAsync(200);
        await (await api.GetAsync("api/plans", null)).ProblemAsync(401, "unauthenticated");
        await (await api.GetAsync("api/member-states", "rk_0123456789abcdef_notarealsecretnotarealsecret")).ProblemAsync(401);
        await (await api.GetAsync("api/member-states", "garbage")).ProblemAsync(401);
    }

    [Fact]
    public async Task Forged_app_service_principal_header_is_ignored_when_the_setting_is_off()
    {
        var headers = new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL"] = Principal("Reporting.Admin") };
        await (await api.SendAsync(HttpMethod.Get, "api/access/keys", null, headers: headers)).ProblemAsync(401);
        await (await api.SendAsync(HttpMethod.Get, Samples.SubmissionPath(2024, "VNM"), api.Keys["THA"], headers: headers)).ProblemAsync(403);
    }

    [Fact]
    public async Task App_service_principal_maps_app_roles_when_the_setting_is_on()
    {
        await using var trusted = await ApiServer.StartAsync(settings: new() { ["Access:TrustAppServiceAuthentication"] = "true" });
        var thai = new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL"] = Principal("Reporting.FocalPoint.THA"), ["X-MS-CLIENT-PRINCIPAL-ID"] = "oid-1" };
        await (await trusted.SendAsync(HttpMethod.Put, Samples.SubmissionPath(2024, "THA"), null, Samples.Submission(), headers: thai)).JsonAsync(201);
        await (await trusted.SendAsync(HttpMethod.Get, Samples.SubmissionPath(2024, "VNM"), null, headers: thai)).ProblemAsync(403);
        var secretariat = new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL"] = Principal("Reporting.Secretariat") };
        await (await trusted.SendAsync(HttpMethod.Get, Samples.SubmissionPath(2024, "THA"), null, headers: secretariat)).JsonAsync(200);
        await (await trusted.SendAsync(HttpMethod.Get, "api/access/keys", null, headers: secretariat)).ProblemAsync(403);
        var none = new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL"] = Principal("Some.Other.Role") };
        await (await trusted.SendAsync(HttpMethod.Get, "api/plans", null, headers: none)).ProblemAsync(403);
    }

    [Fact]
    public async Task Admin_creates_a_key_shown_once_and_revokes_it()
    {
        var created = await (await api.PostAsync("api/access/keys", api.Keys["admin"], new { role = "focalPoint", state = "THA", label = "MSDHS focal point", scope = new { bodies = new[] { "SOMSWD" } } })).JsonAsync(201);
        var key = created.Value<string>("key")!;
        var id = created.Value<string>("id")!;
        await (await api.GetAsync(Samples.SubmissionPath(2021, "THA") + "/history", key)).ProblemAsync(404);

        var list = await (await api.GetAsync("api/access/keys", api.Keys["admin"])).JsonTokenAsync(200);
        Assert.DoesNotContain(key, list.ToString());
        Assert.Contains(list, k => k.Value<string>("id") == id);

        await (await api.SendAsync(HttpMethod.Delete, "api/access/keys/" + id, api.Keys["admin"])).JsonAsync(204);
        var revoked = await (await api.GetAsync("api/plans", key)).ProblemAsync(401, "unauthenticated");
        Assert.Contains("revoked", revoked.Value<string>("detail"));
    }

    [Theory]
    [InlineData("Admin ")]
    [InlineData("ADMIN")]
    [InlineData("7")]
    public async Task Key_roles_must_be_spelled_exactly(string role)
    {
        var body = "{\"role\": " + (role == "7" ? "7" : $"\"{role}\"") + ", \"label\": \"x\"}";
        await (await api.PostAsync("api/access/keys", api.Keys["admin"], body)).ProblemAsync(400, pointer: "/role");
    }

    [Fact]
    public async Task Expired_key_is_refused()
    {
        var store = api.Services.GetRequiredService<ApiKeyStore>();
        var key = await store.CreateAsync(Role.Secretariat, null, "old", DateTimeOffset.UtcNow.AddSeconds(-1), "tests", default);
        var problem = await (await api.GetAsync("api/plans", key.Key)).ProblemAsync(401, "unauthenticated");
        Assert.Contains("expired", problem.Value<string>("detail"));
    }

    [Fact]
    public async Task Only_admins_manage_keys_and_plans_and_only_the_secretariat_reviews()
    {
        await (await api.PostAsync("api/access/keys", api.Keys["secretariat"], new { role = "admin", label = "x" })).ProblemAsync(403);
        await (await api.PostAsync("api/access/keys", api.Keys["THA"], new { role = "admin", label = "x" })).ProblemAsync(403);
        await (await api.PutAsync($"api/plans/{Samples.Plan}", api.Keys["secretariat"], new { })).ProblemAsync(403);
        var path = Samples.SubmissionPath(2022, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission())).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PostAsync(path + "/review", api.Keys["THA"], new { decision = "accept" }, ifMatch: "\"r2\"")).ProblemAsync(403);
    }

    [Fact]
    public async Task Key_creation_is_validated_and_not_replayed_with_its_secret()
    {
        await (await api.PostAsync("api/access/keys", api.Keys["admin"], new { role = "focalPoint", label = "x" })).ProblemAsync(400, "validation", "/state");
        var body = new { role = "secretariat", label = "ASEC officer", scope = new { all = true } };
        var first = await (await api.PostAsync("api/access/keys", api.Keys["admin"], body, idempotencyKey: "k-1")).JsonAsync(201);
        var replay = await (await api.PostAsync("api/access/keys", api.Keys["admin"], body, idempotencyKey: "k-1")).ProblemAsync(409, "already-done");
        Assert.DoesNotContain(first.Value<string>("key")!, replay.ToString());
    }
}
