using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Reporting.Storage;

/// <summary>
/// A per-instance memory of small reads that every write repeats (API keys, a plan's current version, windows,
/// the submission last saved). Entries live <see cref="StorageOptions.CacheSeconds"/>; a change made through this
/// instance removes its entry at once, one made through another instance is seen within that time. Bounded: when
/// <paramref name="capacity"/> entries are held it starts again empty.
/// </summary>
/// <remarks>
/// Callers never remember a miss as a hit of something else, and never trust an entry for what the clock decides
/// (expiry, window times): those are compared with the clock on every use.
/// </remarks>
public sealed class ShortCache<TKey, TValue>(IOptions<StorageOptions> options, int capacity = ShortCache<TKey, TValue>.DefaultCapacity) where TKey : notnull
{
    public const int DefaultCapacity = 20_000;

    private readonly ConcurrentDictionary<TKey, (TValue Value, long Expires)> entries = new();
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
        if (entries.Count >= capacity) entries.Clear();
        var entry = (value, Environment.TickCount64 + TtlMs);
        entries[key] = entry;
        // A removal between the check above and the write would otherwise leave what it meant to remove.
        if (ticket != Interlocked.Read(ref generation)) entries.TryRemove(KeyValuePair.Create(key, entry));
    }

    public void Remove(TKey key)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(key, out _);
    }
}
