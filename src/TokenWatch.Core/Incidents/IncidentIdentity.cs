using System.Globalization;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Incidents;

/// <summary>
/// What makes one condition in several tenants the same incident: the condition and the token kind, and for an ADE
/// sync error also Apple's error code, for a state the state Intune reports. Only conditions a shared outside cause
/// can raise in many tenants at once take part (Apple's new terms, an Apple or Intune outage, a Graph change); an
/// expiry is each tenant's own date, and owner findings are each tenant's own set-up, so they never form one.
/// </summary>
public sealed record IncidentIdentity(Condition Condition, TokenKind Kind, string Key)
{
    /// <summary>The identity of <paramref name="condition"/> on <paramref name="token"/>; null when it takes no
    /// part.</summary>
    public static IncidentIdentity? Of(Condition condition, TokenObservation token)
    {
        var detail = condition switch
        {
            Condition.SyncError => token.SyncErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "none",
            Condition.InvalidState or Condition.UnrecognizedState or Condition.UploadFailed => Lower(token.State),
            Condition.SyncFailed
            or Condition.SyncStale
            or Condition.NeverSynced
            or Condition.Unparseable
            or Condition.MissingExpiry => "",
            _ => null,
        };
        return detail is null
            ? null
            : new IncidentIdentity(condition, token.Kind, $"{condition.Code()}|{token.Kind.ToSlug()}|{detail}");
    }

    private static string Lower(string? state) => (state ?? "none").Trim().ToLowerInvariant().Replace('|', '_');
}
