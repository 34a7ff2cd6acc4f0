using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class StorageOutageTests
{
    [Fact]
    public async Task Storage_down_returns_503_with_retry_after_and_no_internals()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var api = await ApiServer.StartAsync(azurite.ConnectionString);
        await (await api.GetAsync("api/health", null)).JsonAsync(200);

        azurite.Kill();
        var response = await api.PutAsync(Samples.SubmissionPath(2024, "THA"), ApiServer.AdminKey, Samples.Submission());
        var problem = await response.ProblemAsync(503, "storage-unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain("Exception", problem.ToString());
        await (await api.GetAsync("api/health", null)).ProblemAsync(503, "storage-unavailable");
    }

    [Fact]
    public async Task Server_refuses_to_start_without_storage_settings()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ApiServer.StartAsync(connectionString: "", settings: new() { ["ReportingStorage:ConnectionString"] = "" }));
        Assert.Contains("ReportingStorage", error.ToString());
    }
}
