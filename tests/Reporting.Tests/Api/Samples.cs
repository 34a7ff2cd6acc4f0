using Newtonsoft.Json.Linq;

namespace Reporting.Tests.Api;

/// <summary>Request bodies against the shipped SOMSWD plan (plans/somswd-2021-2025.json).</summary>
public static class Samples
{
    public const string Plan = "somswd-2021-2025";
    /// <summary>The second sample plan, of another sectoral body (SLOM; the SOMSWD plan is SOMSWD's).</summary>
    public const string OtherBodyPlan = "informal-social-security-2024-2027";
    public const string ThaiNarrative = "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ได้ปรับปรุงนโยบายคุ้มครองเด็ก ๓ ฉบับ ในปี ๒๕๖๗";
    public const string LaoNarrative = "ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ ໄດ້ປັບປຸງນະໂຍບາຍ";

    public static string SubmissionPath(int year, string state) => $"api/plans/{Plan}/years/{year}/submissions/{state}";

    public static JObject Submission(int policies = 3, string? narrative = ThaiNarrative) => JObject.FromObject(new
    {
        values = new Dictionary<string, object>
        {
            ["5.1.1"] = new { value = policies, narrative },
            ["5.1.2"] = new { value = 4 },
            ["5.2.1"] = new
            {
                numerator = 45,
                denominator = 120,
                disaggregation = new { sex = new { female = new { numerator = 25, denominator = 60 }, male = new { numerator = 20, denominator = 60 } } },
            },
        },
        narrative = "Overall progress. " + LaoNarrative,
        activities = new[]
        {
            new { title = "ASEAN GO-NGO Forum on social welfare", description = "Hosted the yearly forum.", outcome = "3.2.4", importance = 3 },
            new { title = "Training of child-protection officers", description = "Two provinces.", outcome = "3.2.1", importance = 2 },
        },
    });

    /// <summary>A valid submission for <see cref="OtherBodyPlan"/>.</summary>
    public static JObject OtherBodySubmission(string narrative = "Informal workers reached in two provinces.") => JObject.FromObject(new
    {
        values = new Dictionary<string, object>
        {
            ["4.1"] = new { numerator = 12, denominator = 100 },
            ["4.2"] = new { value = 120 },
        },
        narrative,
    });
}
