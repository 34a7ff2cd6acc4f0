using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Access;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>
/// Access per sectoral body and plan: assignments for keys and people, the upgrade from keys and app roles of before,
/// forged, revoked and expired credentials, and what observers see and say. The access matrix covers every endpoint;
/// these follow the stories behind it.
/// </summary>
public sealed class ScopedAccessTests : IAsyncLifetime
{
    private const string Somswd = Samples.Plan;
    private const string Slom = Samples.OtherBodyPlan;
    private static readonly string[] User = ["Reporting.User"];

    private ApiServer api = null!;
    private string Admin => ApiServer.AdminKey;

    public async Task InitializeAsync() =>
        api = await (await ApiServer.StartAsync(settings: new() { ["Access:TrustAppServiceAuthentication"] = "true" })).WithKeysAsync("THA", "VNM");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<string> KeyAsync(object body) =>
        (await (await api.PostAsync("api/access/keys", Admin, body)).JsonAsync(201)).Value<string>("key")!;

    private Task<HttpResponseMessage> AsPerson(HttpMethod method, string path, Dictionary<string, string> person, object? body = null, string? ifMatch = null) =>
        api.SendAsync(method, path, null, body, ifMatch, headers: person);

    private async Task<(string Oid, string AssignmentId)> AssignAsync(object assignment)
    {
        var created = await (await api.PostAsync("api/access/assignments", Admin, assignment)).JsonAsync(201);
        return (created.Value<string>("principalId")!, created.Value<string>("id")!);
    }

    [Fact]
    public async Task A_key_row_written_before_scopes_still_works_for_every_plan_as_an_all_scope_assignment()
    {
        // Exactly the columns the API wrote before this change: no Scope.
        const string secret = "written-by-the-previous-release-0123456789";
        await api.Services.GetRequiredService<ReportingTables>().ApiKeys.AddEntityAsync(new TableEntity("key", "0123456789abcdef")
        {
            ["Hash"] = ApiKeyStore.Hash(secret), ["Role"] = "FocalPoint", ["State"] = "LAO", ["Label"] = "Lao MoLSW (2025 key)",
            ["CreatedAt"] = DateTimeOffset.UtcNow.AddYears(-1), ["CreatedBy"] = "bootstrap-admin", ["ExpiresAt"] = null, ["Revoked"] = false,
        });
        var key = $"rk_0123456789abcdef_{secret}";

        var me = await (await api.GetAsync("api/access/me", key)).JsonAsync(200);
        Assert.Equal("focalPoint", me.Value<string>("role"));
        Assert.Equal("LAO", me.Value<string>("state"));
        Assert.True(me["assignments"]![0]!["scope"]!.Value<bool>("all"));
        Assert.Equal([Slom, Somswd], me["plans"]!.Select(p => p.Value<string>("id")).Order(StringComparer.Ordinal));
        await (await api.PutAsync($"api/plans/{Somswd}/years/2024/submissions/LAO", key, Samples.Submission())).JsonAsync(201);
        await (await api.PutAsync($"api/plans/{Slom}/years/2024/submissions/LAO", key, Samples.OtherBodySubmission())).JsonAsync(201);
        await (await api.GetAsync($"api/plans/{Somswd}/years/2024/submissions/THA", key)).ProblemAsync(403);

        var listed = (await (await api.GetAsync("api/access/keys", Admin)).JsonTokenAsync(200)).Single(k => k.Value<string>("id") == "0123456789abcdef");
        Assert.True(listed["scope"]!.Value<bool>("all"));
    }

    [Fact]
    public async Task App_roles_from_before_assignments_still_work_and_stop_when_the_setting_is_off()
    {
        var secretariat = Principals.Headers(Principals.NewObjectId(), "asec@asean.example", ["Reporting.Secretariat"]);
        var thai = Principals.Headers(Principals.NewObjectId(), "msdhs@example.go.th", ["Reporting.FocalPoint.THA"]);
        await (await AsPerson(HttpMethod.Get, $"api/plans/{Slom}/years/2024/submissions", secretariat)).JsonAsync(200);
        await (await AsPerson(HttpMethod.Put, $"api/plans/{Slom}/years/2024/submissions/THA", thai, Samples.OtherBodySubmission())).JsonAsync(201);
        await (await AsPerson(HttpMethod.Get, $"api/plans/{Slom}/years/2024/submissions/VNM", thai)).ProblemAsync(403);

        await using var migrated = await ApiServer.StartAsync(settings: new()
        {
            ["Access:TrustAppServiceAuthentication"] = "true", ["Access:LegacyAppRoles"] = "false",
        });
        var refused = await (await migrated.SendAsync(HttpMethod.Get, "api/plans", null, headers: secretariat)).ProblemAsync(403, "forbidden");
        Assert.Contains("no reporting role", refused.Value<string>("detail"));
    }

