using Newtonsoft.Json.Linq;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class WindowTests : IAsyncLifetime
{
    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "PHL", "MYS");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private Task<HttpResponseMessage> SetWindowAsync(int year, DateTimeOffset? opens, DateTimeOffset? due, DateTimeOffset? locks) =>
        api.PutAsync($"api/plans/{Samples.Plan}/years/{year}/window", api.Keys["secretariat"], new { opens, due, locks });

    [Fact]
    public async Task Submit_returns_409_when_window_locked_until_a_lock_exception_is_granted()
    {
        var path = Samples.SubmissionPath(2021, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission())).JsonAsync(201);
        var now = DateTimeOffset.UtcNow;
        await (await SetWindowAsync(2021, now.AddDays(-60), now.AddDays(-30), now.AddDays(-1))).JsonAsync(200);

        await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).ProblemAsync(409, "window-locked");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 4), ifMatch: "\"r1\"")).ProblemAsync(409, "window-locked");

        await (await api.PostAsync(path + "/lock-exception", api.Keys["THA"], new { until = now.AddDays(3), reason = "x" })).ProblemAsync(403);
        await (await api.PostAsync(path + "/lock-exception", api.Keys["secretariat"], new { until = now.AddDays(3), reason = "Ministry data arrived late after floods." })).JsonAsync(201);

        var submitted = await (await api.PostAsync(path + "/submit", api.Keys["THA"], ifMatch: "\"r1\"")).JsonAsync(200);
        Assert.True(submitted.Value<bool>("late"));
        var history = (JArray)(await (await api.GetAsync(path + "/history", api.Keys["secretariat"])).JsonAsync(200))["entries"]!;
        Assert.Contains(history, e => e.Value<string>("action") == "lock-exception-granted" && e.Value<string>("comment")!.Contains("floods"));

        // The exception is for THA only.
        var vnm = Samples.SubmissionPath(2021, "VNM");
        await (await api.PutAsync(vnm, api.Keys["VNM"], Samples.Submission())).ProblemAsync(409, "window-locked");
    }

    [Fact]
    public async Task Writes_before_the_window_opens_return_409_window_not_open()
    {
        var now = DateTimeOffset.UtcNow;
        await (await SetWindowAsync(2022, now.AddDays(5), now.AddDays(30), now.AddDays(60))).JsonAsync(200);
        await (await api.PutAsync(Samples.SubmissionPath(2022, "PHL"), api.Keys["PHL"], Samples.Submission())).ProblemAsync(409, "window-not-open");
        await (await api.GetAsync(Samples.SubmissionPath(2022, "PHL"), api.Keys["PHL"])).ProblemAsync(404);
    }

    [Fact]
    public async Task Submission_after_due_is_accepted_and_flagged_late_in_the_list()
    {
        var now = DateTimeOffset.UtcNow;
        await (await SetWindowAsync(2023, now.AddDays(-60), now.AddDays(-1), now.AddDays(30))).JsonAsync(200);
        var path = Samples.SubmissionPath(2023, "MYS");
        await (await api.PutAsync(path, api.Keys["MYS"], Samples.Submission())).JsonAsync(201);
        var submitted = await (await api.PostAsync(path + "/submit", api.Keys["MYS"], ifMatch: "\"r1\"")).JsonAsync(200);
        Assert.True(submitted.Value<bool>("late"));

        var list = await (await api.GetAsync($"api/plans/{Samples.Plan}/years/2023/submissions", api.Keys["secretariat"])).JsonAsync(200);
        var rows = ((JArray)list["submissions"]!).ToDictionary(r => r.Value<string>("state")!);
        Assert.Equal("submitted", rows["MYS"].Value<string>("status"));
        Assert.True(rows["MYS"].Value<bool>("late"));
        Assert.Equal("notStarted", rows["THA"].Value<string>("status"));
        Assert.True(rows["THA"].Value<bool>("late"));
        Assert.Equal(10, rows.Count);
        Assert.DoesNotContain("TLS", rows.Keys);
    }

    [Fact]
    public async Task Window_must_be_in_order_and_only_the_secretariat_sets_it()
    {
        var now = DateTimeOffset.UtcNow;
        await (await SetWindowAsync(2024, now, now.AddDays(-1), now.AddDays(5))).ProblemAsync(400, "validation", "/due");
        await (await api.PutAsync($"api/plans/{Samples.Plan}/years/2024/window", api.Keys["THA"], new { opens = now })).ProblemAsync(403);
        var window = await (await api.GetAsync($"api/plans/{Samples.Plan}/years/2024/window", api.Keys["THA"])).JsonAsync(200);
        Assert.False(window.Value<bool>("isSet"));
        Assert.True(window.Value<bool>("isOpen"));
    }
}
