using System.Text.Json.Serialization;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Core.Health;

/// <summary>
/// One condition found on a token, at the severity it holds now, with the datum behind it where the condition alone
/// does not say it (the field Graph sent that could not be read). Its words come from the wording module.
/// </summary>
/// <param name="Condition">
/// Stored as <c>code</c>, as digests written before the catalog have it; the property names its converter because the
/// JSON options' general enum converter would otherwise win and refuse the stored codes.
/// </param>
public sealed record HealthReason(
    [property: JsonPropertyName("code"), JsonConverter(typeof(ConditionJsonConverter))] Condition Condition,
    HealthStatus Status,
    string? Detail = null
)
{
    [JsonIgnore]
    public string Code => Condition.Code();

    /// <summary>For an enrollment condition: the devices (or Intune's verdict) it is about; null for others.</summary>
    [JsonPropertyName("enrollment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EnrollmentFinding? Finding { get; init; }
}
