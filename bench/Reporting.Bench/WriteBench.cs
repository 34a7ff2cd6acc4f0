using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Http;
using Reporting.Plans;
using Reporting.Server;
using Reporting.Storage;
using Reporting.Submissions;
using Reporting.Tests.Infrastructure;

/// <summary>
/// Write-path benchmark (issue: API write throughput). On one Azurite, in one run, side by side at the same concurrency:
/// <list type="bullet">
/// <item>raw: the Azure.Data.Tables SDK submitting, per write, the very entity-group transaction the core's
/// <see cref="SubmissionStore"/> builds for that change (captured from the core's own code before timing, replayed against a
/// table of its own with the ETag chain), nothing else;</item>
/// <item>API: the same changes as full <c>PUT /api/plans/{plan}/years/{year}/submissions/{state}</c> requests (focal-point
/// keys, If-Match chain) to the real standalone server (Kestrel on loopback, in this process).</item>
/// </list>
/// A third side, "calls", splits the difference: the raw SDK making exactly the storage calls one PUT makes, so the gap
/// between raw and API divides into what those round trips cost and what the server itself costs.
/// Each client owns five submissions (one plan, one state, years 2021-2025): it creates each with every indicator, then
/// edits them in turn (a few indicators changed per edit), waiting for each answer before sending the next write.
/// </summary>
internal static class WriteBench
{
    // Timor-Leste may report only from 2025, so the ten states that may report for every year of the plan.
    private static readonly string[] States = ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"];
    private const string AdminKey = "rk_00000000000000be_bootstrap-admin-key-for-the-bench-only";
    private const int Years = 5;
    private const int ChangedPerEdit = 4;
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private enum Side { Raw, Calls, Api }

