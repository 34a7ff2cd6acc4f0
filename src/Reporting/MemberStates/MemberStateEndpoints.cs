using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;

namespace Reporting.MemberStates;

public sealed class MemberStateEndpoints(RequestPipeline pipeline, MemberStateDirectory directory)
{
    public Task<IResult> ListMemberStates(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, ctx =>
        {
            var year = ctx.Query("year");
            IEnumerable<MemberState> states = directory.All;
            if (year is not null)
            {
                if (!int.TryParse(year, out var y) || y is < 1967 or > 2100)
                    throw new ProblemException(Problems.BadRequest("The year is not valid.", "year", "must be a four-digit year"));
                states = states.Where(s => s.MayReportFor(y));
            }
            return Task.FromResult(ApiResults.Ok(states.Select(s => new
            {
                s.Code,
                s.Name,
                s.MemberFrom,
                s.MemberUntil,
                expectedFromYear = s.MemberFrom.DayOfYear == 1 ? s.MemberFrom.Year : s.MemberFrom.Year + 1,
            })));
        });
}
