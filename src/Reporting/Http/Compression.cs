using System.IO.Compression;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Reporting.Http;

/// <summary>
/// Response compression for a slow line, done in the core so both hosts send the same bytes (the Functions host compresses
/// nothing itself). Brotli when the client takes it, else gzip; both from System.IO.Compression.
/// </summary>
public static class Compression
{
    public const string Brotli = "br";
    public const string Gzip = "gzip";

    /// <summary>Text answers shrink to a quarter or less; XLSX and images are compressed already.</summary>
    public static bool IsCompressible(string contentType)
    {
        var type = contentType.Split(';')[0].Trim();
        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.EndsWith("/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || type is "application/javascript" or "image/svg+xml";
    }

    /// <summary>The encoding to send for an Accept-Encoding header: br, gzip, or null for none.</summary>
    public static string? Choose(StringValues acceptEncoding) =>
        Takes(acceptEncoding, Brotli) ? Brotli : Takes(acceptEncoding, Gzip) ? Gzip : null;

    /// <summary>Whether the client named the encoding with a quality above zero.</summary>
    public static bool Takes(StringValues acceptEncoding, string encoding) =>
        !StringValues.IsNullOrEmpty(acceptEncoding) && StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var offered)
        && offered.Any(o => o.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && (o.Quality ?? 1) > 0);

    /// <summary>Optimal is brotli's quality 4 and gzip's level 6: most of the gain for little CPU, since answers are compressed per request.</summary>
    public static byte[] Compress(byte[] body, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == Brotli
            ? new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true)
            : new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            compressor.Write(body);
        return output.ToArray();
    }
}
