using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenWatch.Core.Actions;

/// <summary>The signed part of an action token, with short names so the link stays short.</summary>
internal sealed record ActionPayload(
    [property: JsonPropertyName("t")] string TenantId,
    [property: JsonPropertyName("k")] string TokenKey,
    [property: JsonPropertyName("c")] string Condition,
    [property: JsonPropertyName("d")] string DigestId,
    [property: JsonPropertyName("a")] string Action,
    [property: JsonPropertyName("e")] long ExpiresAt,
    [property: JsonPropertyName("i"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        string? IncidentId = null
)
{
    private const string IncidentAction = "acknowledge-incident";

    public static ActionPayload Of(ActionClaim claim) =>
        new(
            claim.TenantId,
            claim.TokenKey,
            claim.Condition,
            claim.DigestId,
            claim.Kind switch
            {
                AlertActionKind.Snooze => "snooze",
                AlertActionKind.Acknowledge => "acknowledge",
                AlertActionKind.AcknowledgeIncident => IncidentAction,
            },
            claim.ExpiresAt.ToUnixTimeSeconds(),
            claim.IncidentId
        );

    /// <summary>The claim in a signed payload; null when it is not one (only a key holder can sign one).</summary>
    public static ActionClaim? Read(byte[]? json, string keyId)
    {
        try
        {
            var payload = json is null ? null : JsonSerializer.Deserialize<ActionPayload>(json);
            AlertActionKind? kind = payload?.Action switch
            {
                "snooze" => AlertActionKind.Snooze,
                "acknowledge" => AlertActionKind.Acknowledge,
                IncidentAction => AlertActionKind.AcknowledgeIncident,
                _ => null,
            };
            // An incident claim names its incident and nothing else does: one purpose per link.
            var consistent =
                (kind == AlertActionKind.AcknowledgeIncident) == !string.IsNullOrEmpty(payload?.IncidentId);
            return payload is null || kind is null || !consistent
                ? null
                : new ActionClaim(
                    payload.TenantId,
                    payload.TokenKey,
                    payload.Condition,
                    payload.DigestId,
                    kind.Value,
                    DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt),
                    keyId
                )
                {
                    IncidentId = payload.IncidentId,
                };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
