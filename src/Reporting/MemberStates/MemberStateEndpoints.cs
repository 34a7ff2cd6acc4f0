using Microsoft.AspNetCore.Http;
using Reporting.Access;
using Reporting.Http;

namespace Reporting.MemberStates;

public sealed class MemberStateEndpoints(RequestPipeline pipeline, MemberStateDirectory directory)
{
    public sealed record MemberStateView
    {
        public required string Code { get; init; }
        public required string Name { get; init; }
        public required DateOnly MemberFrom { get; init; }
        public DateOnly? MemberUntil { get; init; }
        /// <summary>The first year the state is expected to report (the first full year of membership).</summary>
        public required int ExpectedFromYear { get; init; }
    }

    public Task<IResult> ListMemberStates(HttpRequest request) =>
        pipeline.RunAsync(request, Requirement.Authenticated, ctx =>
        {
            var year = ctx.Query("year");
            IEnumerable<MemberState> states = directory.All;
            if (year is not null)
            {
                if (!int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) || y is < 1967 or > 2100)
                    throw new ProblemException(Problems.BadRequest("The year is not valid.", "year", "must be a four-digit year"));
                states = states.Where(s => s.MayReportFor(y));
            }
            return Task.FromResult(ApiResults.Revalidated(states.Select(s => new MemberStateView
            {
                Code = s.Code,
                Name = s.Name,
                MemberFrom = s.MemberFrom,
                MemberUntil = s.MemberUntil,
                ExpectedFromYear = s.MemberFrom.DayOfYear == 1 ? s.MemberFrom.Year : s.MemberFrom.Year + 1,
            }).ToList()));
        });
}
