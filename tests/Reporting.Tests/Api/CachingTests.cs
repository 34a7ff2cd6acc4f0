using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>
/// What each instance remembers for a few seconds (keys, plan versions, windows, the submission it last saved) never
/// lets a change through that storage would refuse, and changes made through the same instance apply at once.
/// </summary>
public sealed class CachingTests
{
    [Fact]
    public async Task A_revoked_key_is_refused_on_the_very_next_request()
    {
        await using var api = await ApiServer.StartAsync();
        var created = await (await api.PostAsync("api/access/keys", ApiServer.AdminKey, new { role = "focalPoint", state = "THA", label = "soon revoked" })).JsonAsync(201);
        var key = created.Value<string>("key")!;
        await (await api.GetAsync("api/access/me", key)).JsonAsync(200);
        await (await api.GetAsync("api/access/me", key)).JsonAsync(200); // now remembered
        await (await api.SendAsync(HttpMethod.Delete, "api/access/keys/" + created.Value<string>("id"), ApiServer.AdminKey)).JsonAsync(204);
        await (await api.GetAsync("api/access/me", key)).ProblemAsync(401);
    }

    [Fact]
    public async Task A_window_locked_through_the_api_refuses_the_very_next_write()
    {
        await using var api = await (await ApiServer.StartAsync()).WithKeysAsync("VNM");
        var path = Samples.SubmissionPath(2023, "VNM");
        await (await api.PutAsync(path, api.Keys["VNM"], Samples.Submission(policies: 1))).JsonAsync(201);
        await (await api.PutAsync(path, api.Keys["VNM"], Samples.Submission(policies: 2), ifMatch: "\"r1\"")).JsonAsync(200);
        var past = DateTimeOffset.UtcNow.AddDays(-1);
        await (await api.PutAsync($"api/plans/{Samples.Plan}/years/2023/window", api.Keys["secretariat"], new { due = past.AddDays(-1), locks = past })).JsonAsync(200);
        await (await api.PutAsync(path, api.Keys["VNM"], Samples.Submission(policies: 3), ifMatch: "\"r2\"")).ProblemAsync(409, "window-locked");
    }

    [Fact]
    public async Task Two_instances_over_one_storage_never_lose_an_update_to_a_remembered_copy()
    {
        var prefix = "c" + Guid.NewGuid().ToString("N")[..10];
        var shared = new Dictionary<string, string?> { ["ReportingStorage:Prefix"] = prefix };
        await using var a = await (await ApiServer.StartAsync(settings: shared)).WithKeysAsync("LAO");
        await using var b = await ApiServer.StartAsync(settings: shared);
        var key = a.Keys["LAO"];
        var path = Samples.SubmissionPath(2024, "LAO");

        await (await a.PutAsync(path, key, Samples.Submission(policies: 1))).JsonAsync(201); // a remembers r1
        await (await b.PutAsync(path, key, Samples.Submission(policies: 2), ifMatch: "\"r1\"")).JsonAsync(200); // b writes r2

        // A client that still holds r1 comes back to a: its copy says r1 matches, storage says otherwise.
        await (await a.PutAsync(path, key, Samples.Submission(policies: 9), ifMatch: "\"r1\"")).ProblemAsync(412);
        var stored = await (await b.GetAsync(path, key)).JsonAsync(200);
        Assert.Equal(2, stored["values"]!["5.1.1"]!.Value<int>("value"));
        Assert.Equal(2, stored.Value<int>("revision"));

        // Having been refused, a reads storage again and takes the next change.
        await (await a.PutAsync(path, key, Samples.Submission(policies: 3), ifMatch: "\"r2\"")).JsonAsync(200);
        await (await a.PostAsync(path + "/submit", key, ifMatch: "\"r3\"")).JsonAsync(200);
        await (await b.PostAsync(path + "/review", b.Keys["admin"], new { decision = "return", comment = "Check 5.1.1." }, ifMatch: "\"r4\"")).JsonAsync(200);
        // a remembers r4 as submitted; b returned it (r5). Accepting through a with a stale r4 is refused, not applied.
        await (await a.PostAsync(path + "/review", a.Keys["admin"], new { decision = "accept" }, ifMatch: "\"r4\"")).ProblemAsync(412);
        Assert.Equal("returned", (await (await a.GetAsync(path, key)).JsonAsync(200)).Value<string>("status"));
    }
}
