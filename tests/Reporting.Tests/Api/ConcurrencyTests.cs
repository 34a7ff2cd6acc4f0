using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Aggregation;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>Issue 6, concurrency: many writers at once never lose or double-apply a change.</summary>
public sealed class ConcurrencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA", "VNM", "LAO", "PHL");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    [Fact]
    public async Task Twenty_clients_updating_one_submission_with_If_Match_win_exactly_once_per_version()
    {
        const int clients = 24, rounds = 5;
        var path = Samples.SubmissionPath(2024, "THA");
        await (await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: 0))).JsonAsync(201);
        int wins = 0, stale = 0, other = 0;
        var winners = new List<int>();
        for (var round = 0; round < rounds; round++)
        {
            var etag = (await api.GetAsync(path, api.Keys["THA"])).Headers.ETag!.ToString();
            var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
            {
                var value = (round + 1) * 100 + c;
                var response = await api.PutAsync(path, api.Keys["THA"], Samples.Submission(policies: value), ifMatch: etag);
                return (Status: (int)response.StatusCode, Value: value);
            }));
            Assert.Equal(1, results.Count(r => r.Status == 200));
            Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal(412, r.Status));
            wins += results.Count(r => r.Status == 200);
            stale += results.Count(r => r.Status == 412);
            other += results.Count(r => r.Status is not (200 or 412));
            winners.Add(results.Single(r => r.Status == 200).Value);
        }

        var history = (JArray)(await (await api.GetAsync(path + "/history", api.Keys["THA"])).JsonAsync(200))["entries"]!;
        Assert.Equal(Enumerable.Range(1, rounds + 1), history.Select(e => e.Value<int>("revision")));
        Assert.Equal(history.Select(e => e.Value<DateTime>("at")).Order(), history.Select(e => e.Value<DateTime>("at")));
        var stored = await (await api.GetAsync(path, api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(winners[^1], stored["values"]!["5.1.1"]!.Value<int>("value"));
        Print($"concurrency: {clients} clients x {rounds} versions: {wins} won (goal {rounds}), {stale} got 412, {other} other; history revisions 1..{history.Count} in order");
    }

    [Fact]
    public async Task Racing_accept_and_return_of_one_submitted_report_lets_exactly_one_through()
    {
        var outcomes = new List<string>();
        var races = new[] { ("THA", 2021), ("VNM", 2021), ("LAO", 2021), ("PHL", 2021), ("THA", 2022), ("VNM", 2022) };
        for (var n = 0; n < races.Length; n++)
        {
            var (state, year) = races[n];
            var path = Samples.SubmissionPath(year, state);
            await (await api.PutAsync(path, api.Keys[state], Samples.Submission())).JsonAsync(201);
            await (await api.PostAsync(path + "/submit", api.Keys[state], ifMatch: "\"r1\"")).JsonAsync(200);
            var contenders = new List<Func<Task<HttpResponseMessage>>>
            {
                () => api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "accept" }, ifMatch: "\"r2\""),
                () => api.PostAsync(path + "/review", api.Keys["secretariat"], new { decision = "return", comment = "Please check 5.1.1." }, ifMatch: "\"r2\""),
                () => api.PostAsync(path + "/review", api.Keys["admin"], new { decision = "accept" }, ifMatch: "\"r2\""),
                () => api.PutAsync(path, api.Keys[state], Samples.Submission(policies: 99), ifMatch: "\"r2\""),
            };
            // A different contender starts first in each race.
            var race = await Task.WhenAll(contenders.Skip(n % 4).Concat(contenders.Take(n % 4)).Select(start => start()));
            Assert.Equal(1, race.Count(r => r.IsSuccessStatusCode));
            Assert.All(race.Where(r => !r.IsSuccessStatusCode), r => Assert.Contains((int)r.StatusCode, new[] { 409, 412 }));
            var stored = await (await api.GetAsync(path, api.Keys["secretariat"])).JsonAsync(200);
            var status = stored.Value<string>("status")!;
            Assert.Contains(status, new[] { "accepted", "returned", "submitted" });
            Assert.Equal(3, stored.Value<int>("revision"));
            var history = (JArray)(await (await api.GetAsync(path + "/history", api.Keys["secretariat"])).JsonAsync(200))["entries"]!;
            // The focal point's edit can only lose (a submitted report is under review), so a review always wins.
            Assert.Equal(1, history.Count(e => e.Value<string>("action") is "accepted" or "returned"));
            outcomes.Add(status);
        }
        Print($"review races: {outcomes.Count} races, each exactly one winner ({string.Join(", ", outcomes)}); no report both returned and accepted");
    }

    [Fact]
    public async Task Two_aggregation_runs_at_once_do_the_work_once()
    {
        var markers = api.Services.GetRequiredService<DirtyMarkers>();
        foreach (var year in new[] { 2021, 2022, 2023, 2024, 2025 }) await markers.MarkAsync("somswd-2021-2025", year, default);
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => api.PostAsync("api/jobs/aggregate-progress/run", api.Keys["secretariat"])));
        var runs = new List<JObject>();
        foreach (var r in responses) runs.Add(JObject.Parse(await r.Content.ReadAsStringAsync()));
        var recomputed = runs.Sum(r => r.Value<int>("partitionsRecomputed"));
        Assert.Equal(5, recomputed);
        Print($"aggregation race: 2 runs, {recomputed} plan-years recomputed in total (goal 5), outcomes: {string.Join(" / ", runs.Select(r => r.Value<string>("outcome")))}");
    }

    [Fact]
    public async Task Two_report_runs_at_once_write_one_version()
    {
        await (await api.PutAsync(Samples.SubmissionPath(2023, "PHL"), api.Keys["PHL"], Samples.Submission())).JsonAsync(201);
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            api.PostAsync("api/plans/somswd-2021-2025/reports", api.Keys["secretariat"], new { kind = "annual", year = 2023 })));
        var bodies = new List<JObject>();
        foreach (var r in responses) bodies.Add(await r.JsonAsync(r.IsSuccessStatusCode ? (int)r.StatusCode : 0));
        Assert.Equal(1, bodies.Count(b => b.Value<bool>("written")));
        Assert.Single(bodies.Select(b => b.Value<string>("reportId")).Distinct());
        var list = await (await api.GetAsync("api/plans/somswd-2021-2025/reports", api.Keys["secretariat"])).JsonTokenAsync(200);
        Assert.Single(list);
        Print($"report race: 3 requests at once, {bodies.Count(b => b.Value<bool>("written"))} version written (goal 1), {bodies.Count(b => !b.Value<bool>("written"))} told nothing changed");
    }
}
