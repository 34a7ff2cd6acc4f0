using System.Net;
using Newtonsoft.Json.Linq;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>
/// PUT .../submissions/{state} with Prefer: handling=lenient (RFC 7240): the valid parts are stored, the rest named with their
/// pointer and recorded in the history; strict without the header; submit always strict; replays with Idempotency-Key.
/// </summary>
public sealed class LenientSaveTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Lenient = new() { ["Prefer"] = "handling=lenient" };

    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "LAO", "VNM", "PHL", "KHM");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private Task<HttpResponseMessage> PutLenientAsync(string path, string key, object body, string? ifMatch = null, string? idempotencyKey = null) =>
        api.SendAsync(HttpMethod.Put, path, key, body, ifMatch, idempotencyKey, Lenient);

    /// <summary>5.2.1 invalid (numerator above denominator), 5.2.6's Thai narrative and 5.1.2 valid, activity 2 without an outcome.</summary>
    private static JObject MixedBody(string numerator = "200") => JObject.Parse($$"""
        {
          "values": {
            "5.1.2": { "value": 4 },
            "5.2.1": { "numerator": {{numerator}}, "denominator": 120 },
            "5.2.6": { "narrative": "{{Samples.ThaiNarrative}}" }
          },
          "narrative": "Overall progress",
          "activities": [
            { "title": "ASEAN GO-NGO Forum", "outcome": "3.2.4", "importance": 3 },
            { "title": "Training of child-protection officers", "importance": 2 }
          ]
        }
        """);

    [Fact]
    public async Task Lenient_put_stores_the_valid_parts_and_names_each_left_out_entry_with_its_pointer()
    {
        var path = Samples.SubmissionPath(2024, "THA");
        var response = await PutLenientAsync(path, api.Keys["THA"], MixedBody());
        var saved = await response.JsonAsync(201);

        Assert.Equal("handling=lenient", response.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal("\"r1\"", response.Headers.ETag?.ToString());
        var leftOut = (JArray)saved["leftOut"]!;
        Assert.Equal(["/values/5.2.1/numerator", "/activities/1/outcome"], leftOut.Select(e => e.Value<string>("pointer")));
        Assert.Contains("must not exceed the denominator", leftOut[0].Value<string>("message"));
        Assert.Equal("exceeds-denominator", leftOut[0].Value<string>("code"));
        Assert.Equal("required", leftOut[1].Value<string>("code"));

        var stored = await (await api.GetAsync(path, api.Keys["THA"])).JsonAsync(200);
        Assert.Null(stored["leftOut"]);
        Assert.Equal(4, stored["values"]!["5.1.2"]!.Value<int>("value"));
        Assert.Equal(Samples.ThaiNarrative, stored["values"]!["5.2.6"]!.Value<string>("narrative"));
        Assert.Null(stored["values"]!["5.2.1"]);
        Assert.Equal("Overall progress", stored.Value<string>("narrative"));
        Assert.Equal(["ASEAN GO-NGO Forum"], ((JArray)stored["activities"]!).Select(a => a.Value<string>("title")));
    }

    [Fact]
    public async Task A_left_out_indicator_keeps_the_figures_stored_before_and_the_history_records_what_was_left_out()
    {
        var path = Samples.SubmissionPath(2024, "LAO");
        var key = api.Keys["LAO"];
        await (await PutLenientAsync(path, key, MixedBody(numerator: "45"))).JsonAsync(201);

        // Now 5.2.1 goes wrong, the overall narrative has a control character, and 5.1.2 has a wrong type.
        var body = MixedBody();
        body["narrative"] = "bad \u0001 text";
        body["values"]!["5.1.2"]!["value"] = "four";
        body["values"]!["5.1.1"] = JObject.Parse("""{ "value": 3 }""");
        var saved = await (await PutLenientAsync(path, key, body, ifMatch: "\"r1\"")).JsonAsync(200);

        Assert.Equal(["/values/5.1.2/value", "/values/5.2.1/numerator", "/narrative", "/activities/1/outcome"],
            ((JArray)saved["leftOut"]!).Select(e => e.Value<string>("pointer")));
        Assert.Equal(45, saved["values"]!["5.2.1"]!.Value<int>("numerator")); // the figures saved before stay
        Assert.Equal(4, saved["values"]!["5.1.2"]!.Value<int>("value"));
        Assert.Equal(3, saved["values"]!["5.1.1"]!.Value<int>("value")); // the new valid entry is stored
        Assert.Equal("Overall progress", saved.Value<string>("narrative"));

        var history = (JArray)(await (await api.GetAsync(path + "/history", key)).JsonAsync(200))["entries"]!;
        Assert.Equal(2, history.Count);
        Assert.Equal(["/activities/1/outcome"], ((JArray)history[0]["leftOut"]!).Select(e => e.Value<string>("pointer")));
        var last = history[1];
        Assert.Equal("updated", last.Value<string>("action"));
        Assert.Equal("Test focal point LAO", last.Value<string>("byName"));
        var recorded = ((JArray)last["leftOut"]!).Select(e => e.Value<string>("pointer")).ToList();
        Assert.Contains("/values/5.2.1/numerator", recorded);
        Assert.Contains("/narrative", recorded);
        Assert.Contains("/activities/1/outcome", recorded);
        Assert.Contains("/values/5.1.1", last["changes"]!.Values<string>());
        Assert.DoesNotContain("/values/5.2.1", last["changes"]!.Values<string>());
    }

    [Fact]
    public async Task Without_the_header_a_put_stays_strict_and_stores_nothing()
    {
        var path = Samples.SubmissionPath(2024, "VNM");
        var refused = await api.PutAsync(path, api.Keys["VNM"], MixedBody());
        await refused.ProblemAsync(400, "validation", "/values/5.2.1/numerator");
        Assert.False(refused.Headers.Contains("Preference-Applied"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(path, api.Keys["VNM"])).StatusCode);

        // handling=strict is the default, said out loud.
        var strict = await api.SendAsync(HttpMethod.Put, path, api.Keys["VNM"], MixedBody(), headers: new Dictionary<string, string> { ["Prefer"] = "handling=strict" });
        await strict.ProblemAsync(400, "validation");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(path, api.Keys["VNM"])).StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_a_submission_is_refused_even_when_lenient()
    {
        var path = Samples.SubmissionPath(2024, "PHL");
        await (await PutLenientAsync(path, api.Keys["PHL"], "{\"values\": [], \"narrative\": \"x\"}")).ProblemAsync(400, pointer: "/values");
        await (await PutLenientAsync(path, api.Keys["PHL"], "{\"values\": {}, \"extra\": 1}")).ProblemAsync(400, pointer: "/extra");
        await (await PutLenientAsync(path, api.Keys["PHL"], "{\"values\": {")).ProblemAsync(400);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(path, api.Keys["PHL"])).StatusCode);

        // Workflow and concurrency rules are not relaxed: an existing submission still needs If-Match.
        await (await PutLenientAsync(path, api.Keys["PHL"], MixedBody())).JsonAsync(201);
        await (await PutLenientAsync(path, api.Keys["PHL"], MixedBody())).ProblemAsync(428);
        await (await PutLenientAsync(path, api.Keys["PHL"], MixedBody(), ifMatch: "\"r9\"")).ProblemAsync(412);
    }

    [Fact]
    public async Task Submit_is_always_strict()
    {
        var path = Samples.SubmissionPath(2023, "THA");
        // Everything in this body has a problem: the draft is created empty, with all of it left out.
        var saved = await (await PutLenientAsync(path, api.Keys["THA"], "{\"values\": {\"5.2.1\": {\"numerator\": 5}}}")).JsonAsync(201);
        Assert.Empty((JObject)saved["values"]!);
        Assert.Single((JArray)saved["leftOut"]!);

        var submit = await api.SendAsync(HttpMethod.Post, path + "/submit", api.Keys["THA"], ifMatch: "\"r1\"", headers: Lenient);
        await submit.ProblemAsync(400, "validation", "/values");
        Assert.False(submit.Headers.Contains("Preference-Applied"));
        Assert.Equal("draft", (await (await api.GetAsync(path, api.Keys["THA"])).JsonAsync(200)).Value<string>("status"));
    }

    [Fact]
    public async Task A_returned_report_saves_leniently_and_stays_returned()
    {
        var path = Samples.SubmissionPath(2022, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission())).JsonAsync(201);
        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);
        await (await api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "return", comment = "Check 5.2.1." }, ifMatch: "\"r2\"")).JsonAsync(200);

        var saved = await (await PutLenientAsync(path, api.Keys["THA"], MixedBody(), ifMatch: "\"r3\"")).JsonAsync(200);
        Assert.Equal("returned", saved.Value<string>("status"));
        Assert.Equal(45, saved["values"]!["5.2.1"]!.Value<int>("numerator")); // the returned report's figure stays

        // A submitted report cannot change, leniently or not.
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(), ifMatch: "\"r4\"")).JsonAsync(200);
        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r5\"")).JsonAsync(200);
        await (await PutLenientAsync(path, api.Keys["THA"], MixedBody(), ifMatch: "\"r6\"")).ProblemAsync(409, "under-review");
    }

    [Fact]
    public async Task Idempotency_key_replays_the_lenient_answer_and_refuses_the_same_key_for_a_strict_request()
    {
        var path = Samples.SubmissionPath(2024, "KHM");
        var first = await PutLenientAsync(path, api.Keys["KHM"], MixedBody(), idempotencyKey: "lenient-1");
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var again = await PutLenientAsync(path, api.Keys["KHM"], MixedBody(), idempotencyKey: "lenient-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("handling=lenient", again.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());

        // The same key and body without the preference is another request.
        await (await api.PutAsync(path, api.Keys["KHM"], MixedBody(), idempotencyKey: "lenient-1")).ProblemAsync(422, "idempotency-key-reused");
        var history = (JArray)(await (await api.GetAsync(path + "/history", api.Keys["KHM"])).JsonAsync(200))["entries"]!;
        Assert.Single(history);
    }

    [Fact]
    public async Task A_lenient_save_with_thousands_of_wrong_entries_records_what_fits_and_how_many_more()
    {
        var path = Samples.SubmissionPath(2022, "VNM");
        var values = new JObject { ["5.1.1"] = JObject.Parse("""{ "value": 3 }""") };
        for (var i = 0; i < 3000; i++) values["no-such-indicator-\u0001-" + i] = JObject.Parse("""{ "value": 1 }""");
        var saved = await (await PutLenientAsync(path, api.Keys["VNM"], new JObject { ["values"] = values })).JsonAsync(201);
        Assert.Equal(3000, ((JArray)saved["leftOut"]!).Count);
        Assert.Equal(3, saved["values"]!["5.1.1"]!.Value<int>("value"));

        var line = ((JArray)(await (await api.GetAsync(path + "/history", api.Keys["VNM"])).JsonAsync(200))["entries"]!).Single();
        var recorded = (JArray)line["leftOut"]!;
        Assert.Equal("more", recorded[^1]!.Value<string>("code"));
        Assert.Equal($"and {3000 - (recorded.Count - 1)} more", recorded[^1]!.Value<string>("message"));
    }

    [Fact]
    public async Task Prefer_header_is_read_as_RFC_7240_says()
    {
        var path = Samples.SubmissionPath(2021, "THA");
        // Among other preferences, with parameters, in any case; the first mention of a preference counts.
        var saved = await api.SendAsync(HttpMethod.Put, path, api.Keys["THA"], MixedBody(), headers: new Dictionary<string, string> { ["Prefer"] = "return=representation, Handling=Lenient; x=1, handling=strict" });
        Assert.Single((JArray)(await saved.JsonAsync(201))["leftOut"]!, e => e.Value<string>("pointer") == "/values/5.2.1/numerator");
        var strictFirst = await api.SendAsync(HttpMethod.Put, path, api.Keys["THA"], MixedBody(), ifMatch: "\"r1\"", headers: new Dictionary<string, string> { ["Prefer"] = "handling=strict, handling=lenient" });
        await strictFirst.ProblemAsync(400, "validation");
    }
}
