using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Reporting.Frameworks;
using Reporting.Http;
using Reporting.Plans;
using Reporting.Submissions;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Domain;

/// <summary>The shipped framework data (reference/frameworks), its validator, and plans and activities checked against it.</summary>
public sealed class FrameworkDataTests : IDisposable
{
    private const string Blueprint = "ascc-blueprint-2025";
    private readonly string temp = Path.Combine(Path.GetTempPath(), "frameworks-" + Guid.NewGuid().ToString("N"));

    public FrameworkDataTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static JObject BlueprintJson() => JObject.Parse(File.ReadAllText(Path.Combine(ReferenceData.FrameworksFolder, Blueprint + ".json")));

    private static Framework Bind(JObject json) => json.ToObject<Framework>(Json.Serializer)!;

    private static WorkPlan SamplePlan(string file = "somswd-2021-2025.json") =>
        JsonConvert.DeserializeObject<WorkPlan>(File.ReadAllText(Path.Combine(Azurite.RepoRoot(), "plans", file)), Json.Settings)!;

    private void Write(string name, JObject json) => File.WriteAllText(Path.Combine(temp, name), json.ToString());

    private static void AssertError(IReadOnlyList<ProblemError> errors, string pointer, string contains) =>
        Assert.True(errors.Any(e => e.Pointer == pointer && e.Message.Contains(contains, StringComparison.Ordinal)),
            $"Expected an error at {pointer} containing '{contains}'; got: {string.Join("; ", errors.Select(e => e.Pointer + " " + e.Message))}");

    [Fact]
    public void Shipped_blueprint_loads_with_five_characteristics_and_cites_a_source_for_every_entry()
    {
        var blueprint = ReferenceData.Frameworks.Find(Blueprint);
        Assert.NotNull(blueprint);
        Assert.Equal(["A", "B", "C", "D", "E"], blueprint.Characteristics.Select(c => c.Code));
        Assert.Equal(["Engages and Benefits the People", "Inclusive", "Sustainable", "Resilient", "Dynamic"], blueprint.Characteristics.Select(c => c.Title));
        Assert.Equal(18, blueprint.DeclaredKeyResultAreas);
        Assert.Equal(["A.1", "A.2", "B.1", "B.2", "B.3", "C.1", "C.2", "C.3", "C.4", "D.1", "D.2", "D.4"], blueprint.KeyResultAreas.Select(k => k.Code));
        Assert.Equal("Reducing Barriers", blueprint.FindKeyResultArea("B.1")!.Title);
        Assert.Equal("Promotion and Protection of Human Rights", blueprint.FindKeyResultArea("B.3")!.Title);
        var sources = blueprint.Sources.Select(s => s.Id).ToHashSet();
        Assert.All(blueprint.Sources, s => Assert.StartsWith("http", s.Url));
        Assert.All(blueprint.KeyResultAreas, k => Assert.Contains(k.Source!, sources));
        Assert.All(blueprint.KeyResultAreas.Where(k => k.Code.StartsWith('D')), k => Assert.Equal("D", k.Characteristic));
        Assert.Empty(FrameworkValidator.Validate(blueprint));
    }

    [Fact]
    public void The_social_protection_area_is_listed_as_unconfirmed_with_a_note_and_no_title_passes_for_the_blueprints_wording()
    {
        var d4 = ReferenceData.Frameworks.Find(Blueprint)!.FindKeyResultArea("D.4")!;
        Assert.False(d4.Confirmed);
        Assert.Contains("NOT CONFIRMED", d4.Note);
        Assert.All(ReferenceData.Frameworks.Find(Blueprint)!.KeyResultAreas.Where(k => k.Code != "D.4"), k => Assert.True(k.Confirmed, k.Code));
    }

