using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Reporting.Storage;

/// <summary>
/// A per-instance memory of small reads that every write repeats (API keys, a plan's current version, windows,
/// the submission last saved). Entries live <see cref="StorageOptions.CacheSeconds"/>; a change made through this
/// instance removes its entry at once, one made through another instance is seen within that time. Bounded: when
/// full it starts again empty.
/// </summary>
public sealed class ShortCache<TKey, TValue>(IOptions<StorageOptions> options) where TKey : notnull
{
    private const int Capacity = 20_000;
    private readonly ConcurrentDictionary<TKey, (TValue Value, long Expires, long Generation)> entries = new();
    private long generation;

    private long TtlMs => Math.Max(0, options.Value.CacheSeconds) * 1000L;

    public bool TryGet(TKey key, out TValue value)
    {
        if (entries.TryGetValue(key, out var e) && e.Expires > Environment.TickCount64)
        {
            value = e.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Taken before a read from storage; <see cref="Set"/> ignores the result if anything was removed meanwhile.</summary>
    public long Ticket => Interlocked.Read(ref generation);

    public void Set(TKey key, TValue value, long ticket)
    {
        if (TtlMs == 0 || ticket != Interlocked.Read(ref generation)) return;
        if (entries.Count >= Capacity) entries.Clear();
        entries[key] = (value, Environment.TickCount64 + TtlMs, ticket);
    }

    public void Remove(TKey key)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(key, out _);
    }
}
