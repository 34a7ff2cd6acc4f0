using Azure.Data.Tables;

namespace Reporting.Storage;

/// <summary>
/// Stores long text across several string properties of one entity: a property holds at most 32K UTF-16
/// characters, an entity up to 1 MiB, and one entity is written atomically.
/// </summary>
public static class ChunkedText
{
    private const int ChunkChars = 30_000;
    public const int MaxChunks = 15;

    public static void Write(TableEntity entity, string prefix, string text)
    {
        var index = 0;
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(ChunkChars, text.Length - start);
            // Never split a surrogate pair: half a Thai or emoji character would not survive the wire.
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1])) length--;
            entity[$"{prefix}{index:D2}"] = text.Substring(start, length);
            start += length;
            index++;
        }
        if (index > MaxChunks) throw new InvalidOperationException($"Text of {text.Length} characters does not fit in one entity.");
        entity[$"{prefix}Chunks"] = index;
    }

    public static string Read(TableEntity entity, string prefix)
    {
        var count = entity.GetInt32($"{prefix}Chunks") ?? 0;
        return string.Concat(Enumerable.Range(0, count).Select(i => entity.GetString($"{prefix}{i:D2}")));
    }

    public static bool Fits(string text) => text.Length <= ChunkChars * (MaxChunks - 1);
}
