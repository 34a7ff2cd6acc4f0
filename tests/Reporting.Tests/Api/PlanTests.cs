using Newtonsoft.Json.Linq;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

public sealed class PlanTests : IAsyncLifetime
{
    private ApiServer api = null!;

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private static JObject SmallPlan(string id, params string[] indicatorCodes) => SmallPlanOf(id, "SOMSWD", indicatorCodes);

    private static JObject SmallPlanOf(string id, string body, params string[] indicatorCodes) => JObject.FromObject(new
    {
        id,
        title = "Test plan " + id,
        sectoralBody = body,
        firstYear = 2021,
        lastYear = 2025,
        goals = new[] { new { code = "1", text = "A goal" } },
        outcomes = new[] { new { code = "1.1", text = "An outcome", goals = new[] { "1" } } },
        indicators = indicatorCodes.Select(c => new { code = c, title = "Indicator " + c, outcome = "1.1", kind = "count", stateAggregation = "sum", yearAggregation = "sum" }),
    });

    [Fact]
    public async Task Sample_plans_are_loaded_on_first_start()
    {
        var plans = await (await api.GetAsync("api/plans", api.Keys["THA"])).JsonTokenAsync(200);
        Assert.Contains(plans, p => p.Value<string>("id") == "somswd-2021-2025");
        Assert.Contains(plans, p => p.Value<string>("id") == "informal-social-security-2024-2027");
        var somswd = await (await api.GetAsync("api/plans/somswd-2021-2025", api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(["2.1", "2.2", "2.3", "2.4"], somswd["goals"]!.Select(g => g.Value<string>("code")));
        var codes = somswd["indicators"]!.Select(i => i.Value<string>("code")).ToList();
        Assert.Contains("5.1.1", codes);
        Assert.Contains("5.1.4", codes);
    }

    [Fact]
    public async Task Admin_creates_a_plan_and_a_new_version()
    {
        var created = await api.PutAsync("api/plans/test-plan-a", api.Keys["admin"], SmallPlan("test-plan-a", "A1"));
        Assert.Equal(1, (await created.JsonAsync(201)).Value<int>("version"));
        var v2 = await (await api.PutAsync("api/plans/test-plan-a", api.Keys["admin"], SmallPlan("test-plan-a", "A1", "A2"))).JsonAsync(200);
        Assert.Equal(2, v2.Value<int>("version"));
        var v1 = await (await api.GetAsync("api/plans/test-plan-a?version=1", api.Keys["THA"])).JsonAsync(200);
        Assert.Single((JArray)v1["indicators"]!);
    }

    [Fact]
    public async Task New_version_that_drops_an_indicator_with_submissions_returns_409_naming_it()
    {
        await (await api.PutAsync("api/plans/test-plan-b", api.Keys["admin"], SmallPlan("test-plan-b", "B1", "B2", "B3"))).JsonAsync(201);
        await (await api.PutAsync("api/plans/test-plan-b/years/2024/submissions/THA", api.Keys["THA"], new { values = new Dictionary<string, object> { ["B2"] = new { value = 1 } } })).JsonAsync(201);

        var problem = await (await api.PutAsync("api/plans/test-plan-b", api.Keys["admin"], SmallPlan("test-plan-b", "B1"))).ProblemAsync(409, "indicators-in-use", "/indicators/B2");
        Assert.Contains("B2", problem.Value<string>("detail"));
        Assert.DoesNotContain("B3", problem.Value<string>("detail"));

        var current = await (await api.GetAsync("api/plans/test-plan-b", api.Keys["THA"])).JsonAsync(200);
        Assert.Equal(1, current.Value<int>("version"));
        await (await api.PutAsync("api/plans/test-plan-b", api.Keys["admin"], SmallPlan("test-plan-b", "B1", "B2"))).JsonAsync(200);
    }

    [Fact]
    public async Task Invalid_plan_is_refused_with_pointers_and_not_stored()
    {
        var plan = SmallPlan("test-plan-c", "C1");
        plan["indicators"]![0]!["outcome"] = "9.9";
        plan["indicators"]![0]!["stateAggregation"] = "weightedMean";
        await (await api.PutAsync("api/plans/test-plan-c", api.Keys["admin"], plan)).ProblemAsync(400, "validation", "/indicators/0/outcome");
        await (await api.PutAsync("api/plans/test-plan-c", api.Keys["admin"], plan)).ProblemAsync(400, "validation", "/indicators/0/stateAggregation");
        await (await api.PutAsync("api/plans/other-id", api.Keys["admin"], SmallPlan("test-plan-c", "C1"))).ProblemAsync(400, "validation", "/id");
        await (await api.GetAsync("api/plans/test-plan-c", api.Keys["admin"])).ProblemAsync(404);
    }

    [Fact]
    public async Task A_plan_belongs_to_a_known_sectoral_body_and_keeps_it()
    {
        var bodies = await (await api.GetAsync("api/sectoral-bodies", api.Keys["THA"])).JsonTokenAsync(200);
        Assert.Equal(15, bodies.Count());
        Assert.Contains(bodies, b => b.Value<string>("code") == "SOMSWD" && b.Value<string>("name") == "Senior Officials Meeting on Social Welfare and Development");
        var plans = await (await api.GetAsync("api/plans", api.Keys["admin"])).JsonTokenAsync(200);
        Assert.Equal("SLOM", plans.Single(p => p.Value<string>("id") == "informal-social-security-2024-2027").Value<string>("sectoralBody"));

        var problem = await (await api.PutAsync("api/plans/test-plan-d", api.Keys["admin"], SmallPlanOf("test-plan-d", "National committee", "D1")))
            .ProblemAsync(400, "validation", "/sectoralBody");
        Assert.Contains("SOMSWD", problem.ToString());
        await (await api.GetAsync("api/plans/test-plan-d", api.Keys["admin"])).ProblemAsync(404);

        await (await api.PutAsync("api/plans/test-plan-d", api.Keys["admin"], SmallPlanOf("test-plan-d", "SOMSWD", "D1"))).JsonAsync(201);
        await (await api.PutAsync("api/plans/test-plan-d", api.Keys["admin"], SmallPlanOf("test-plan-d", "SLOM", "D1"))).ProblemAsync(409, "sectoral-body-fixed", "/sectoralBody");
        Assert.Equal(1, (await (await api.GetAsync("api/plans/test-plan-d", api.Keys["admin"])).JsonAsync(200)).Value<int>("version"));
    }

    [Fact]
    public async Task Member_states_come_from_reference_data_with_timor_leste_expected_from_2026()
    {
        var states = await (await api.GetAsync("api/member-states", api.Keys["THA"])).JsonTokenAsync(200);
        Assert.Equal(11, states.Count());
        var tls = states.Single(s => s.Value<string>("code") == "TLS");
        Assert.Equal(2026, tls.Value<int>("expectedFromYear"));
        var in2021 = await (await api.GetAsync("api/member-states?year=2021", api.Keys["THA"])).JsonTokenAsync(200);
        Assert.Equal(10, in2021.Count());
    }
}
