using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Reporting.Access;
using Reporting.Storage;
using Reporting.Submissions;
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
        var created = await (await api.PostAsync("api/access/keys", ApiServer.AdminKey, new { role = "focalPoint", state = "THA", label = "soon revoked", scope = new { all = true } })).JsonAsync(201);
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

    [Fact]
    public async Task A_key_recreated_through_the_same_instance_works_on_the_very_next_request()
    {
        await using var api = await ApiServer.StartAsync();
        var store = api.Services.GetRequiredService<ApiKeyStore>();
        const string fixedKey = "rk_00000000000000c1_a-fixed-secret-for-the-cache-test";
        var issued = await store.CreateAsync(Role.Secretariat, null, "fixed", null, "tests", default, fixedKey);
        await (await api.GetAsync("api/access/me", fixedKey)).JsonAsync(200); // remembered
        await (await api.SendAsync(HttpMethod.Delete, "api/access/keys/" + issued.Id, ApiServer.AdminKey)).JsonAsync(204);
        await (await api.GetAsync("api/access/me", fixedKey)).ProblemAsync(401); // remembered as revoked
        await store.CreateAsync(Role.Secretariat, null, "fixed again", null, "tests", default, fixedKey);
        await (await api.GetAsync("api/access/me", fixedKey)).JsonAsync(200);
        await (await api.GetAsync("api/access/me", "rk_00000000000000c1_a-wrong-secret-for-the-same-key-id")).ProblemAsync(401);
    }

    [Fact]
    public async Task An_expired_key_is_refused_although_its_row_is_remembered()
    {
        var clock = new ManualClock();
        await using var api = await ApiServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var created = await (await api.PostAsync("api/access/keys", ApiServer.AdminKey,
            new { role = "secretariat", label = "an hour", scope = new { all = true }, expiresAt = clock.GetUtcNow().AddHours(1) })).JsonAsync(201);
        var key = created.Value<string>("key")!;
        await (await api.GetAsync("api/access/me", key)).JsonAsync(200);
        await (await api.GetAsync("api/access/me", key)).JsonAsync(200); // now remembered
        clock.Advance(TimeSpan.FromHours(2));
        var problem = await (await api.GetAsync("api/access/me", key)).ProblemAsync(401);
        Assert.Contains("expired", problem.Value<string>("detail"));
    }

    [Fact]
    public async Task A_remembered_window_is_judged_by_the_clock_and_a_remembered_lock_exception_too()
    {
        var clock = new ManualClock();
        await using var api = await (await ApiServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock))).WithKeysAsync("MYS");
        var path = Samples.SubmissionPath(2022, "MYS");
        var now = clock.GetUtcNow();
        await (await api.PutAsync($"api/plans/{Samples.Plan}/years/2022/window", api.Keys["secretariat"], new { due = now.AddMinutes(30), locks = now.AddHours(1) })).JsonAsync(200);
        await (await api.PutAsync(path, api.Keys["MYS"], Samples.Submission(policies: 1))).JsonAsync(201);
        await (await api.PutAsync(path, api.Keys["MYS"], Samples.Submission(policies: 2), ifMatch: "\"r1\"")).JsonAsync(200); // window and r2 remembered

        clock.Advance(TimeSpan.FromHours(2)); // no request in between: the lock time simply passes
        await (await api.PutAsync(path, api.Keys["MYS"], Samples.Submission(policies: 3), ifMatch: "\"r2\"")).ProblemAsync(409, "window-locked");

        await (await api.PostAsync(path + "/lock-exception", api.Keys["secretariat"], new { until = clock.GetUtcNow().AddHours(1), reason = "Late ministry data." })).JsonAsync(201);
        await (await api.PutAsync(path, api.Keys["MYS"], Samples.Submission(policies: 3), ifMatch: "\"r2\"")).JsonAsync(200); // r3 remembered with its exception

        clock.Advance(TimeSpan.FromHours(2)); // the exception runs out
        await (await api.PutAsync(path, api.Keys["MYS"], Samples.Submission(policies: 4), ifMatch: "\"r3\"")).ProblemAsync(409, "window-locked");
        await (await api.PostAsync(path + "/submit", api.Keys["MYS"], ifMatch: "\"r3\"")).ProblemAsync(409, "window-locked");
    }

    [Fact]
    public async Task A_lock_exception_granted_through_another_instance_counts_at_once_on_this_one()
    {
        var clock = new ManualClock();
        var shared = new Dictionary<string, string?> { ["ReportingStorage:Prefix"] = "c" + Guid.NewGuid().ToString("N")[..10] };
        await using var a = await (await ApiServer.StartAsync(settings: shared, configure: b => b.Services.AddSingleton<TimeProvider>(clock))).WithKeysAsync("PHL");
        await using var b = await ApiServer.StartAsync(settings: shared, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var path = Samples.SubmissionPath(2023, "PHL");
        var now = clock.GetUtcNow();
        await (await a.PutAsync($"api/plans/{Samples.Plan}/years/2023/window", a.Keys["secretariat"], new { due = now.AddMinutes(30), locks = now.AddHours(1) })).JsonAsync(200);
        await (await a.PutAsync(path, a.Keys["PHL"], Samples.Submission(policies: 1))).JsonAsync(201);
        await (await a.PutAsync(path, a.Keys["PHL"], Samples.Submission(policies: 2), ifMatch: "\"r1\"")).JsonAsync(200); // a remembers r2, no exception

        clock.Advance(TimeSpan.FromHours(2));
        await (await b.PostAsync(path + "/lock-exception", a.Keys["secretariat"], new { until = clock.GetUtcNow().AddHours(1), reason = "Typhoon." })).JsonAsync(201);
        // The exception is outside the header's ETag, so a must not trust its copy once the window is locked.
        var saved = await (await a.PutAsync(path, a.Keys["PHL"], Samples.Submission(policies: 3), ifMatch: "\"r2\"")).JsonAsync(200);
        Assert.Equal(3, saved.Value<int>("revision"));
        Assert.Equal("Typhoon.", saved["lockException"]!.Value<string>("reason"));
    }

    [Fact]
    public async Task The_header_ETag_remembered_after_a_change_is_the_one_storage_holds()
    {
        // The copy is only safe if the ETag taken from the transaction's answers is the header's (answers come in the order
        // of the actions, the header's first): checked against storage after a create, an edit, a submit and a review.
        await using var api = await (await ApiServer.StartAsync()).WithKeysAsync("SGP");
        var recent = api.Services.GetRequiredService<ShortCache<string, SubmissionStore.Loaded>>();
        var tables = api.Services.GetRequiredService<ReportingTables>();
        var path = Samples.SubmissionPath(2024, "SGP");
        var pk = SubmissionStore.PartitionOf(Samples.Plan, 2024, "SGP");

        async Task RememberedMatchesStorageAsync(int revision)
        {
            Assert.True(recent.TryGet(pk, out var known));
            Assert.Equal(revision, known.Submission!.Revision);
            var header = await tables.Submissions.GetEntityAsync<TableEntity>(pk, "header");
            Assert.Equal(header.Value.ETag, known.HeaderETag);
        }

        await (await api.PutAsync(path, api.Keys["SGP"], Samples.Submission(policies: 1))).JsonAsync(201);
        await RememberedMatchesStorageAsync(1);
        await (await api.PutAsync(path, api.Keys["SGP"], Samples.Submission(policies: 2, narrative: "Changed."), ifMatch: "\"r1\"")).JsonAsync(200);
        await RememberedMatchesStorageAsync(2);
        await (await api.PostAsync(path + "/submit", api.Keys["SGP"], ifMatch: "\"r2\"")).JsonAsync(200);
        await RememberedMatchesStorageAsync(3);
        await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "return", comment = "Check 5.1.1." }, ifMatch: "\"r3\"")).JsonAsync(200);
        await RememberedMatchesStorageAsync(4);
        var stored = await (await api.GetAsync(path, api.Keys["SGP"])).JsonAsync(200);
        Assert.Equal(2, stored["values"]!["5.1.1"]!.Value<int>("value"));
        Assert.Equal("returned", stored.Value<string>("status"));
    }

    [Fact]
    public async Task Without_a_cache_time_changes_through_another_instance_apply_at_once()
    {
        var shared = new Dictionary<string, string?>
        {
            ["ReportingStorage:Prefix"] = "c" + Guid.NewGuid().ToString("N")[..10],
            ["ReportingStorage:CacheSeconds"] = "0",
        };
        await using var a = await (await ApiServer.StartAsync(settings: shared)).WithKeysAsync("BRN");
        await using var b = await ApiServer.StartAsync(settings: shared);
        var created = await (await b.PostAsync("api/access/keys", ApiServer.AdminKey, new { role = "focalPoint", state = "BRN", label = "via b", scope = new { all = true } })).JsonAsync(201);
        var key = created.Value<string>("key")!;
        var path = Samples.SubmissionPath(2021, "BRN");
        await (await a.PutAsync(path, key, Samples.Submission(policies: 1))).JsonAsync(201);
        await (await a.PutAsync(path, key, Samples.Submission(policies: 2), ifMatch: "\"r1\"")).JsonAsync(200);

        var past = DateTimeOffset.UtcNow.AddDays(-1);
        await (await b.PutAsync($"api/plans/{Samples.Plan}/years/2021/window", a.Keys["secretariat"], new { due = past.AddDays(-1), locks = past })).JsonAsync(200);
        await (await a.PutAsync(path, key, Samples.Submission(policies: 3), ifMatch: "\"r2\"")).ProblemAsync(409, "window-locked");

        await (await b.SendAsync(HttpMethod.Delete, "api/access/keys/" + created.Value<string>("id"), ApiServer.AdminKey)).JsonAsync(204);
        await (await a.GetAsync("api/access/me", key)).ProblemAsync(401);
    }

    [Fact]
    public async Task A_key_revoked_through_another_instance_is_refused_there_once_the_cache_time_is_over()
    {
        var shared = new Dictionary<string, string?>
        {
            ["ReportingStorage:Prefix"] = "c" + Guid.NewGuid().ToString("N")[..10],
            ["ReportingStorage:CacheSeconds"] = "1",
        };
        await using var a = await ApiServer.StartAsync(settings: shared);
        await using var b = await ApiServer.StartAsync(settings: shared);
        var created = await (await a.PostAsync("api/access/keys", ApiServer.AdminKey, new { role = "secretariat", label = "revoked elsewhere", scope = new { all = true } })).JsonAsync(201);
        var key = created.Value<string>("key")!;
        await (await a.GetAsync("api/access/me", key)).JsonAsync(200); // remembered by a
        await (await b.SendAsync(HttpMethod.Delete, "api/access/keys/" + created.Value<string>("id"), ApiServer.AdminKey)).JsonAsync(204);
        await (await b.GetAsync("api/access/me", key)).ProblemAsync(401);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await (await a.GetAsync("api/access/me", key)).ProblemAsync(401);
    }

    /// <summary>A clock the test moves; the caches' own lifetimes follow the machine's clock, so a jump does not empty them.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks = DateTimeOffset.UtcNow.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
    }
}