    [Fact]
    public async Task A_person_admitted_by_Reporting_User_does_what_their_assignment_says_until_it_is_revoked()
    {
        var (oid, id) = await AssignAsync(new
        {
            principalId = Principals.NewObjectId().ToUpperInvariant(), name = "Desk officer, social welfare", email = "desk@asean.example",
            role = "secretariat", scope = new { bodies = new[] { "SOMSWD" } },
        });
        Assert.Equal(oid, oid.ToLowerInvariant()); // stored as Entra shows it in tokens
        var person = Principals.Headers(oid, "desk@asean.example", User);

        var me = await (await AsPerson(HttpMethod.Get, "api/access/me", person)).JsonAsync(200);
        Assert.Equal("secretariat", me.Value<string>("role"));
        Assert.Equal("appServiceAuthentication", me.Value<string>("authentication"));
        Assert.Equal(["SOMSWD"], me["assignments"]![0]!["scope"]!["bodies"]!.Values<string>());
        Assert.Equal([Somswd], me["plans"]!.Select(p => p.Value<string>("id")));
        Assert.Equal("secretariat", me["plans"]![0]!.Value<string>("access"));
        await (await AsPerson(HttpMethod.Get, $"api/plans/{Somswd}/years/2024/submissions", person)).JsonAsync(200);
        await (await AsPerson(HttpMethod.Get, $"api/plans/{Slom}/years/2024/submissions", person)).ProblemAsync(404);
        var plans = await (await AsPerson(HttpMethod.Get, "api/plans", person)).JsonTokenAsync(200);
        Assert.Equal([Somswd], plans.Select(p => p.Value<string>("id")));

        // The same row without the admitting app role admits nobody.
        var notAdmitted = Principals.Headers(oid, "desk@asean.example", ["Some.Other.Role"]);
        await (await AsPerson(HttpMethod.Get, "api/plans", notAdmitted)).ProblemAsync(403);

        await (await api.SendAsync(HttpMethod.Delete, $"api/access/assignments/{oid}/{id}", Admin)).JsonAsync(204);
        var withdrawn = await (await AsPerson(HttpMethod.Get, "api/plans", person)).ProblemAsync(403, "forbidden");
        Assert.Contains("withdrawn", withdrawn.Value<string>("detail"));
        var listed = (await (await api.GetAsync("api/access/assignments", Admin)).JsonTokenAsync(200)).Single(a => a.Value<string>("id") == id);
        Assert.True(listed.Value<bool>("revoked"));
        Assert.Equal("Desk officer, social welfare", listed.Value<string>("name"));
        await (await api.SendAsync(HttpMethod.Delete, $"api/access/assignments/{oid}/0000000000000000", Admin)).ProblemAsync(404);
    }