    public static async Task RunAsync(BenchOptions o)
    {
        if (o.Clients < 1 || o.Writes < Years) throw new ArgumentException($"--clients must be >= 1 and --writes >= {Years}.");
        var writesPerRound = o.Clients * o.Writes;
        Console.WriteLine($"Write benchmark: {o.Clients} clients x {o.Writes} writes each = {writesPerRound:N0} writes per round, plan of {o.Indicators} indicators");

        await using var azurite = await Azurite.StartAsync();
        var azuritePid = ProcStat.ChildPid("azurite");

        // Every round writes into tables of its own (prefix w{round}): Azurite answers a query by scanning the whole table,
        // so a table that grew in earlier rounds would slow later ones.
        var serverCalls = new StorageCounter();
        var rawCalls = new StorageCounter();
        var rawOptions = new TableClientOptions();
        rawOptions.Retry.MaxRetries = 2;
        rawOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        rawOptions.AddPolicy(rawCalls, HttpPipelinePosition.PerRetry);
        var rawService = new TableServiceClient(azurite.ConnectionString, rawOptions);
        var workload = new Workload(SyntheticData.BuildPlan("template", "Benchmark plan", Years, o.Indicators));

        (ReportingTables Tables, Client Client)? lastCalls = null;

        async Task<Phase> RunRoundAsync(int round, Side side, string label)
        {
            var prefix = $"w{round}";
            var planIds = Enumerable.Range(0, (o.Clients + States.Length - 1) / States.Length).Select(slot => Workload.PlanId(round, slot)).ToList();
            Phase phase;
            if (side == Side.Api)
            {
                await using var server = await BenchServer.StartAsync(azurite.ConnectionString, prefix, serverCalls, o.Clients);
                var keys = await IssueKeysAsync(server.Services.GetRequiredService<ApiKeyStore>());
                foreach (var id in planIds) await server.Services.GetRequiredService<PlanStore>().SaveVersionAsync(workload.Plan(id), 1, null, "bench", default);
                var clients = workload.Build(round, o.Clients, o.Writes, keys);
                phase = await Phase.MeasureAsync(label, clients, serverCalls, azuritePid, (c, lat) => ApiClientAsync(server.Http, c, lat));
            }
            else
            {
                // The same setup through the core's stores (untimed): tables, keys, plans.
                var tables = new ReportingTables(rawService, Options.Create(new StorageOptions { Prefix = prefix }));
                await tables.CreateAllAsync(default);
                var noCache = Options.Create(new StorageOptions { CacheSeconds = 0 });
                var keys = await IssueKeysAsync(new ApiKeyStore(tables, TimeProvider.System, new ShortCache<string, ApiKeyStore.StoredKey>(noCache)));
                foreach (var id in planIds)
                    await new PlanStore(tables, TimeProvider.System, new ShortCache<string, int>(noCache)).SaveVersionAsync(workload.Plan(id), 1, null, "bench", default);
                var clients = workload.Build(round, o.Clients, o.Writes, keys);
                phase = side == Side.Raw
                    ? await Phase.MeasureAsync(label, clients, rawCalls, azuritePid, (c, lat) => RawClientAsync(tables.Submissions, c, lat))
                    : await Phase.MeasureAsync(label, clients, rawCalls, azuritePid, (c, lat) => CallsClientAsync(tables, c, lat));
                if (side == Side.Calls) lastCalls = (tables, clients[0]);
            }
            Console.WriteLine($"  {label,-30}: {phase.Writes:N0} writes in {phase.Elapsed.TotalSeconds,5:N2} s = {phase.Rate,6:N0} writes/s, p50 {phase.Percentile(50),6:N1} ms, p99 {phase.Percentile(99),6:N1} ms");
            return phase;
        }

        // Warm-up (JIT, connections), then raw, calls, API, API, calls, raw: each side gets an early and a late slot.
        const string RawLabel = "raw SDK, transaction only", CallsLabel = "raw SDK, the API's calls", ApiLabel = "API, full PUT";
        var round = 0;
        foreach (var (side, label) in new[] { (Side.Raw, RawLabel), (Side.Calls, CallsLabel), (Side.Api, ApiLabel) })
            await RunRoundAsync(round++, side, "warm-up: " + label);
        var runs = new Dictionary<Side, List<Phase>> { [Side.Raw] = [], [Side.Calls] = [], [Side.Api] = [] };
        foreach (var (side, label) in new[] { (Side.Raw, RawLabel), (Side.Calls, CallsLabel), (Side.Api, ApiLabel), (Side.Api, ApiLabel), (Side.Calls, CallsLabel), (Side.Raw, RawLabel) })
            runs[side].Add(await RunRoundAsync(round++, side, label));

        var bestRaw = runs[Side.Raw].MaxBy(p => p.Rate)!;
        var bestCalls = runs[Side.Calls].MaxBy(p => p.Rate)!;
        var bestApi = runs[Side.Api].MaxBy(p => p.Rate)!;
        var shape = workload.Shape;
        var alone = await ApiCalls.CalibrateAsync(lastCalls!.Value.Tables, lastCalls.Value.Client, azuritePid);
        var ratio = bestApi.Rate / bestRaw.Rate;
        const double MiB = 1048576.0;

        Console.WriteLine();
        Console.WriteLine($"writes per round                    : {writesPerRound:N0} ({shape.Creates:N0} creates of {shape.CreateEntities:N0} entities, {shape.Edits:N0} edits of {shape.EditEntities:N1} on average; {shape.Entities:N0} entities)");
        Console.WriteLine($"raw SDK, one transaction per write  : {bestRaw.Rate,8:N0} writes/s (best of 2)");
        Console.WriteLine($"API, full PUT per write             : {bestApi.Rate,8:N0} writes/s (best of 2)");
        Console.WriteLine($"ratio API / raw                     : {ratio,8:N2}   (goal >= 0.80){(ratio >= 0.8 ? "" : "   BELOW GOAL")}");
        Console.WriteLine($"API latency p50 / p99               : {bestApi.Percentile(50),8:N1} / {bestApi.Percentile(99):N1} ms   (raw SDK: {bestRaw.Percentile(50):N1} / {bestRaw.Percentile(99):N1} ms)");
        Console.WriteLine($"server peak memory, API phase       : {bestApi.PeakWorkingSet / MiB,8:N0} MiB working set (idle before: {bestApi.IdleWorkingSet / MiB:N0}), {bestApi.PeakHeap / MiB:N0} MiB managed heap (idle: {bestApi.IdleHeap / MiB:N0})");
        Console.WriteLine($"  same process, raw SDK phase       : {bestRaw.PeakWorkingSet / MiB,8:N0} MiB working set, {bestRaw.PeakHeap / MiB:N0} MiB managed heap");
        Console.WriteLine($"  (the server runs inside the bench process, so these include the bench's HTTP client and workload; sampled every");
        Console.WriteLine($"   50 ms; the managed heap counts garbage not yet collected; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC here, the deployed server uses server GC)");

        Console.WriteLine();
        Console.WriteLine("profile (best rounds; calls = the raw SDK making the storage calls a PUT makes, nothing else)");
        Console.WriteLine("                                    :      raw    calls      API");
        Console.WriteLine($"  writes/s                          : {bestRaw.Rate,8:N0} {bestCalls.Rate,8:N0} {bestApi.Rate,8:N0}");
        Console.WriteLine($"  storage round trips per write     : {bestRaw.CallsPerWrite,8:N2} {bestCalls.CallsPerWrite,8:N2} {bestApi.CallsPerWrite,8:N2}");
        Console.WriteLine($"  transaction bytes per write       : {bestRaw.BatchBytesPerWrite,8:N0} {bestCalls.BatchBytesPerWrite,8:N0} {bestApi.BatchBytesPerWrite,8:N0}   (same entities: these should match)");
        Console.WriteLine($"  Azurite CPU ms per write          : {bestRaw.AzuriteCpuMsPerWrite,8:N2} {bestCalls.AzuriteCpuMsPerWrite,8:N2} {bestApi.AzuriteCpuMsPerWrite,8:N2}");
        Console.WriteLine($"  bench process CPU ms per write    : {bestRaw.CpuMsPerWrite,8:N2} {bestCalls.CpuMsPerWrite,8:N2} {bestApi.CpuMsPerWrite,8:N2}   (API: server + HTTP client)");
        Console.WriteLine($"  allocated KiB per write           : {bestRaw.AllocatedPerWrite / 1024,8:N0} {bestCalls.AllocatedPerWrite / 1024,8:N0} {bestApi.AllocatedPerWrite / 1024,8:N0}");
        Console.WriteLine($"  mean latency ms                   : {bestRaw.MeanMs,8:N1} {bestCalls.MeanMs,8:N1} {bestApi.MeanMs,8:N1}");
        Console.WriteLine($"  of which storage calls ms         : {bestRaw.StorageMsPerWrite,8:N1} {bestCalls.StorageMsPerWrite,8:N1} {bestApi.StorageMsPerWrite,8:N1}");
        Console.WriteLine($"  ratio calls / raw                 : {bestCalls.Rate / bestRaw.Rate,8:N2}   (what the API's storage calls alone allow)");
        Console.WriteLine($"  ratio API / calls                 : {bestApi.Rate / bestCalls.Rate,8:N2}   (the server's own cost: HTTP, JSON, validation)");
        Console.WriteLine("  storage calls of one API write    : per write  ms under load | alone: Azurite CPU ms, ms");
        string[] order = ["apikeys point read", "plans point read", "submissions query", "windows point read", "jobstate upsert", "$batch (the transaction)"];
        foreach (var (kind, stat) in bestApi.Calls.OrderBy(kv => Array.IndexOf(order, kv.Key) is var i and >= 0 ? i : order.Length).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var cost = alone.TryGetValue(kind, out var a) ? $"{a.CpuMs,8:N2} {a.WallMs,8:N2}" : kind.StartsWith('$') ? "see the raw column" : "";
            Console.WriteLine($"    {kind,-32}: {(double)stat.Count / bestApi.Writes,8:N2} {stat.Ms / stat.Count,8:N1}       | {cost}");
        }
        if (Math.Abs(bestApi.CallsPerWrite - bestCalls.CallsPerWrite) > 0.2)
            Console.WriteLine($"  NOTE: the server now makes {bestApi.CallsPerWrite:N2} storage calls per write, the 'calls' column {bestCalls.CallsPerWrite:N2}: update WriteBench.CallsClientAsync to mirror it.");
    }

