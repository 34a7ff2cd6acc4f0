namespace Reporting.Storage;

/// <summary>
/// Where the data lives. Locally a connection string (Azurite); in Azure the identity-based form
/// (<c>ReportingStorage__tableServiceUri</c>, <c>__blobServiceUri</c>, <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "ReportingStorage";

    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? BlobServiceUri { get; set; }
    /// <summary><c>managedidentity</c> in Azure; anything else uses the default credential chain.</summary>
    public string? Credential { get; set; }
    public string? ClientId { get; set; }

    /// <summary>Prefix for every table and container name, so tests can share one emulator without meeting each other.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>How long one storage call may take before the request answers 503, in seconds.</summary>
    public int NetworkTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long an instance trusts what it read of keys, plan versions, windows and the submission it last saved
    /// (0: never). Changes through the same instance apply at once; through another instance within this time.
    /// </summary>
    public int CacheSeconds { get; set; } = 15;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || (TableServiceUri is not null && BlobServiceUri is not null);
}