    [Fact]
    public void Validator_refuses_duplicate_codes_unknown_characteristics_codes_under_the_wrong_letter_and_uncited_entries()
    {
        var json = BlueprintJson();
        var kras = (JArray)json["keyResultAreas"]!;
        kras[1]!["code"] = "A.1";                    // duplicate
        kras[2]!["characteristic"] = "F";           // unknown characteristic
        kras[3]!["code"] = "C.9";                   // B's area coded under C
        kras[4]!["source"] = "nowhere";             // unknown source
        kras[5]!["confirmed"] = false;              // unconfirmed without a note
        ((JObject)kras[6]!).Remove("source");       // confirmed without a source
        json["declaredKeyResultAreas"] = 3;
        json["id"] = "Not An Id";

        var errors = FrameworkValidator.Validate(Bind(json));
        AssertError(errors, "/keyResultAreas/1/code", "'A.1' appears twice");
        AssertError(errors, "/keyResultAreas/2/characteristic", "no characteristic 'F'");
        AssertError(errors, "/keyResultAreas/3/code", "starting 'B.'");
        AssertError(errors, "/keyResultAreas/4/source", "no source 'nowhere'");
        AssertError(errors, "/keyResultAreas/5/note", "says what could not be confirmed");
        AssertError(errors, "/keyResultAreas/6/source", "names the source");
        AssertError(errors, "/declaredKeyResultAreas", "12 key result areas are listed");
        AssertError(errors, "/id", "lowercase");
    }

    [Fact]
    public void A_successor_is_another_file_in_the_folder_and_each_year_finds_the_framework_in_force()
    {
        Write(Blueprint + ".json", BlueprintJson());
        Write("ascc-strategic-plan-2026-2030.json", JObject.FromObject(new
        {
            id = "ascc-strategic-plan-2026-2030",
            series = "ascc",
            revision = 1,
            title = "ASCC Strategic Plan 2026-2030 (test fixture, not real data)",
            firstYear = 2026,
            lastYear = 2030,
            supersedes = Blueprint,
            sources = new[] { new { id = "fixture", title = "Test fixture" } },
            characteristics = new[] { new { code = "S1", title = "A strategic goal", confirmed = true, source = "fixture" } },
            keyResultAreas = new[] { new { code = "S1.1", characteristic = "S1", title = "An outcome", confirmed = true, source = "fixture" } },
        }));

        var directory = FrameworkDirectory.FromFolder(temp);
        Assert.Equal([Blueprint, "ascc-strategic-plan-2026-2030"], directory.All.Select(f => f.Id));
        Assert.Equal(Blueprint, directory.InForce("ascc", 2025)!.Id);
        Assert.Equal("ascc-strategic-plan-2026-2030", directory.InForce("ascc", 2026)!.Id);
        Assert.Null(directory.InForce("ascc", 2015));

        // A plan version can move to the successor: its serves then name the successor's codes.
        var plan = SamplePlan("informal-social-security-2024-2027.json");
        plan.Framework = "ascc-strategic-plan-2026-2030";
        foreach (var element in plan.Outputs.Select(o => o.Serves).Concat(plan.Outcomes.Select(o => o.Serves)).Concat(plan.Indicators.Select(i => i.Serves)).Where(s => s.Count > 0))
        {
            element.Clear();
            element.Add("S1.1");
        }
        Assert.Empty(PlanValidator.Validate(plan, directory));
    }

    [Fact]
    public void The_folder_is_refused_whole_with_every_problem_when_files_disagree()
    {
        var blueprint = BlueprintJson();
        Write(Blueprint + ".json", blueprint);
        var overlapping = (JObject)blueprint.DeepClone();
        overlapping["id"] = "ascc-overlap";
        overlapping["supersedes"] = "no-such-framework";
        overlapping["firstYear"] = 2020;
        overlapping["lastYear"] = 2030;
        Write("ascc-overlap.json", overlapping);
        var misnamed = (JObject)blueprint.DeepClone();
        misnamed["id"] = "other-series-framework";
        misnamed["series"] = "other";
        Write("wrong-file-name.json", misnamed);
        var unknownField = (JObject)blueprint.DeepClone();
        unknownField["id"] = "with-unknown-field";
        unknownField["series"] = "third";
        unknownField["keyResultAreaz"] = new JArray();
        Write("with-unknown-field.json", unknownField);

        var e = Assert.Throws<InvalidOperationException>(() => FrameworkDirectory.FromFolder(temp));
        Assert.Contains("ascc-overlap.json: /supersedes no framework 'no-such-framework'", e.Message);
        Assert.Contains("/firstYear 2020 overlaps ascc-blueprint-2025", e.Message);
        Assert.Contains("wrong-file-name.json: /id 'other-series-framework' must match the file name", e.Message);
        Assert.Contains("with-unknown-field.json:", e.Message);
        Assert.Contains("keyResultAreaz", e.Message);
    }