    private static async Task<Dictionary<string, (string Key, string CallerId)>> IssueKeysAsync(ApiKeyStore store)
    {
        var keys = new Dictionary<string, (string Key, string CallerId)>();
        foreach (var state in States)
        {
            var issued = await store.CreateAsync(Role.FocalPoint, state, "Bench focal point " + state, null, "bench", default);
            keys[state] = (issued.Key, "key:" + issued.Id);
        }
        return keys;
    }

    /// <summary>The real standalone server, configured as the tests configure it, with a counter on its storage pipeline.</summary>
    private sealed class BenchServer : IAsyncDisposable
    {
        private readonly WebApplication app;

        private BenchServer(WebApplication app, int clients)
        {
            this.app = app;
            Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients })
            {
                BaseAddress = new Uri(ServerApp.BaseAddress(app).TrimEnd('/') + "/"),
                Timeout = TimeSpan.FromSeconds(60),
            };
        }

        public HttpClient Http { get; }
        public IServiceProvider Services => app.Services;

        public static async Task<BenchServer> StartAsync(string connectionString, string prefix, StorageCounter counter, int clients)
        {
            var app = ServerApp.Build([], b =>
            {
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["urls"] = "http://127.0.0.1:0",
                    ["ReportingStorage:ConnectionString"] = connectionString,
                    ["ReportingStorage:Prefix"] = prefix,
                    ["Access:BootstrapAdminKey"] = AdminKey,
                    ["ReferenceData:PlansFolder"] = "",
                    ["Logging:LogLevel:Default"] = "Warning",
                    ["Logging:LogLevel:Azure.Core"] = "Error",
                    ["Jobs:RunOnSchedule"] = "false",
                });
                b.Services.AddAzureClients(c => c.ConfigureDefaults(options => options.AddPolicy(counter, HttpPipelinePosition.PerRetry)));
            });
            await app.StartAsync();
            return new BenchServer(app, clients);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task ApiClientAsync(HttpClient http, Client client, List<long> latencies)
    {
        var etags = new string?[Years];
        foreach (var w in client.Writes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, w.Path) { Content = new ByteArrayContent(w.Body) };
            request.Content.Headers.ContentType = JsonType;
            request.Headers.Add("X-Api-Key", client.Key);
            if (!w.Create) request.Headers.TryAddWithoutValidation("If-Match", etags[w.Partition]);
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetTimestamp() - start);
            if (response.StatusCode != (w.Create ? HttpStatusCode.Created : HttpStatusCode.OK))
                throw new InvalidOperationException($"PUT {w.Path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            etags[w.Partition] = response.Headers.ETag?.Tag ?? throw new InvalidOperationException($"PUT {w.Path} answered without an ETag");
        }
    }

    private static async Task RawClientAsync(TableClient table, Client client, List<long> latencies)
    {
        var etags = new ETag?[Years];
        foreach (var w in client.Writes)
        {
            // The header is guarded by the previous write's ETag exactly as the store guards it.
            IReadOnlyList<TableTransactionAction> actions = w.Create
                ? w.Actions
                : [new TableTransactionAction(TableTransactionActionType.UpdateReplace, w.Actions[0].Entity, etags[w.Partition]!.Value), .. w.Actions.Skip(1)];
            var start = Stopwatch.GetTimestamp();
            var response = await table.SubmitTransactionAsync(actions);
            latencies.Add(Stopwatch.GetTimestamp() - start);
            etags[w.Partition] = response.Value[0].Headers.ETag ?? throw new InvalidOperationException("The transaction answered without the header's ETag");
        }
    }

    /// <summary>
    /// The storage calls one API write makes today, in the server's order, with the raw SDK and nothing else. The key's point
    /// read (<c>ApiKeyStore.VerifyAsync</c>), the plan's <c>current</c> pointer (<c>PlanStore.GetCurrentAsync</c>) and the
    /// window (<c>WindowStore.GetAsync</c>) are remembered by the server for a few seconds (<c>ShortCache</c>), so they are read
    /// on a client's first write only; the submission's rows (<c>SubmissionStore.LoadAsync</c>) are read to create it, and an
    /// edit whose If-Match names the revision the server last saved starts from its copy; then the same transaction as the
    /// raw side, guarded by the header's last ETag. (A save leaves aggregates as they were, so it marks no plan-year dirty;
    /// submit and review do, with <c>DirtyMarkers.MarkAsync</c>.)
    /// A mirror of the server's code: the summary says so when the server's round trips no longer match it.
    /// </summary>
    private static async Task CallsClientAsync(ReportingTables tables, Client client, List<long> latencies)
    {
        var first = true;
        var headers = new Dictionary<string, ETag>();
        foreach (var w in client.Writes)
        {
            var start = Stopwatch.GetTimestamp();
            if (first)
            {
                await ApiCalls.KeyAsync(tables, client);
                await ApiCalls.PlanAsync(tables, w);
            }
            if (w.Create) await ApiCalls.LoadAsync(tables, client, w);
            if (first) await ApiCalls.WindowAsync(tables, w);
            first = false;
            IReadOnlyList<TableTransactionAction> actions = w.Create
                ? w.Actions
                : [new TableTransactionAction(TableTransactionActionType.UpdateReplace, w.Actions[0].Entity, headers[w.Path]), .. w.Actions.Skip(1)];
            var response = await tables.Submissions.SubmitTransactionAsync(actions);
            headers[w.Path] = response.Value[0].Headers.ETag!.Value;
            latencies.Add(Stopwatch.GetTimestamp() - start);
        }
    }

    private static class ApiCalls
    {
        public static Task KeyAsync(ReportingTables tables, Client client) =>
            tables.ApiKeys.GetEntityIfExistsAsync<TableEntity>("key", client.KeyId);

        public static Task PlanAsync(ReportingTables tables, Write w) =>
            tables.Plans.GetEntityIfExistsAsync<TableEntity>(w.PlanId, "current");

        /// <summary>The filter of <c>SubmissionStore.LoadAsync</c>; answers the header's ETag.</summary>
        public static async Task<ETag?> LoadAsync(ReportingTables tables, Client client, Write w)
        {
            var pk = SubmissionStore.PartitionOf(w.PlanId, w.Year, client.State);
            ETag? header = null;
            await foreach (var e in tables.Submissions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk} and (RowKey lt {"history|"} or RowKey gt {"history|~"})")))
                if (e.RowKey == "header") header = e.ETag;
            return header;
        }

        public static Task WindowAsync(ReportingTables tables, Write w) =>
            tables.Windows.GetEntityIfExistsAsync<TableEntity>(w.PlanId, w.Year.ToString("D4"));

        public static Task MarkAsync(ReportingTables tables, Write w) =>
            tables.JobState.UpsertEntityAsync(new TableEntity(DirtyMarkers.Partition, DirtyMarkers.RowOf(w.PlanId, w.Year))
            {
                ["PlanId"] = w.PlanId, ["Year"] = w.Year, ["MarkedAt"] = DateTimeOffset.UtcNow, ["Nonce"] = Guid.NewGuid().ToString("N"),
            }, TableUpdateMode.Replace);

        /// <summary>
        /// What each of those calls costs Azurite alone: one client, calls in a row against a round's filled tables.
        /// Keyed as <see cref="StorageCounter"/> names them.
        /// </summary>
        public static async Task<Dictionary<string, (double CpuMs, double WallMs)>> CalibrateAsync(ReportingTables tables, Client client, int? azuritePid, int calls = 200)
        {
            var result = new Dictionary<string, (double, double)>();
            var writes = client.Writes;
            async Task Measure(string kind, Func<Write, Task> call)
            {
                for (var i = 0; i < 10; i++) await call(writes[i % writes.Count]);
                var cpu = ProcStat.Cpu(azuritePid);
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++) await call(writes[i % writes.Count]);
                result[kind] = ((ProcStat.Cpu(azuritePid) - cpu).TotalMilliseconds / calls, watch.Elapsed.TotalMilliseconds / calls);
            }
            await Measure("apikeys point read", _ => KeyAsync(tables, client));
            await Measure("plans point read", w => PlanAsync(tables, w));
            await Measure("submissions query", w => LoadAsync(tables, client, w));
            await Measure("windows point read", w => WindowAsync(tables, w));
            await Measure("jobstate upsert", w => MarkAsync(tables, w));
            return result;
        }
    }

    internal sealed record Write(int Partition, string PlanId, int Year, string Path, byte[] Body, bool Create, IReadOnlyList<TableTransactionAction> Actions);

    internal sealed record Client(string Key, string KeyId, string State, IReadOnlyList<Write> Writes);

    /// <summary>
    /// Builds each round's writes: the JSON body the API gets, and the transaction the core's own <see cref="SubmissionStore"/>
    /// builds for that change, captured by handing the store a table client that records instead of sending.
    /// <c>next</c> and the history line are made as <c>SubmissionService.SaveAsync</c> makes them, from the body parsed by the API's JSON rules.
    /// </summary>
    private sealed class Workload(WorkPlan template)
    {
        private readonly CapturingTableService capture = new();

        public (int Creates, int Edits, double CreateEntities, double EditEntities, int Entities) Shape { get; private set; }

        public static string PlanId(int round, int slot) => $"wbench-r{round}-p{slot}";

        public WorkPlan Plan(string id) => SyntheticData.BuildPlan(id, "Benchmark plan", Years, template.Indicators.Count);

        public Client[] Build(int round, int clients, int writes, IReadOnlyDictionary<string, (string Key, string CallerId)> keys)
        {
            var store = new SubmissionStore(new ReportingTables(capture, Options.Create(new StorageOptions())));
            var clock = DateTimeOffset.UtcNow;
            int creates = 0, edits = 0, createEntities = 0, editEntities = 0, entities = 0;
            var result = new Client[clients];
            for (var c = 0; c < clients; c++)
            {
                var state = States[c % States.Length];
                var planId = PlanId(round, c / States.Length);
                var (key, callerId) = keys[state];
                var random = new Random(round * 10_000 + c);
                var inputs = new SubmissionInput?[Years];
                var stored = new Submission?[Years];
                var list = new List<Write>(writes);
                for (var w = 0; w < writes; w++)
                {
                    var p = w % Years;
                    var year = SyntheticData.FirstYear + p;
                    var input = inputs[p] is { } before ? Edit(before, w / Years, random) : Create(random);
                    inputs[p] = input;
                    var body = Json.Serialize(input);
                    var parsed = Json.ParseAndBind<SubmissionInput>(body);

                    var current = stored[p];
                    var now = clock.AddMilliseconds(w);
                    var next = new Submission
                    {
                        PlanId = planId, PlanVersion = 1, Year = year, State = state,
                        Status = current?.Status ?? SubmissionStatus.Draft,
                        Revision = (current?.Revision ?? 0) + 1,
                        Late = current?.Late ?? false,
                        Values = parsed.Values.ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal),
                        Narrative = parsed.Narrative,
                        Activities = parsed.Activities.Select(a => a!).ToList(),
                        CreatedAt = current?.CreatedAt ?? now, CreatedBy = current?.CreatedBy ?? callerId,
                        UpdatedAt = now, UpdatedBy = callerId,
                    };
                    var (rows, changes) = SubmissionStore.RowChanges.Compare(current, null, next, null);
                    var history = new HistoryEntry(next.Revision, now, callerId, nameof(Role.FocalPoint), current is null ? "created" : "updated",
                        current?.Status, next.Status, null, changes);
                    store.SaveAsync(next, current is null ? null : new ETag("\"captured\""), history, rows, default).GetAwaiter().GetResult();
                    var actions = capture.Take();
                    stored[p] = next;

                    list.Add(new Write(p, planId, year, $"api/plans/{planId}/years/{year}/submissions/{state}", Encoding.UTF8.GetBytes(body), current is null, actions));
                    entities += actions.Count;
                    if (current is null) { creates++; createEntities += actions.Count; }
                    else { edits++; editEntities += actions.Count; }
                }
                result[c] = new Client(key, callerId["key:".Length..], state, list);
            }
            Shape = (creates, edits, (double)createEntities / Math.Max(creates, 1), (double)editEntities / Math.Max(edits, 1), entities);
            return result;
        }

        /// <summary>Every indicator, a Thai narrative on the first, three activities: a first complete draft.</summary>
        private SubmissionInput Create(Random random) => new()
        {
            Values = template.Indicators.ToDictionary(i => i.Code, i => (IndicatorValue?)Value(i, random)),
            Narrative = "ความคืบหน้าโดยรวมของแผนงานในปีนี้เป็นไปตามเป้าหมาย Overall progress is on track.",
            Activities = Enumerable.Range(0, 3).Select(a => (Reporting.Submissions.Activity?)new Reporting.Submissions.Activity
            {
                Title = $"Regional workshop {a + 1}", Description = "Hosted with two line ministries.", Outcome = $"1.{a + 1}", Importance = a % 3 + 1,
            }).ToList(),
        };

        /// <summary>The same draft with a few indicators' figures changed, as a focal point fills in what came in.</summary>
        private SubmissionInput Edit(SubmissionInput before, int edit, Random random)
        {
            var values = new Dictionary<string, IndicatorValue?>(before.Values);
            for (var k = 0; k < ChangedPerEdit; k++)
            {
                var indicator = template.Indicators[(edit * ChangedPerEdit + k) % template.Indicators.Count];
                values[indicator.Code] = Value(indicator, random);
            }
            return new SubmissionInput { Values = values, Narrative = before.Narrative, Activities = before.Activities };
        }

        private static IndicatorValue Value(Indicator i, Random random)
        {
            var value = i.Kind switch
            {
                IndicatorKind.Count when i.Disaggregations.Count > 0 => Split(random.Next(0, 500)),
                IndicatorKind.Count => new IndicatorValue { Value = random.Next(0, 500) },
                IndicatorKind.Percentage => Rate(random),
                _ => new IndicatorValue { Achieved = random.Next(2) == 1, EvidenceUrl = "https://example.gov/evidence.pdf" },
            };
            if (i.Code == "I00") value.Narrative = "ความคืบหน้าของการดำเนินงานตามแผนงานในปีนี้เป็นไปตามเป้าหมาย";
            return value;
        }

        private static IndicatorValue Split(int total) => new()
        {
            Value = total,
            Disaggregation = new() { ["sex"] = new() { ["female"] = total / 2, ["male"] = total - total / 2 } },
        };

        private static IndicatorValue Rate(Random random)
        {
            var den = random.Next(100, 10_000);
            return new IndicatorValue { Numerator = random.Next(0, den), Denominator = den };
        }
    }

    /// <summary>A table service whose tables record the transaction they are given instead of sending it.</summary>
    private sealed class CapturingTableService : TableServiceClient
    {
        private List<TableTransactionAction>? last;

        public override TableClient GetTableClient(string tableName) => new CapturingTable(this);

        public List<TableTransactionAction> Take()
        {
            var taken = last ?? throw new InvalidOperationException("The store sent no transaction.");
            last = null;
            return taken;
        }

        private sealed class CapturingTable(CapturingTableService owner) : TableClient
        {
            public override Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
            {
                owner.last = transactionActions.ToList();
                return Task.FromResult<Response<IReadOnlyList<Response>>>(null!);
            }
        }
    }

    /// <summary>One timed phase: every client runs its writes in order; all clients at once.</summary>
    private sealed record Phase(string Name, int Writes, TimeSpan Elapsed, double[] LatencyMs, long IdleWorkingSet, long IdleHeap, long PeakWorkingSet,
        long PeakHeap, long Allocated, TimeSpan Cpu, TimeSpan AzuriteCpu, Dictionary<string, StorageCounter.Stat> Calls)
    {
        public double Rate => Writes / Elapsed.TotalSeconds;
        public double MeanMs => LatencyMs.Average();
        public double CallsPerWrite => (double)Calls.Values.Sum(s => s.Count) / Writes;
        public double BatchBytesPerWrite => (double)Calls.Where(kv => kv.Key.StartsWith('$')).Sum(kv => kv.Value.Bytes) / Writes;
        public double CpuMsPerWrite => Cpu.TotalMilliseconds / Writes;
        public double AzuriteCpuMsPerWrite => AzuriteCpu.TotalMilliseconds / Writes;
        public double AllocatedPerWrite => (double)Allocated / Writes;
        public double StorageMsPerWrite => Calls.Values.Sum(s => s.Ms) / Writes;

        public double Percentile(double p)
        {
            var rank = (int)Math.Ceiling(p / 100 * LatencyMs.Length) - 1;
            return LatencyMs[Math.Clamp(rank, 0, LatencyMs.Length - 1)];
        }

        public static async Task<Phase> MeasureAsync(string name, Client[] clients, StorageCounter counter, int? azuritePid, Func<Client, List<long>, Task> run)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var idleWorkingSet = Environment.WorkingSet;
            var idleHeap = GC.GetTotalMemory(forceFullCollection: false);
            long peakWorkingSet = idleWorkingSet, peakHeap = idleHeap;
            var done = false;
            // A thread of its own, so a busy thread pool cannot starve the sampling.
            var sampler = new Thread(() =>
            {
                while (!Volatile.Read(ref done))
                {
                    peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                    Thread.Sleep(50);
                }
            }) { IsBackground = true, Name = "memory sampler" };

            var calls = counter.Snapshot();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var azuriteCpu = ProcStat.Cpu(azuritePid);
            var latencies = clients.Select(c => new List<long>(c.Writes.Count)).ToArray();
            sampler.Start();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((c, i) => Task.Run(() => run(c, latencies[i]))));
            watch.Stop();
            Volatile.Write(ref done, true);
            sampler.Join();

            return new Phase(name, clients.Sum(c => c.Writes.Count), watch.Elapsed,
                latencies.SelectMany(l => l).Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray(),
                idleWorkingSet, idleHeap, peakWorkingSet, peakHeap,
                GC.GetTotalAllocatedBytes(precise: true) - allocated,
                Process.GetCurrentProcess().TotalProcessorTime - cpu,
                ProcStat.Cpu(azuritePid) - azuriteCpu,
                StorageCounter.Delta(counter.Snapshot(), calls));
        }
    }

    /// <summary>CPU time of a child process (Azurite) from /proc, Linux only; zero elsewhere.</summary>
    private static class ProcStat
    {
        public static int? ChildPid(string commandLineContains)
        {
            if (!Directory.Exists("/proc")) return null;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    if (Fields(pid)[1] == Environment.ProcessId.ToString() && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(commandLineContains))
                        return pid;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            }
            return null;
        }

        public static TimeSpan Cpu(int? pid)
        {
            if (pid is not { } p) return TimeSpan.Zero;
            try
            {
                var f = Fields(p);
                return TimeSpan.FromSeconds((long.Parse(f[11]) + long.Parse(f[12])) / 100.0); // utime + stime, in clock ticks (USER_HZ = 100)
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return TimeSpan.Zero; }
        }

        /// <summary>The fields of /proc/{pid}/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime.</summary>
        private static string[] Fields(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
    }
}