    [Fact]
    public async Task Signed_in_people_with_no_live_assignment_are_told_so_and_forged_principals_are_refused()
    {
        var oid = Principals.NewObjectId();
        var unassigned = await (await AsPerson(HttpMethod.Get, "api/access/me", Principals.Headers(oid, "new@example.org", User))).ProblemAsync(403, "forbidden");
        Assert.Contains(oid, unassigned.Value<string>("detail")); // what to tell the administrator

        var expiring = Principals.NewObjectId();
        await api.Services.GetRequiredService<AssignmentStore>().CreateAsync(expiring, Role.Observer, null, new AccessScope { Bodies = ["SOMSWD"] },
            "Temporary monitor", null, DateTimeOffset.UtcNow.AddSeconds(-1), "tests", default);
        var ended = await (await AsPerson(HttpMethod.Get, "api/plans", Principals.Headers(expiring, "temp@example.org", User))).ProblemAsync(403);
        Assert.Contains("ended on", ended.Value<string>("detail"));

        // The platform's id header and the token's object id must agree; a principal that is not base64 JSON is not read.
        var (holder, _) = await AssignAsync(new { principalId = Principals.NewObjectId(), name = "Admin-like", role = "secretariat", scope = new { all = true } });
        var forged = Principals.Headers(Principals.NewObjectId(), "forger@example.org", ["Reporting.User", "Reporting.Admin"], idHeader: holder);
        await (await AsPerson(HttpMethod.Get, "api/access/me", forged)).ProblemAsync(401, "unauthenticated");
        await (await AsPerson(HttpMethod.Get, "api/access/me", new() { ["X-MS-CLIENT-PRINCIPAL"] = "not base64 %%%" })).ProblemAsync(401);
        await (await AsPerson(HttpMethod.Get, "api/access/me", new() { ["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String("[1,2]"u8.ToArray()) })).ProblemAsync(401);

        // With the setting off, the header means nothing at all, whatever it claims.
        await using var untrusted = await ApiServer.StartAsync();
        await (await untrusted.SendAsync(HttpMethod.Get, "api/access/assignments", null, headers: Principals.Headers(holder, "x", ["Reporting.Admin"]))).ProblemAsync(401);
    }

    [Fact]
    public async Task Assignments_and_keys_naming_an_unknown_body_plan_or_state_are_refused_and_nothing_is_stored()
    {
        var before = (await (await api.GetAsync("api/access/assignments", Admin)).JsonTokenAsync(200)).Count();
        var oid = Principals.NewObjectId();
        async Task Refused(object body, string pointer)
        {
            await (await api.PostAsync("api/access/assignments", Admin, body)).ProblemAsync(400, "validation", pointer);
            var asKey = JObject.FromObject(body);
            asKey.Remove("principalId");
            asKey.Remove("name");
            asKey["label"] = "x";
            if (pointer is not ("/principalId" or "/name")) await (await api.PostAsync("api/access/keys", Admin, asKey)).ProblemAsync(400, "validation", pointer);
        }
        await Refused(new { principalId = oid, name = "n", role = "secretariat", scope = new { bodies = new[] { "SOMSWD", "SOMTEST" } } }, "/scope/bodies/1");
        await Refused(new { principalId = oid, name = "n", role = "observer", scope = new { plans = new[] { "no-such-plan" } } }, "/scope/plans/0");
        await Refused(new { principalId = oid, name = "n", role = "focalPoint", state = "XYZ", scope = new { bodies = new[] { "SOMSWD" } } }, "/state");
        await Refused(new { principalId = oid, name = "n", role = "focalPoint", state = "THA" }, "/scope");
        await Refused(new { principalId = oid, name = "n", role = "observer", scope = new { } }, "/scope");
        await Refused(new { principalId = oid, name = "n", role = "observer", scope = new { all = true, bodies = new[] { "SOMSWD" } } }, "/scope");
        await Refused(new { principalId = oid, name = "n", role = "admin", scope = new { bodies = new[] { "SOMSWD" } } }, "/scope");
        await Refused(new { principalId = oid, name = "n", role = "secretariat", state = "THA", scope = new { all = true } }, "/state");
        await Refused(new { principalId = "not-a-guid", name = "n", role = "observer", scope = new { all = true } }, "/principalId");
        await Refused(new { principalId = oid, role = "observer", scope = new { all = true } }, "/name");
        await (await api.PostAsync("api/access/assignments", Admin, new { principalId = oid, name = "n", role = "observer", scope = new { bodies = "SOMSWD" } })).ProblemAsync(400);
        Assert.Equal(before, (await (await api.GetAsync("api/access/assignments", Admin)).JsonTokenAsync(200)).Count());

        // One person reports for one member state.
        await AssignAsync(new { principalId = oid, name = "Focal", role = "focalPoint", state = "THA", scope = new { bodies = new[] { "SOMSWD" } } });
        await AssignAsync(new { principalId = oid, name = "Focal", role = "focalPoint", state = "THA", scope = new { bodies = new[] { "SLOM" } } });
        await (await api.PostAsync("api/access/assignments", Admin, new { principalId = oid, name = "Focal", role = "focalPoint", state = "VNM", scope = new { all = true } }))
            .ProblemAsync(409, "other-state", "/state");
    }

    [Fact]
    public async Task The_secretariat_desk_of_one_body_cannot_review_lock_window_report_or_aggregate_another_bodys_plan()
    {
        var desk = await KeyAsync(new { role = "secretariat", label = "SOMSWD desk", scope = new { bodies = new[] { "SOMSWD" } } });
        var slom = $"api/plans/{Slom}/years/2024/submissions/THA";
        await (await api.PutAsync(slom, api.Keys["THA"], Samples.OtherBodySubmission())).JsonAsync(201);
        await (await api.PostAsync(slom + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);

        await (await api.PostAsync(slom + "/review", desk, new { decision = "accept" }, ifMatch: "\"r2\"")).ProblemAsync(404);
        await (await api.PostAsync(slom + "/lock-exception", desk, new { until = DateTimeOffset.UtcNow.AddDays(3), reason = "x" })).ProblemAsync(404);
        await (await api.PutAsync($"api/plans/{Slom}/years/2024/window", desk, new { locks = "2024-06-01T00:00:00Z" })).ProblemAsync(404);
        await (await api.PostAsync($"api/plans/{Slom}/reports", desk, new { kind = "annual", year = 2024 })).ProblemAsync(404);
        Assert.Equal("submitted", (await (await api.GetAsync(slom, Admin)).JsonAsync(200)).Value<string>("status"));

        // Its aggregation run covers its own body's plans; the other body's stays waiting for the timer (or its own desk).
        await (await api.PutAsync(Samples.SubmissionPath(2024, "THA"), api.Keys["THA"], Samples.Submission())).JsonAsync(201);
        await (await api.PostAsync(Samples.SubmissionPath(2024, "THA") + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);
        var run = await (await api.PostAsync("api/jobs/aggregate-progress/run", desk)).JsonAsync(200);
        var done = run["planYears"]!.Values<string>().ToList();
        Assert.Contains($"{Somswd}/2024", done);
        Assert.DoesNotContain(done, d => d!.StartsWith(Slom, StringComparison.Ordinal));
        Assert.True((await (await api.GetAsync($"api/plans/{Slom}/summary?year=2024", Admin)).JsonAsync(200)).Value<bool>("stale"));
        var full = await (await api.PostAsync("api/jobs/aggregate-progress/run?full=true", desk)).JsonAsync(200);
        Assert.DoesNotContain(full["planYears"]!.Values<string>(), d => d!.StartsWith(Slom, StringComparison.Ordinal));
        var adminRun = await (await api.PostAsync("api/jobs/aggregate-progress/run", Admin)).JsonAsync(200);
        Assert.Contains($"{Slom}/2024", adminRun["planYears"]!.Values<string>());
    }

    [Fact]
    public async Task An_observer_reads_final_figures_completeness_and_final_reports_and_nothing_else()
    {
        var observer = await KeyAsync(new { role = "observer", label = "Disability rights network", scope = new { bodies = new[] { "SOMSWD" } } });
        // THA accepted, VNM submitted (provisional), LAO a draft with a marked narrative.
        var tha = Samples.SubmissionPath(2024, "THA");
        await (await api.PutAsync(tha, api.Keys["THA"], Samples.Submission(policies: 3))).JsonAsync(201);
        await (await api.PostAsync(tha + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PostAsync(tha + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r2\"")).JsonAsync(200);
        var vnm = Samples.SubmissionPath(2024, "VNM");
        await (await api.PutAsync(vnm, api.Keys["VNM"], Samples.Submission(policies: 40))).JsonAsync(201);
        await (await api.PostAsync(vnm + "/submit", api.Keys["VNM"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PutAsync(Samples.SubmissionPath(2024, "LAO"), Admin, Samples.Submission(narrative: "DRAFT-ONLY-MARK"))).JsonAsync(201);
        await (await api.PostAsync("api/jobs/aggregate-progress/run", Admin)).JsonAsync(200);

        var summary = await (await api.GetAsync($"api/plans/{Somswd}/summary?year=2024", observer)).JsonAsync(200);
        Assert.Equal("observer", summary.Value<string>("scope"));
        var policies = summary["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1");
        Assert.Equal(3m, policies["regional"]!.Value<decimal>("value")); // THA's accepted 3, not 43 with VNM's provisional 40
        Assert.Equal(1, policies["regional"]!.Value<int>("statesCounted"));
        Assert.False(policies.Value<bool>("provisional"));
        Assert.Equal(["THA"], policies["byState"]!.Select(s => s.Value<string>("state")));
        Assert.Null(summary["activities"]);
        var secretariatView = await (await api.GetAsync($"api/plans/{Somswd}/summary?year=2024", api.Keys["secretariat"])).JsonAsync(200);
        Assert.Equal(43m, secretariatView["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1")["regional"]!.Value<decimal>("value"));
        var csv = await (await api.GetAsync($"api/plans/{Somswd}/summary?year=2024&format=csv&view=states", observer)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("VNM", csv);
        var completeness = await (await api.GetAsync($"api/plans/{Somswd}/completeness?year=2024", observer)).JsonAsync(200);
        Assert.Equal(1, completeness["years"]![0]!.Value<int>("accepted"));

        foreach (var path in new[] { tha, vnm, tha + "/history", $"api/plans/{Somswd}/years/2024/submissions", $"api/plans/{Somswd}/pending?year=2024",
                     $"api/plans/{Somswd}/years/2024/template?state=THA", $"api/plans/{Somswd}/years/2024/template" })
        {
            var refused = await (await api.GetAsync(path, observer)).ProblemAsync(403, "forbidden");
            Assert.DoesNotContain("DRAFT-ONLY-MARK", refused.ToString());
        }
        await (await api.PostAsync(tha + "/import?dryRun=true", observer, Samples.Submission())).ProblemAsync(403);
        await (await api.GetAsync($"api/plans/{Slom}/summary", observer)).ProblemAsync(404);

        // Reports: an interim one (2024 has provisional figures) is invisible; a final one (2023, locked, nothing provisional) opens.
        var interim = await (await api.PostAsync($"api/plans/{Somswd}/reports", Admin, new { kind = "annual", year = 2024 })).JsonAsync(202);
        Assert.True(interim.Value<bool>("interim"));
        await (await api.PutAsync($"api/plans/{Somswd}/years/2023/window", Admin, new { locks = "2024-06-01T00:00:00Z" })).JsonAsync(200);
        var final = await (await api.PostAsync($"api/plans/{Somswd}/reports", Admin, new { kind = "annual", year = 2023 })).JsonAsync(202);
        Assert.False(final.Value<bool>("interim"));
        var listed = await (await api.GetAsync($"api/plans/{Somswd}/reports", observer)).JsonTokenAsync(200);
        Assert.Equal([final.Value<string>("reportId")], listed.Select(r => r.Value<string>("reportId")));
        await (await api.GetAsync($"api/plans/{Somswd}/reports/{interim.Value<string>("reportId")}/report.html", observer)).ProblemAsync(404);
        Assert.Equal(200, (int)(await api.GetAsync($"api/plans/{Somswd}/reports/{final.Value<string>("reportId")}/report.html", observer)).StatusCode);
    }

    [Fact]
    public async Task An_observers_comment_is_stored_with_the_report_version_seen_by_the_secretariat_and_answered()
    {
        var network = await KeyAsync(new { role = "observer", label = "ASEAN Disability Forum", scope = new { plans = new[] { Somswd } } });
        var otherNetwork = await KeyAsync(new { role = "observer", label = "Older persons' network", scope = new { bodies = new[] { "SOMSWD" } } });
        var desk = await KeyAsync(new { role = "secretariat", label = "SOMSWD desk", scope = new { bodies = new[] { "SOMSWD" } } });
        await (await api.PutAsync($"api/plans/{Somswd}/years/2023/window", Admin, new { locks = "2024-06-01T00:00:00Z" })).JsonAsync(200);
        var report = (await (await api.PostAsync($"api/plans/{Somswd}/reports", Admin, new { kind = "annual", year = 2023 })).JsonAsync(202)).Value<string>("reportId")!;
        var interim = (await (await api.PostAsync($"api/plans/{Somswd}/reports", Admin, new { kind = "annual", year = 2024 })).JsonAsync(202)).Value<string>("reportId")!;
        var path = $"api/plans/{Somswd}/comments/{report}";

        const string text = "ข้อ 5.1.2: ไม่มีการหารือกับองค์กรคนพิการ <script>alert(1)</script> & \"quotes\"";
        var comment = await (await api.PostAsync(path, network, new { text }, idempotencyKey: "c-1")).JsonAsync(201);
        Assert.Equal(text, comment.Value<string>("text")); // stored exactly; the pages set it as text
        Assert.True(comment.Value<bool>("mine"));
        Assert.Equal("observer", comment.Value<string>("role"));
        var replay = await api.PostAsync(path, network, new { text }, idempotencyKey: "c-1");
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await (await api.PostAsync(path, otherNetwork, new { text = "Older persons were not consulted." })).JsonAsync(201);

        // Each observer sees their own thread only; the desk sees both and answers one.
        var own = await (await api.GetAsync(path, network)).JsonAsync(200);
        Assert.Equal([text], own["entries"]!.Select(e => e.Value<string>("text")));
        var deskView = await (await api.GetAsync(path, desk)).JsonAsync(200);
        Assert.Equal(2, deskView["entries"]!.Count());
        Assert.All(deskView["entries"]!, e => Assert.False(e.Value<bool>("answered")));
        var reports = await (await api.GetAsync($"api/plans/{Somswd}/reports", desk)).JsonTokenAsync(200);
        Assert.Equal(2, reports.Single(r => r.Value<string>("reportId") == report).Value<int>("unanswered"));

        await (await api.PostAsync(path, desk, new { text = "Noted." })).ProblemAsync(400, "validation", "/replyTo");
        await (await api.PostAsync(path, desk, new { text = "Noted.", replyTo = "0000000000000000000-00000000" })).ProblemAsync(400, "validation", "/replyTo");
        const string answer = "ขอบคุณครับ: the 2024 report will list the GO-NGO Forum consultation.";
        await (await api.PostAsync(path, desk, new { text = answer, replyTo = comment.Value<string>("id") })).JsonAsync(201);

        own = await (await api.GetAsync(path, network)).JsonAsync(200);
        Assert.Equal([text, answer], own["entries"]!.Select(e => e.Value<string>("text")));
        Assert.True(own["entries"]![0]!.Value<bool>("answered"));
        Assert.Equal("secretariat", own["entries"]![1]!.Value<string>("role"));
        var theirs = await (await api.GetAsync(path, otherNetwork)).JsonAsync(200);
        Assert.DoesNotContain(answer, theirs.ToString());
        var listed = await (await api.GetAsync($"api/plans/{Somswd}/reports", network)).JsonTokenAsync(200);
        Assert.Equal(1, listed.Single(r => r.Value<string>("reportId") == report).Value<int>("comments"));
        Assert.Equal(0, listed.Single(r => r.Value<string>("reportId") == report).Value<int>("unanswered"));

        // Observers start comments; nobody comments on what they cannot see; focal points are not part of it.
        await (await api.PostAsync(path, network, new { text = "More.", replyTo = comment.Value<string>("id") })).ProblemAsync(400, "validation", "/replyTo");
        await (await api.PostAsync(path, network, new { text = " " })).ProblemAsync(400, "validation", "/text");
        await (await api.PostAsync(path, network, new { text = new string('ก', 4001) })).ProblemAsync(400, "validation", "/text");
        await (await api.PostAsync(path, network, new { text = "bell\u0007" })).ProblemAsync(400, "validation", "/text");
        await (await api.PostAsync($"api/plans/{Somswd}/comments/{interim}", network, new { text = "x" })).ProblemAsync(404);
        await (await api.GetAsync($"api/plans/{Somswd}/comments/{interim}", desk)).JsonAsync(200);
        await (await api.PostAsync(path, api.Keys["THA"], new { text = "x" })).ProblemAsync(403);
        await (await api.GetAsync($"api/plans/{Slom}/comments/{report}", network)).ProblemAsync(404);
        Assert.Equal(3, (await (await api.GetAsync(path, desk)).JsonAsync(200))["entries"]!.Count());
    }
}
