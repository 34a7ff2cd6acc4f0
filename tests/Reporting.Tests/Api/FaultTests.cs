using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Reporting.Storage;
using Reporting.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reporting.Tests.Api;

/// <summary>
/// Issue 6, faults: storage dies under load and comes back on the same data. Every write a client was told is saved
/// (2xx) must be there afterwards, whole; during the outage clients get 503 with Retry-After, never a 500 or a hang;
/// the scheduled aggregation catches up by itself.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly string[] States = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"];
    private static readonly int[] Years = [2021, 2022, 2023, 2024, 2025];
    private const int Versions = 22;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private sealed class Tally
    {
        public int Attempted, Acknowledged, AppliedWithoutAck, Outage503, Outage503WithoutRetryAfter, ServerErrors, Hangs, Unexpected;
        public readonly ConcurrentBag<double> LatenciesMs = [];
        public readonly ConcurrentBag<string> Problems = [];
        /// <summary>Per client: revision and version of every acknowledged write.</summary>
        public readonly ConcurrentDictionary<string, ConcurrentBag<(int Revision, int Version)>> Acks = new();
        public readonly ConcurrentDictionary<string, int> LastApplied = new();
    }

    [Fact]
    public async Task Acknowledged_writes_survive_storage_dying_under_load_and_aggregation_catches_up()
    {
        var location = Path.Combine(Path.GetTempPath(), "azurite-fault-" + Guid.NewGuid().ToString("N")[..8]);
        var azurite = await Azurite.StartAsync(location);
        await using var blobProxy = new FaultProxy(azurite.BlobPort);
        await using var tableProxy = new FaultProxy(azurite.TablePort);
        try
        {
            await using var api = await (await ApiServer.StartAsync(Azurite.ConnectionStringFor(blobProxy.Port, tableProxy.Port), new()
            {
                ["Jobs:RunOnSchedule"] = "true",
                ["AggregationSchedule"] = "*/2 * * * * *",
                ["ReportSchedule"] = "0 0 0 1 1 *",
                ["ReportingStorage:NetworkTimeoutSeconds"] = "3",
            })).WithKeysAsync(States);
            using var http = new HttpClient { BaseAddress = api.Http.BaseAddress, Timeout = ClientTimeout };

            var tally = new Tally();
            var total = States.Length * Years.Length * Versions;
            var clients = (from year in Years from state in States select (year, state)).ToList();

            // Storage dies once a third of the writes are in, and comes back on the same data.
            var outage = Task.Run(async () =>
            {
                while (Volatile.Read(ref tally.Acknowledged) < total / 3) await Task.Delay(20);
                var cut = Stopwatch.StartNew();
                blobProxy.Cut();
                tableProxy.Cut();
                await Task.Delay(300); // let requests already inside Azurite finish before it saves and stops
                await azurite.StopAsync();
                await azurite.DisposeAsync();
                azurite = await Azurite.StartAsync(location);
                var atLeast = TimeSpan.FromSeconds(3) - cut.Elapsed;
                if (atLeast > TimeSpan.Zero) await Task.Delay(atLeast);
                blobProxy.Restore(azurite.BlobPort);
                tableProxy.Restore(azurite.TablePort);
                return cut.Elapsed;
            });

            var load = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(c => RunClientAsync(http, api.Keys[c.state], c.year, c.state, tally)));
            load.Stop();
            var outageTime = await outage;

            // Verification through the API: each submission holds one whole version, its history every acknowledged revision.
            int present = 0, lost = 0, halfWritten = 0;
            var finals = new Dictionary<(int Year, string State), int>();
            foreach (var (year, state) in clients)
            {
                var path = Samples.SubmissionPath(year, state);
                var stored = await (await api.GetAsync(path, api.Keys[state])).JsonAsync(200);
                var version = VersionOf(stored);
                if (version is null) { halfWritten++; tally.Problems.Add($"{state} {year}: stored submission mixes versions: {stored["values"]}"); continue; }
                finals[(year, state)] = version.Value;
                var revisions = ((JArray)(await (await api.GetAsync(path + "/history", api.Keys[state])).JsonAsync(200))["entries"]!)
                    .Select(e => e.Value<int>("revision")).ToList();
                Assert.Equal(Enumerable.Range(1, stored.Value<int>("revision")), revisions);
                var acks = tally.Acks.GetValueOrDefault(Key(year, state)) ?? [];
                foreach (var (revision, v) in acks)
                {
                    // One writer per submission and every version changes it, so version v is revision v.
                    if (revisions.Contains(revision) && revision == v && version >= v) present++;
                    else { lost++; tally.Problems.Add($"{state} {year}: acknowledged v{v} (revision {revision}) missing; stored v{version}"); }
                }
                if (acks.Count > 0 && version < acks.Max(a => a.Version))
                    tally.Problems.Add($"{state} {year}: stored v{version} is older than the last acknowledged v{acks.Max(a => a.Version)}");
            }

            // Verification in storage itself: every partition's header revision equals its history rows, values agree.
            var rows = new List<TableEntity>();
            await foreach (var e in api.Services.GetRequiredService<ReportingTables>().Submissions.QueryAsync<TableEntity>()) rows.Add(e);
            foreach (var partition in rows.GroupBy(r => r.PartitionKey))
            {
                var header = partition.Single(r => r.RowKey == "header");
                var history = partition.Count(r => r.RowKey.StartsWith("history|", StringComparison.Ordinal));
                if (header.GetInt32("Revision") != history)
                {
                    halfWritten++;
                    tally.Problems.Add($"{partition.Key}: header revision {header.GetInt32("Revision")} but {history} history rows");
                }
            }

            // The scheduled aggregation catches up by itself once everything is submitted.
            foreach (var (year, state) in clients)
            {
                var path = Samples.SubmissionPath(year, state);
                var etag = (await api.GetAsync(path, api.Keys[state])).Headers.ETag!.ToString();
                await (await api.PostAsync(path + "/submit", api.Keys[state], ifMatch: etag)).JsonAsync(200);
            }
            var catchUp = Stopwatch.StartNew();
            var caughtUp = new HashSet<int>();
            while (caughtUp.Count < Years.Length && catchUp.Elapsed < TimeSpan.FromSeconds(120))
            {
                foreach (var year in Years.Except(caughtUp))
                {
                    var summary = await (await api.GetAsync($"api/plans/{Samples.Plan}/summary?year={year}", api.Keys["secretariat"])).JsonAsync(200);
                    var regional = summary["indicators"]!.Single(i => i.Value<string>("code") == "5.1.1")["regional"]?["value"];
                    var expected = finals.Where(f => f.Key.Year == year).Sum(f => f.Value);
                    if (!summary.Value<bool>("stale") && regional is { Type: JTokenType.Integer or JTokenType.Float } && regional.Value<decimal>() == expected)
                        caughtUp.Add(year);
                }
                if (caughtUp.Count < Years.Length) await Task.Delay(500);
            }

            var latencies = tally.LatenciesMs.Order().ToArray();
            double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
            Print($"faults: writes attempted {tally.Attempted} / acknowledged {tally.Acknowledged} / present {present} / lost {lost} (goal 0)");
            Print($"faults: {clients.Count} clients, {total} versions in {load.Elapsed.TotalSeconds:N1} s; storage down {outageTime.TotalSeconds:N1} s (Azurite stopped and restarted on the same folder)");
            Print($"faults: during the outage {tally.Outage503} answers were 503 ({tally.Outage503WithoutRetryAfter} without Retry-After), {tally.ServerErrors} other 5xx, {tally.Hangs} over {ClientTimeout.TotalSeconds:N0} s, {tally.Unexpected} unexpected");
            Print($"faults: {tally.AppliedWithoutAck} writes were saved although the client got no 2xx (reply lost in the outage; found by reloading, never applied twice)");
            Print($"faults: half-written submissions {halfWritten} (goal 0); request latency p50 {Percentile(0.5):N0} ms, p99 {Percentile(0.99):N0} ms, max {latencies[^1]:N0} ms");
            Print($"faults: scheduled aggregation caught up {caughtUp.Count}/{Years.Length} plan-years {catchUp.Elapsed.TotalSeconds:N1} s after the last submit");
            foreach (var problem in tally.Problems.Take(20)) Print("  " + problem);

            Assert.True(tally.Attempted >= 1000, $"only {tally.Attempted} writes attempted");
            Assert.Equal(tally.Acknowledged, present);
            Assert.Equal(0, lost);
            Assert.Equal(0, halfWritten);
            Assert.True(tally.Outage503 > 0, "the outage was not seen by any client: the fault did not happen under load");
            Assert.Equal(0, tally.Outage503WithoutRetryAfter);
            Assert.Equal(0, tally.ServerErrors);
            Assert.Equal(0, tally.Hangs);
            Assert.Equal(0, tally.Unexpected);
            Assert.Empty(tally.Problems);
            Assert.Equal(Years.Length, caughtUp.Count);
        }
        finally
        {
            await azurite.DisposeAsync();
            try { Directory.Delete(location, recursive: true); } catch (IOException) { }
        }
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private static string Key(int year, string state) => $"{year}/{state}";

    /// <summary>Version k sets every value and both narratives to k; a mix would be a half-written change.</summary>
    private static JObject Body(string state, int k) => JObject.FromObject(new
    {
        values = new Dictionary<string, object>
        {
            ["5.1.1"] = new { value = k, narrative = $"v{k} {state} " + Samples.ThaiNarrative },
            ["5.1.2"] = new { value = k },
            ["5.2.1"] = new { numerator = k, denominator = 120 },
        },
        narrative = $"v{k} " + Samples.LaoNarrative,
    });

    private static int? VersionOf(JObject stored)
    {
        var values = stored["values"]!;
        var k = values["5.1.1"]!.Value<int>("value");
        var whole = values["5.1.2"]!.Value<int>("value") == k && values["5.2.1"]!.Value<int>("numerator") == k
            && values["5.1.1"]!.Value<string>("narrative")!.StartsWith($"v{k} ", StringComparison.Ordinal)
            && stored.Value<string>("narrative")!.StartsWith($"v{k} ", StringComparison.Ordinal);
        return whole ? k : null;
    }

    /// <summary>One focal point writing versions 1..n of its own submission, each with If-Match on the last ETag it holds.</summary>
    private static async Task RunClientAsync(HttpClient http, string key, int year, string state, Tally tally)
    {
        var path = Samples.SubmissionPath(year, state);
        var acks = tally.Acks.GetOrAdd(Key(year, state), _ => []);
        string? etag = null;
        for (var k = 1; k <= Versions; k++)
        {
            Interlocked.Increment(ref tally.Attempted);
            while (true)
            {
                var (status, response) = await SendAsync(http, HttpMethod.Put, path, key, Body(state, k), etag, tally);
                if (status is 200 or 201)
                {
                    etag = response!.Headers.ETag!.ToString();
                    acks.Add((int.Parse(etag.Trim('"')[1..]), k));
                    tally.LastApplied[Key(year, state)] = k;
                    Interlocked.Increment(ref tally.Acknowledged);
                    break;
                }
                // No 2xx: the write may or may not have reached storage. Reload (as a person would) and look.
                if (status is 503 or 412 or 428 or 0)
                {
                    var (current, currentEtag) = await ReloadAsync(http, path, key, tally);
                    if (current is not null && VersionOf(current) == k)
                    {
                        Interlocked.Increment(ref tally.AppliedWithoutAck);
                        tally.LastApplied[Key(year, state)] = k;
                        etag = currentEtag;
                        break;
                    }
                    if (status is 412 or 428 && (current is null ? 0 : VersionOf(current)) != k - 1)
                    {
                        tally.Problems.Add($"{state} {year}: {status} on v{k} but storage holds {current?["values"]}");
                        return;
                    }
                    etag = currentEtag;
                    continue;
                }
                tally.Problems.Add($"{state} {year}: v{k} answered {status}: {await response!.Content.ReadAsStringAsync()}");
                return;
            }
        }
    }

    private static async Task<(JObject? Stored, string? ETag)> ReloadAsync(HttpClient http, string path, string key, Tally tally)
    {
        while (true)
        {
            var (status, response) = await SendAsync(http, HttpMethod.Get, path, key, null, null, tally);
            if (status == 200) return (JObject.Parse(await response!.Content.ReadAsStringAsync()), response.Headers.ETag!.ToString());
            if (status == 404) return (null, null);
            if (status is not (503 or 0)) throw new InvalidOperationException($"GET {path} answered {status}");
        }
    }

    /// <summary>Sends, times and classifies one request; waits Retry-After after a 503. Status 0 = no answer in time.</summary>
    private static async Task<(int Status, HttpResponseMessage? Response)> SendAsync(HttpClient http, HttpMethod method, string path, string key, JObject? body, string? ifMatch, Tally tally)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (body is not null) request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (TaskCanceledException)
        {
            Interlocked.Increment(ref tally.Hangs);
            return (0, null);
        }
        tally.LatenciesMs.Add(clock.Elapsed.TotalMilliseconds);
        var status = (int)response.StatusCode;
        if (status == 503)
        {
            Interlocked.Increment(ref tally.Outage503);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            if (retryAfter is null) Interlocked.Increment(ref tally.Outage503WithoutRetryAfter);
            // Honour Retry-After, capped so the suite stays short.
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(retryAfter?.TotalSeconds ?? 1, 2)));
        }
        else if (status >= 500) Interlocked.Increment(ref tally.ServerErrors);
        else if (status is not (200 or 201 or 404 or 412 or 428)) Interlocked.Increment(ref tally.Unexpected);
        return (status, response);
    }
}
