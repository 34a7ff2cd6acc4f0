using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reporting.Access;
using Reporting.Aggregation;
using Reporting.Evaluation;
using Reporting.Frameworks;
using Reporting.Import;
using Reporting.MemberStates;
using Reporting.OpenApi;
using Reporting.Plans;
using Reporting.Reports;
using Reporting.SectoralBodies;
using Reporting.Submissions;
using Reporting.Web;
using Reporting.Workflow;

namespace Reporting.Http;

/// <summary>One endpoint: its name (= the Functions method name), verb, route and how to call its handler.</summary>
public sealed record ApiEndpoint(string Name, string Verb, string Route, Func<IServiceProvider, HttpRequest, Task<IResult>> Invoke);

/// <summary>
/// The single table of endpoints. The standalone server maps exactly these; functions/ has one
/// <c>[Function]</c> per row with the same name, verb and route (checked in the SDK's generated functions.metadata by FunctionsMetadataTests).
/// </summary>
public static class ApiEndpoints
{
    public static readonly IReadOnlyList<ApiEndpoint> All =
    [
        new(nameof(HealthEndpoints.GetHealth), "GET", Routes.Health, (sp, r) => Use<HealthEndpoints>(sp).GetHealth(r)),
        new(nameof(MemberStateEndpoints.ListMemberStates), "GET", Routes.MemberStates, (sp, r) => Use<MemberStateEndpoints>(sp).ListMemberStates(r)),
        new(nameof(SectoralBodyEndpoints.ListSectoralBodies), "GET", Routes.SectoralBodies, (sp, r) => Use<SectoralBodyEndpoints>(sp).ListSectoralBodies(r)),
        new(nameof(FrameworkEndpoints.ListFrameworks), "GET", Routes.Frameworks, (sp, r) => Use<FrameworkEndpoints>(sp).ListFrameworks(r)),
        new(nameof(FrameworkEndpoints.GetFramework), "GET", Routes.Framework, (sp, r) => Use<FrameworkEndpoints>(sp).GetFramework(r, Arg(r, "frameworkId"))),
        new(nameof(EvaluationEndpoints.GetEvaluation), "GET", Routes.Evaluation, (sp, r) => Use<EvaluationEndpoints>(sp).GetEvaluation(r, Arg(r, "frameworkId"))),
        new(nameof(EvaluationEndpoints.CreateEvaluationReport), "POST", Routes.EvaluationReports, (sp, r) => Use<EvaluationEndpoints>(sp).CreateEvaluationReport(r, Arg(r, "frameworkId"))),
        new(nameof(EvaluationEndpoints.ListEvaluationReports), "GET", Routes.EvaluationReports, (sp, r) => Use<EvaluationEndpoints>(sp).ListEvaluationReports(r, Arg(r, "frameworkId"))),
        new(nameof(EvaluationEndpoints.GetEvaluationReportFile), "GET", Routes.EvaluationReportFile, (sp, r) => Use<EvaluationEndpoints>(sp).GetEvaluationReportFile(r, Arg(r, "frameworkId"), Arg(r, "evaluationId"), Arg(r, "evaluationFile"))),
        new(nameof(PlanEndpoints.ListPlans), "GET", Routes.Plans, (sp, r) => Use<PlanEndpoints>(sp).ListPlans(r)),
        new(nameof(PlanEndpoints.GetPlan), "GET", Routes.Plan, (sp, r) => Use<PlanEndpoints>(sp).GetPlan(r, Arg(r, "planId"))),
        new(nameof(PlanEndpoints.PutPlan), "PUT", Routes.Plan, (sp, r) => Use<PlanEndpoints>(sp).PutPlan(r, Arg(r, "planId"))),
        new(nameof(WindowEndpoints.GetWindow), "GET", Routes.Window, (sp, r) => Use<WindowEndpoints>(sp).GetWindow(r, Arg(r, "planId"), Arg(r, "year"))),
        new(nameof(WindowEndpoints.PutWindow), "PUT", Routes.Window, (sp, r) => Use<WindowEndpoints>(sp).PutWindow(r, Arg(r, "planId"), Arg(r, "year"))),
        new(nameof(SubmissionEndpoints.ListSubmissions), "GET", Routes.Submissions, (sp, r) => Use<SubmissionEndpoints>(sp).ListSubmissions(r, Arg(r, "planId"), Arg(r, "year"))),
        new(nameof(SubmissionEndpoints.GetSubmission), "GET", Routes.Submission, (sp, r) => Use<SubmissionEndpoints>(sp).GetSubmission(r, Arg(r, "planId"), Arg(r, "year"), Arg(r, "state"))),
        new(nameof(SubmissionEndpoints.PutSubmission), "PUT", Routes.Submission, (sp, r) => Use<SubmissionEndpoints>(sp).PutSubmission(r, Arg(r, "planId"), Arg(r, "year"), Arg(r, "state"))),
        new(nameof(SubmissionEndpoints.SubmitSubmission), "POST", Routes.Submit, (sp, r) => Use<SubmissionEndpoints>(sp).SubmitSubmission(r, Arg(r, "planId"), Arg(r, "year"), Arg(r, "state"))),
        new(nameof(SubmissionEndpoints.ReviewSubmission), "POST", Routes.Review, (sp, r) => Use<SubmissionEndpoints>(sp).ReviewSubmission(r, Arg(r, "planId"), Arg(r, "year"), Arg(r, "state"))),
        new(nameof(SubmissionEndpoints.GetSubmissionHistory), "GET", Routes.History, (sp, r) => Use<SubmissionEndpoints>(sp).GetSubmissionHistory(r, Arg(r, "planId"), Arg(r, "year"), Arg(r, "state"))),
        new(nameof(SubmissionEndpoints.ListStateSubmissions), "GET", Routes.StateSubmissions, (sp, r) => Use<SubmissionEndpoints>(sp).ListStateSubmissions(r, Arg(r, "state"))),
        new(nameof(SubmissionEndpoints.ListMySubmissions), "GET", Routes.MySubmissions, (sp, r) => Use<SubmissionEndpoints>(sp).ListMySubmissions(r)),
        new(nameof(SubmissionEndpoints.GrantLockException), "POST", Routes.LockException, (sp, r) => Use<SubmissionEndpoints>(sp).GrantLockException(r, Arg(r, "planId"), Arg(r, "year"), Arg(r, "state"))),
        new(nameof(SpreadsheetEndpoints.GetTemplate), "GET", Routes.Template, (sp, r) => Use<SpreadsheetEndpoints>(sp).GetTemplate(r, Arg(r, "planId"), Arg(r, "year"))),
        new(nameof(SpreadsheetEndpoints.ImportSubmission), "POST", Routes.Import, (sp, r) => Use<SpreadsheetEndpoints>(sp).ImportSubmission(r, Arg(r, "planId"), Arg(r, "year"), Arg(r, "state"))),
        new(nameof(SummaryEndpoints.GetSummary), "GET", Routes.Summary, (sp, r) => Use<SummaryEndpoints>(sp).GetSummary(r, Arg(r, "planId"))),
        new(nameof(SummaryEndpoints.GetCompleteness), "GET", Routes.Completeness, (sp, r) => Use<SummaryEndpoints>(sp).GetCompleteness(r, Arg(r, "planId"))),
        new(nameof(SummaryEndpoints.GetPending), "GET", Routes.Pending, (sp, r) => Use<SummaryEndpoints>(sp).GetPending(r, Arg(r, "planId"))),
        new(nameof(SummaryEndpoints.RunAggregation), "POST", Routes.RunAggregation, (sp, r) => Use<SummaryEndpoints>(sp).RunAggregation(r)),
        new(nameof(ReportEndpoints.CreateReport), "POST", Routes.Reports, (sp, r) => Use<ReportEndpoints>(sp).CreateReport(r, Arg(r, "planId"))),
        new(nameof(ReportEndpoints.ListReports), "GET", Routes.Reports, (sp, r) => Use<ReportEndpoints>(sp).ListReports(r, Arg(r, "planId"))),
        new(nameof(ReportEndpoints.GetReportFile), "GET", Routes.ReportFile, (sp, r) => Use<ReportEndpoints>(sp).GetReportFile(r, Arg(r, "planId"), Arg(r, "reportId"), Arg(r, "file"))),
        new(nameof(CommentEndpoints.ListReportComments), "GET", Routes.ReportComments, (sp, r) => Use<CommentEndpoints>(sp).ListReportComments(r, Arg(r, "planId"), Arg(r, "reportId"))),
        new(nameof(CommentEndpoints.PostReportComment), "POST", Routes.ReportComments, (sp, r) => Use<CommentEndpoints>(sp).PostReportComment(r, Arg(r, "planId"), Arg(r, "reportId"))),
        new(nameof(CallerEndpoints.GetCaller), "GET", Routes.Caller, (sp, r) => Use<CallerEndpoints>(sp).GetCaller(r)),
        new(nameof(KeyEndpoints.ListApiKeys), "GET", Routes.ApiKeys, (sp, r) => Use<KeyEndpoints>(sp).ListApiKeys(r)),
        new(nameof(KeyEndpoints.CreateApiKey), "POST", Routes.ApiKeys, (sp, r) => Use<KeyEndpoints>(sp).CreateApiKey(r)),
        new(nameof(KeyEndpoints.RevokeApiKey), "DELETE", Routes.ApiKey, (sp, r) => Use<KeyEndpoints>(sp).RevokeApiKey(r, Arg(r, "keyId"))),
        new(nameof(AssignmentEndpoints.ListAssignments), "GET", Routes.Assignments, (sp, r) => Use<AssignmentEndpoints>(sp).ListAssignments(r)),
        new(nameof(AssignmentEndpoints.CreateAssignment), "POST", Routes.Assignments, (sp, r) => Use<AssignmentEndpoints>(sp).CreateAssignment(r)),
        new(nameof(AssignmentEndpoints.RevokeAssignment), "DELETE", Routes.Assignment, (sp, r) => Use<AssignmentEndpoints>(sp).RevokeAssignment(r, Arg(r, "principalId"), Arg(r, "assignmentId"))),
        new(nameof(OpenApiEndpoints.GetOpenApiDocument), "GET", Routes.OpenApi, (sp, r) => Use<OpenApiEndpoints>(sp).GetOpenApiDocument(r)),
        new(nameof(PageEndpoints.GetPage), "GET", Routes.Page, (sp, r) => Use<PageEndpoints>(sp).GetPage(r, Arg(r, "path"))),
    ];

    private static T Use<T>(IServiceProvider services) where T : notnull => services.GetRequiredService<T>();

    private static string Arg(HttpRequest request, string name) => request.RouteValues[name]?.ToString() ?? "";
}
