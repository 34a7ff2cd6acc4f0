using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

/// <summary>
/// Counts and times every storage request a pipeline sends (each attempt, retries included), by table (without the
/// bench's per-round prefix <c>w{round}</c>) and kind of call, with the request body size. Added to the server's clients
/// and to the raw SDK client, it shows how many round trips a write costs and where the time goes.
/// </summary>
internal sealed partial class StorageCounter : HttpPipelinePolicy
{
    public sealed record Stat(long Count, long Ticks, long Bytes)
    {
        public double Ms => Ticks * 1000.0 / Stopwatch.Frequency;
    }

    private readonly ConcurrentDictionary<string, long[]> stats = new(StringComparer.Ordinal);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var start = Stopwatch.GetTimestamp();
        try { await ProcessNextAsync(message, pipeline); }
        finally { Record(message, Stopwatch.GetTimestamp() - start); }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var start = Stopwatch.GetTimestamp();
        try { ProcessNext(message, pipeline); }
        finally { Record(message, Stopwatch.GetTimestamp() - start); }
    }

    public Dictionary<string, Stat> Snapshot() =>
        stats.ToDictionary(kv => kv.Key, kv => new Stat(Interlocked.Read(ref kv.Value[0]), Interlocked.Read(ref kv.Value[1]), Interlocked.Read(ref kv.Value[2])));

    public static Dictionary<string, Stat> Delta(Dictionary<string, Stat> after, Dictionary<string, Stat> before) =>
        after.Select(kv => (kv.Key, Stat: before.TryGetValue(kv.Key, out var b) ? new Stat(kv.Value.Count - b.Count, kv.Value.Ticks - b.Ticks, kv.Value.Bytes - b.Bytes) : kv.Value))
            .Where(x => x.Stat.Count > 0)
            .ToDictionary(x => x.Key, x => x.Stat);

    private void Record(HttpMessage message, long ticks)
    {
        var s = stats.GetOrAdd(Classify(message.Request), _ => new long[3]);
        Interlocked.Increment(ref s[0]);
        Interlocked.Add(ref s[1], ticks);
        if (message.Request.Content is { } content && content.TryComputeLength(out var length)) Interlocked.Add(ref s[2], length);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^w[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex RoundPrefix();

    /// <summary>"submissions query", "jobstate upsert", "$batch" …, from the request line (path-style Azurite URLs).</summary>
    private string Classify(Request request)
    {
        var path = Uri.UnescapeDataString(request.Uri.Path);
        var last = path[(path.LastIndexOf('/') + 1)..];
        if (last == "$batch") return "$batch (the transaction)";
        var paren = last.IndexOf('(');
        var table = paren >= 0 ? last[..paren] : last;
        table = RoundPrefix().Replace(table, "");
        var keyed = paren >= 0 && last.Length > paren + 2;
        var what = request.Method.Method switch
        {
            "GET" => keyed ? "point read" : "query",
            "PUT" => "upsert",
            "MERGE" or "PATCH" => "merge",
            "POST" => "insert",
            "DELETE" => "delete",
            var m => m,
        };
        return $"{table} {what}";
    }
}
