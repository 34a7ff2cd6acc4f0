using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Reporting.Storage;

/// <summary>
/// Every table the API uses, in one place. Names are what infra/app/storage.bicep creates.
/// Key design (PartitionKey / RowKey) is documented on the class that owns each table.
/// </summary>
public sealed class ReportingTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string PlansName = "plans";
    public const string SubmissionsName = "submissions";
    public const string WindowsName = "windows";
    public const string ApiKeysName = "apikeys";
    public const string IdempotencyName = "idempotency";
    public const string JobStateName = "jobstate";
    public const string AggregatesName = "aggregates";
    public const string AssignmentsName = "assignments";
    public const string CommentsName = "comments";
    public const string EvaluationsName = "evaluations";

    public static readonly IReadOnlyList<string> AllNames =
        [PlansName, SubmissionsName, WindowsName, ApiKeysName, IdempotencyName, JobStateName, AggregatesName, AssignmentsName, CommentsName, EvaluationsName];

    private readonly string prefix = options.Value.Prefix;

    public TableClient Plans => Get(PlansName);
    public TableClient Submissions => Get(SubmissionsName);
    public TableClient Windows => Get(WindowsName);
    public TableClient ApiKeys => Get(ApiKeysName);
    public TableClient Idempotency => Get(IdempotencyName);
    public TableClient JobState => Get(JobStateName);
    public TableClient Aggregates => Get(AggregatesName);
    public TableClient Assignments => Get(AssignmentsName);
    public TableClient Comments => Get(CommentsName);
    public TableClient Evaluations => Get(EvaluationsName);

    public TableClient Get(string name) => service.GetTableClient(prefix + name);

    public async Task CreateAllAsync(CancellationToken ct)
    {
        foreach (var name in AllNames)
            await service.CreateTableIfNotExistsAsync(prefix + name, ct);
    }
}