    [Theory]
    [InlineData("somswd-2021-2025.json")]
    [InlineData("informal-social-security-2024-2027.json")]
    public void Shipped_plans_name_the_blueprint_and_every_outcome_says_who_states_its_links(string file)
    {
        var plan = SamplePlan(file);
        Assert.Equal(Blueprint, plan.Framework);
        Assert.All(plan.Outcomes, o =>
        {
            Assert.NotEmpty(o.Serves);
            Assert.NotNull(o.MappingSource);
            Assert.False(string.IsNullOrWhiteSpace(o.MappingNote));
        });
        Assert.Empty(PlanValidator.Validate(plan, ReferenceData.Frameworks));
    }

    [Fact]
    public void Somswd_outcomes_map_to_the_inclusion_rights_and_social_protection_areas()
    {
        var outcomes = SamplePlan().Outcomes.ToDictionary(o => o.Code);
        Assert.Equal(["B.3"], outcomes["3.2.1"].Serves);                 // rights of children
        Assert.Equal(["B.1"], outcomes["3.2.2"].Serves);                 // persons with disabilities
        Assert.Equal(MappingSource.Framework, outcomes["3.2.2"].MappingSource);
        Assert.Equal(["B.2", "D.4"], outcomes["3.2.3"].Serves);          // older persons, social protection
        Assert.Equal(MappingSource.Project, outcomes["3.2.3"].MappingSource); // the weaker basis of the two
        Assert.Equal(["A.1"], outcomes["3.2.4"].Serves);                 // participation of stakeholders
    }

    [Fact]
    public void Plan_validation_points_at_the_array_element_of_an_unknown_code()
    {
        var plan = SamplePlan();
        plan.Outcomes[1].Serves = ["B.1", "Z.9", "B.1", "D", ""];
        var errors = PlanValidator.Validate(plan, ReferenceData.Frameworks);
        AssertError(errors, "/outcomes/1/serves/1", "no key result area 'Z.9' in ASCC Blueprint 2025 (ascc-blueprint-2025); its key result areas are A.1, A.2,");
        AssertError(errors, "/outcomes/1/serves/2", "'B.1' is listed twice");
        AssertError(errors, "/outcomes/1/serves/3", "'D' is a characteristic of ASCC Blueprint 2025 (Resilient), not a key result area; name one of its key result areas (D.1, D.2, D.4)");
        AssertError(errors, "/outcomes/1/serves/4", "must be a key result area code");
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Plan_validation_needs_a_known_framework_and_a_mapping_source_for_every_link()
    {
        var plan = SamplePlan();
        plan.Indicators[0].Serves = ["B.3"];
        plan.Outputs[0].MappingSource = null;
        var errors = PlanValidator.Validate(plan, ReferenceData.Frameworks);
        AssertError(errors, "/indicators/0/mappingSource", "say who states these links");
        AssertError(errors, "/outputs/0/mappingSource", "say who states these links");

        plan.Framework = "ascc-blueprint-2052";
        AssertError(PlanValidator.Validate(plan, ReferenceData.Frameworks), "/framework", "no framework 'ascc-blueprint-2052'; known: ascc-blueprint-2025");

        plan.Framework = null;
        AssertError(PlanValidator.Validate(plan, ReferenceData.Frameworks), "/outcomes/0/serves", "name the plan's framework first");
    }

    [Fact]
    public void A_mapping_source_without_links_is_refused()
    {
        var plan = SamplePlan();
        plan.Indicators[0].MappingSource = MappingSource.Project;
        AssertError(PlanValidator.Validate(plan, ReferenceData.Frameworks), "/indicators/0/mappingSource", "describes serves");
    }

    [Fact]
    public void An_activity_may_name_a_key_result_area_of_the_plans_framework_only()
    {
        var plan = SamplePlan();
        SubmissionInput Input(string kra) => Json.ParseAndBind<SubmissionInput>(
            $$"""{"values":{},"activities":[{"title":"Forum","outcome":"3.2.4","importance":3,"kra":"{{kra}}"}]}""");

        Assert.Empty(SubmissionValidator.Validate(plan, Input("A.1"), ReferenceData.Frameworks));
        AssertError(SubmissionValidator.Validate(plan, Input("A.9"), ReferenceData.Frameworks), "/activities/0/kra", "no key result area 'A.9'");

        plan.Framework = null;
        AssertError(SubmissionValidator.Validate(plan, Input("A.1"), ReferenceData.Frameworks), "/activities/0/kra", "names no framework");
    }
}
