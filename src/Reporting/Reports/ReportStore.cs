using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs.Models;
using Newtonsoft.Json;
using Reporting.Http;
using Reporting.Storage;

namespace Reporting.Reports;

/// <summary>
/// Container <c>reports</c>: <c>{planId}/{end-of-plan|annual-YYYY}/{yyyyMMddTHHmmssZ}-{hash8}/</c> holding report.html,
/// data.json, summary.xlsx, summary.csv and, written last, manifest.json. A version exists only once its manifest
/// does, so a reader never sees one half-written; every blob is written with If-None-Match: * and never overwritten.
/// </summary>
public sealed partial class ReportStore(ReportingBlobs blobs)
{
    public const string Manifest = "manifest.json";

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["report.html"] = "text/html; charset=utf-8",
        ["data.json"] = "application/json; charset=utf-8",
        ["summary.xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["summary.csv"] = "text/csv; charset=utf-8",
        [Manifest] = "application/json; charset=utf-8",
    };

    /// <summary>A report id reads <c>{segment}.{folder}</c>, e.g. <c>annual-2024.20261123T031500Z-ab12cd34</c>.</summary>
    [GeneratedRegex("^(end-of-plan|annual-[0-9]{4})\\.([0-9]{8}T[0-9]{6}Z-[0-9a-f]{8})$")]
    public static partial Regex ReportIdPattern();

    public static string FolderOf(string planId, string reportId)
    {
        var m = ReportIdPattern().Match(reportId);
        return $"{planId}/{m.Groups[1].Value}/{m.Groups[2].Value}/";
    }

    /// <summary>All complete versions of a plan's reports (those with a manifest), newest first.</summary>
    public async Task<IReadOnlyList<ReportManifest>> ListAsync(string planId, string? segment, CancellationToken ct) =>
        (await ListManifestsAsync<ReportManifest>(segment is null ? $"{planId}/" : $"{planId}/{segment}/", ct))
            .OrderByDescending(m => m.GeneratedAt).ThenByDescending(m => m.ReportId, StringComparer.Ordinal).ToList();

    /// <summary>The manifests under a prefix (complete versions only), in any order. Shared with the framework evaluation's reports.</summary>
    public async Task<List<T>> ListManifestsAsync<T>(string prefix, CancellationToken ct)
    {
        var manifests = new List<T>();
        await foreach (var item in blobs.Reports.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            if (!item.Name.EndsWith("/" + Manifest, StringComparison.Ordinal)) continue;
            manifests.Add(await ReadManifestAsync<T>(item.Name, ct));
        }
        return manifests;
    }

    public async Task<ReportManifest?> GetManifestAsync(string planId, string reportId, CancellationToken ct)
    {
        try
        {
            return await ReadManifestAsync<ReportManifest>(FolderOf(planId, reportId) + Manifest, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public Task<byte[]?> ReadAsync(string planId, string reportId, string file, CancellationToken ct) => ReadBlobAsync(FolderOf(planId, reportId) + file, ct);

    /// <summary>A blob's bytes, or null when there is none.</summary>
    public async Task<byte[]?> ReadBlobAsync(string name, CancellationToken ct)
    {
        try
        {
            var content = await blobs.Reports.GetBlobClient(name).DownloadContentAsync(ct);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the files, then the manifest. Never overwrites: a clash means the version already exists.</summary>
    public Task WriteAsync(string planId, string reportId, IReadOnlyDictionary<string, byte[]> files, ReportManifest manifest, CancellationToken ct) =>
        WriteFolderAsync(FolderOf(planId, reportId), files.ToDictionary(f => f.Key, f => (f.Value, Files[f.Key])), manifest, ct);

    /// <summary>
    /// A version folder: every file (name → content and type) with If-None-Match, then <c>manifest.json</c> last, so the version
    /// exists for readers only once it is whole. Shared with the framework evaluation's reports.
    /// </summary>
    public async Task WriteFolderAsync(string folder, IReadOnlyDictionary<string, (byte[] Content, string Type)> files, object manifest, CancellationToken ct)
    {
        foreach (var (name, (content, type)) in files)
            await UploadAsync(folder + name, content, type, ct);
        await UploadAsync(folder + Manifest, System.Text.Encoding.UTF8.GetBytes(Json.Serialize(manifest, indented: true)), Files[Manifest], ct);
    }

    private async Task UploadAsync(string name, byte[] content, string contentType, CancellationToken ct) =>
        await blobs.Reports.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, ct);

    private async Task<T> ReadManifestAsync<T>(string name, CancellationToken ct)
    {
        var content = await blobs.Reports.GetBlobClient(name).DownloadContentAsync(ct);
        return JsonConvert.DeserializeObject<T>(content.Value.Content.ToString(), Json.Settings)!;
    }
}
