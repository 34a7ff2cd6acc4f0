using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.MemberStates;
using Reporting.Plans;
using Reporting.SectoralBodies;

namespace Reporting.Storage;

/// <summary>Creates the tables and loads the sample plans on first start; never touches a plan that already exists.</summary>
public sealed class Seeder(ReportingTables tables, ReportingBlobs blobs, PlanStore plans, FrameworkDirectory frameworks, SectoralBodyDirectory bodies,
    IOptions<ReferenceDataOptions> options, ILogger<Seeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        await tables.CreateAllAsync(ct);
        await blobs.CreateAllAsync(ct);
        var folder = options.Value.PlansFolder;
        if (string.IsNullOrWhiteSpace(folder)) return;
        if (!Path.IsPathRooted(folder)) folder = Path.Combine(AppContext.BaseDirectory, folder);
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var plan = JsonConvert.DeserializeObject<WorkPlan>(await File.ReadAllTextAsync(file, ct), Json.Settings)!;
            var errors = PlanValidator.Validate(plan, frameworks, bodies: bodies);
            if (errors.Count > 0)
            {
                logger.LogError("Sample plan {File} is not valid: {Errors}", file, string.Join("; ", errors.Select(e => $"{e.Pointer} {e.Message}")));
                continue;
            }
            if (await plans.GetPointerAsync(plan.Id, ct) is not null) continue;
            if (await plans.SaveVersionAsync(plan, 1, null, "seed", ct))
                logger.LogInformation("Loaded sample plan {Plan} from {File}", plan.Id, Path.GetFileName(file));
        }
    }
}

internal sealed class SeedOnStart(Seeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => seeder.SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
