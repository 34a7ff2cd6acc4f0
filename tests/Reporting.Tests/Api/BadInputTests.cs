using System.Text;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Api;

/// <summary>Each class of bad input gets a problem+json naming the field, and nothing is stored.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private ApiServer api = null!;
    private string Key => api.Keys["THA"];
    private static readonly string Path = Samples.SubmissionPath(2024, "THA");

    public async Task InitializeAsync() => api = await (await ApiServer.StartAsync()).WithKeysAsync("THA");

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task NothingStoredAsync(string? path = null) =>
        await (await api.GetAsync(path ?? Path, Key)).ProblemAsync(404, "not-found");

    [Fact]
    public async Task Malformed_json_returns_400()
    {
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": 3}")).ProblemAsync(400, "bad-request");
        await (await api.PutAsync(Path, Key, "{\"values\": {}} trailing")).ProblemAsync(400, "bad-request");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Unknown_field_returns_400_with_its_pointer()
    {
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": 3, \"valu\": 4}}}")).ProblemAsync(400, pointer: "/values/5.1.1/valu");
        await (await api.PutAsync(Path, Key, "{\"values\": {}, \"extra\": true}")).ProblemAsync(400, pointer: "/extra");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Duplicated_field_returns_400()
    {
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": 3, \"value\": 4}}}")).ProblemAsync(400, "bad-request");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Wrong_type_returns_400_with_its_pointer()
    {
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": \"three\"}}}")).ProblemAsync(400, pointer: "/values/5.1.1/value");
        await (await api.PutAsync(Path, Key, "{\"values\": []}")).ProblemAsync(400);
        await (await api.PutAsync(Path, Key, "[1,2]")).ProblemAsync(400);
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Numerator_above_denominator_names_the_indicator_and_field()
    {
        var problem = await (await api.PutAsync(Path, Key, "{\"values\": {\"5.2.1\": {\"numerator\": 130, \"denominator\": 120}}}")).ProblemAsync(400, "validation", "/values/5.2.1/numerator");
        Assert.Contains("120", problem["errors"]![0]!.Value<string>("message"));
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Disaggregation_that_does_not_add_up_is_refused()
    {
        var body = "{\"values\": {\"5.2.1\": {\"numerator\": 45, \"denominator\": 120, \"disaggregation\": {\"sex\": {\"female\": {\"numerator\": 20, \"denominator\": 60}, \"male\": {\"numerator\": 20, \"denominator\": 60}}}}}}";
        await (await api.PutAsync(Path, Key, body)).ProblemAsync(400, "validation", "/values/5.2.1/disaggregation/sex");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Negative_fractional_and_non_finite_counts_are_refused()
    {
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": -1}}}")).ProblemAsync(400, "validation", "/values/5.1.1/value");
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": 1.5}}}")).ProblemAsync(400, "validation", "/values/5.1.1/value");
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": NaN}}}")).ProblemAsync(400);
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": 1e400}}}")).ProblemAsync(400);
        await (await api.PutAsync(Path, Key, "{\"values\": {\"5.1.1\": {\"value\": 123456789012345678901234567890123}}}")).ProblemAsync(400);
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Unknown_indicator_and_outcome_codes_are_named()
    {
        await (await api.PutAsync(Path, Key, "{\"values\": {\"9.9.9\": {\"value\": 1}}}")).ProblemAsync(400, "validation", "/values/9.9.9");
        await (await api.PutAsync(Path, Key, "{\"values\": {}, \"activities\": [{\"title\": \"x\", \"outcome\": \"3.9.9\", \"importance\": 4}]}"))
            .ProblemAsync(400, "validation", "/activities/0/outcome");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Field_of_another_kind_is_refused_with_a_hint()
    {
        var problem = await (await api.PutAsync(Path, Key, "{\"values\": {\"5.2.1\": {\"value\": 37.5}}}")).ProblemAsync(400, "validation", "/values/5.2.1/value");
        Assert.Contains("numerator", problem.ToString());
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Invalid_utf8_returns_400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"values\": {}, \"narrative\": \"abc\"}");
        bytes[bytes.Length - 4] = 0xC3; // starts a two-byte sequence that never finishes
        await (await api.SendAsync(HttpMethod.Put, Path, Key, bytes)).ProblemAsync(400, "bad-request");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Control_characters_in_narratives_are_refused()
    {
        await (await api.PutAsync(Path, Key, "{\"values\": {}, \"narrative\": \"bad\\u0007bell\"}")).ProblemAsync(400, "validation", "/narrative");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Body_over_one_mebibyte_returns_413()
    {
        var huge = "{\"values\": {}, \"narrative\": \"" + new string('a', 1_100_000) + "\"}";
        await (await api.PutAsync(Path, Key, huge)).ProblemAsync(413, "too-large");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Deep_nesting_is_refused()
    {
        var deep = "{\"values\": {\"5.1.1\": " + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "}}";
        await (await api.PutAsync(Path, Key, deep)).ProblemAsync(400);
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Years_outside_the_plan_or_in_the_future_are_refused()
    {
        await (await api.PutAsync(Samples.SubmissionPath(2019, "THA"), Key, Samples.Submission())).ProblemAsync(400, pointer: "year");
        await (await api.PutAsync(Samples.SubmissionPath(2026, "THA"), Key, Samples.Submission())).ProblemAsync(400, pointer: "year");
        await (await api.PutAsync($"api/plans/{Samples.Plan}/years/20x4/submissions/THA", Key, Samples.Submission())).ProblemAsync(400, pointer: "year");
        var future = await api.PutAsync($"api/plans/informal-social-security-2024-2027/years/{DateTime.UtcNow.Year + 1}/submissions/THA", Key, "{\"values\": {}}");
        await future.ProblemAsync(400, pointer: "year");
    }

    [Fact]
    public async Task Unknown_plan_returns_404_and_unknown_state_returns_400_for_the_secretariat()
    {
        await (await api.PutAsync("api/plans/no-such-plan/years/2024/submissions/THA", Key, Samples.Submission())).ProblemAsync(404, "not-found");
        await (await api.GetAsync(Samples.SubmissionPath(2024, "XYZ"), api.Keys["secretariat"])).ProblemAsync(400, pointer: "state");
        await (await api.GetAsync(Samples.SubmissionPath(2024, "' or PartitionKey ne '"), api.Keys["secretariat"])).ProblemAsync(400, pointer: "state");
    }

    [Fact]
    public async Task Timor_Leste_may_report_2025_voluntarily_but_not_2021()
    {
        await using var tls = await (await ApiServer.StartAsync()).WithKeysAsync("TLS");
        await (await tls.PutAsync(Samples.SubmissionPath(2021, "TLS"), tls.Keys["TLS"], Samples.Submission())).ProblemAsync(400, pointer: "state");
        await (await tls.PutAsync(Samples.SubmissionPath(2025, "TLS"), tls.Keys["TLS"], Samples.Submission())).JsonAsync(201);
    }

    [Fact]
    public async Task Non_json_content_type_returns_415()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Path) { Content = new StringContent("values=1", Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("X-Api-Key", Key);
        await (await api.Http.SendAsync(request)).ProblemAsync(415);
        await NothingStoredAsync();
    }

    [Fact]
    public async Task Unknown_route_under_api_returns_problem_404()
    {
        await (await api.GetAsync("api/nothing/here", Key)).ProblemAsync(404, "not-found");
    }
}
