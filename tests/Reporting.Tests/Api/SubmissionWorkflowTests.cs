using Newtonsoft.Json.Linq;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class SubmissionWorkflowTests : IAsyncLifetime
{
    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "LAO");

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task Whole_workflow_draft_submit_return_edit_resubmit_accept_is_recorded_in_history()
    {
        var path = Samples.SubmissionPath(2024, "THA");
        var created = await api.PutAsync(path, api.Keys["THA"], Samples.Submission());
        var draft = await created.JsonAsync(201);
        Assert.Equal("draft", draft.Value<string>("status"));
        Assert.Equal("\"r1\"", created.Headers.ETag?.ToString());
        Assert.EndsWith(path, created.Headers.Location?.ToString());

        var edited = await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 5), ifMatch: "\"r1\"");
        Assert.Equal(5, (await edited.JsonAsync(200))["values"]!["5.1.1"]!.Value<int>("value"));

        var submitted = await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r2\"")).JsonAsync(200);
        Assert.Equal("submitted", submitted.Value<string>("status"));

        var underReview = await api.PutAsync(path, api.Keys["THA"], Samples.Submission(), ifMatch: "\"r3\"");
        await underReview.ProblemAsync(409, "under-review");

        var returned = await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "return", comment = "Please add the 2024 seminar count." }, ifMatch: "\"r3\"")).JsonAsync(200);
        Assert.Equal("returned", returned.Value<string>("status"));
        Assert.Equal("Please add the 2024 seminar count.", returned.Value<string>("reviewComment"));

        var seen = await (await api.GetAsync(path, api.Keys["THA"])).JsonAsync(200);
        Assert.Equal("Please add the 2024 seminar count.", seen.Value<string>("reviewComment"));

        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 6), ifMatch: "\"r4\"")).JsonAsync(200);
        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r5\"")).JsonAsync(200);
        var accepted = await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r6\"")).JsonAsync(200);
        Assert.Equal("accepted", accepted.Value<string>("status"));

        var locked = await api.PutAsync(path, api.Keys["THA"], Samples.Submission(), ifMatch: "\"r7\"");
        await locked.ProblemAsync(409, "accepted");
        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r7\"")).ProblemAsync(409, "accepted");

        var history = await (await api.GetAsync(path + "/history", api.Keys["THA"])).JsonAsync(200);
        var entries = (JArray)history["entries"]!;
        Assert.Equal(["created", "updated", "submitted", "returned", "updated", "submitted", "accepted"], entries.Select(e => e.Value<string>("action")));
        Assert.Equal(Enumerable.Range(1, 7), entries.Select(e => e.Value<int>("revision")));
        Assert.Contains("/values/5.1.1", entries[1]["changes"]!.Values<string>());
        Assert.Equal("Please add the 2024 seminar count.", entries[3].Value<string>("comment"));
        Assert.Equal("returned", entries[3].Value<string>("toStatus"));
    }

    [Fact]
    public async Task Put_existing_submission_without_If_Match_returns_428_and_stale_returns_412()
    {
        var path = Samples.SubmissionPath(2023, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission())).JsonAsync(201);

        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 9))).ProblemAsync(428, "if-match-required");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 9), ifMatch: "\"r0\"")).ProblemAsync(412, "stale");

        var current = await (await api.GetAsync(path, api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(3, current["values"]!["5.1.1"]!.Value<int>("value"));
        Assert.Equal(1, current.Value<int>("revision"));
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_If_Match_let_exactly_one_win()
    {
        var path = Samples.SubmissionPath(2022, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission())).JsonAsync(201);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 10 + i), ifMatch: "\"r1\"")));
        Assert.Equal(1, attempts.Count(r => (int)r.StatusCode == 200));
        Assert.Equal(7, attempts.Count(r => (int)r.StatusCode == 412));
        var history = await (await api.GetAsync(path + "/history", api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(2, ((JArray)history["entries"]!).Count);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_answer_and_refuses_a_different_body_with_422()
    {
        var path = Samples.SubmissionPath(2021, "THA");
        var first = await api.PutAsync(path, api.Keys["THA"], Samples.Submission(), idempotencyKey: "retry-abc-1");
        var firstBody = await first.JsonAsync(201);
        var again = await api.PutAsync(path, api.Keys["THA"], Samples.Submission(), idempotencyKey: "retry-abc-1");
        var againBody = await again.JsonAsync(201);
        Assert.Equal(firstBody.ToString(), againBody.ToString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());

        var other = await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 8), idempotencyKey: "retry-abc-1");
        await other.ProblemAsync(422, "idempotency-key-reused");

        var history = await (await api.GetAsync(path + "/history", api.Keys["THA"])).JsonAsync(200);
        Assert.Single((JArray)history["entries"]!);
    }

    [Fact]
    public async Task Thai_and_Lao_narratives_round_trip_byte_for_byte()
    {
        var path = Samples.SubmissionPath(2024, "LAO");
        await (await api.PutAsync(path, api.Keys["LAO"], Samples.Submission())).JsonAsync(201);
        var response = await api.GetAsync(path, api.Keys["LAO"]);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var thai = System.Text.Encoding.UTF8.GetBytes(Samples.ThaiNarrative);
        var lao = System.Text.Encoding.UTF8.GetBytes(Samples.LaoNarrative);
        Assert.True(bytes.AsSpan().IndexOf(thai) >= 0, "Thai narrative bytes not found in the response");
        Assert.True(bytes.AsSpan().IndexOf(lao) >= 0, "Lao narrative bytes not found in the response");
        var body = await response.JsonAsync(200);
        Assert.Equal(Samples.ThaiNarrative, body["values"]!["5.1.1"]!.Value<string>("narrative"));
    }

    [Fact]
    public async Task Submit_of_an_empty_draft_is_refused_naming_values()
    {
        var path = Samples.SubmissionPath(2024, "VNM");
        await (await api.PutAsync(path, api.Keys["VNM"], new { values = new { }, narrative = "Chưa có số liệu" })).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", api.Keys["VNM"], ifMatch: "\"r1\"")).ProblemAsync(400, "validation", "/values");
    }

    [Fact]
    public async Task Review_of_a_draft_returns_409_not_submitted_and_return_needs_a_comment()
    {
        var path = Samples.SubmissionPath(2023, "VNM");
        await (await api.PutAsync(path, api.Keys["VNM"], Samples.Submission())).JsonAsync(201);
        await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r1\"")).ProblemAsync(409, "not-submitted");
        await (await api.PostAsync(path + "/submit", api.Keys["VNM"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "return" }, ifMatch: "\"r2\"")).ProblemAsync(400, "validation", "/comment");
        await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "maybe" }, ifMatch: "\"r2\"")).ProblemAsync(400, "validation", "/decision");
    }
}
