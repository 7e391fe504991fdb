using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// What changed about a token itself between two polls: added, removed, a new topic, renewed, a new owner.
/// </summary>
internal static class TokenChangeEvents
{
    /// <summary>
    /// An expiry date moving by less than this is a change of rounding, not a renewal or a new token.
    /// </summary>
    public static readonly TimeSpan ExpiryTolerance = TimeSpan.FromDays(1);

    /// <summary>The events, and whether the token changed in a way that ends a snooze (anything but "added").</summary>
    public static (List<AlertEvent> Events, bool Changed) Of(
        TokenObservation token,
        TokenObservation? previous,
        bool kindReadBefore,
        TokenHealth health,
        DateTimeOffset now
    )
    {
        if (previous is not { NotConfigured: false } before)
        {
            var added = !token.NotConfigured && (previous is not null || kindReadBefore);
            return (added ? [Events.Token(AlertEventKind.TokenAdded, HealthStatus.Ok, token, health, now)] : [], false);
        }

        var events = Changes(token, before, health, now);
        return (events, events.Count > 0);
    }

    /// <summary>What became of a token that was there at the last poll: removed, renewed, replaced, re-owned.</summary>
    private static List<AlertEvent> Changes(
        TokenObservation token,
        TokenObservation previous,
        TokenHealth health,
        DateTimeOffset now
    )
    {
        if (token.NotConfigured)
        {
            return [Changed(AlertEventKind.TokenRemoved, Events.RemovedSeverity(token.Kind))];
        }

        var events = new List<AlertEvent>();
        if (NewTopic(previous, token))
        {
            events.Add(Changed(AlertEventKind.TopicChanged, HealthStatus.Critical));
        }
        else if (Renewed(previous, token))
        {
            events.Add(Changed(AlertEventKind.Renewed, HealthStatus.Ok));
        }

        if (NewOwner(previous, token))
        {
            events.Add(Changed(AlertEventKind.OwnerChanged, OwnerChangeSeverity(token.Kind)));
        }

        return events;

        AlertEvent Changed(AlertEventKind kind, HealthStatus severity) =>
            Events.Token(kind, severity, token, health, now) with
            {
                Previous = previous,
            };
    }

    /// <summary>
    /// Only the push certificate's owner matters (a renewal under another Apple ID is a new certificate); an ADE
    /// token's Apple ID can change without effect, and a VPP token belongs to its location: news, not a warning.
    /// </summary>
    public static HealthStatus OwnerChangeSeverity(TokenKind kind) =>
        kind switch
        {
            TokenKind.Apns => HealthStatus.Warning,
            TokenKind.Ade or TokenKind.Vpp => HealthStatus.Ok,
        };

    public static bool ExpiryMoved(DateTimeOffset? before, DateTimeOffset? after) =>
        before is { } b && after is { } a ? (a - b).Duration() >= ExpiryTolerance : before.HasValue != after.HasValue;

    /// <summary>A new APNs topic: a new certificate, not a renewal.</summary>
    private static bool NewTopic(TokenObservation previous, TokenObservation token) =>
        token.Kind == TokenKind.Apns
        && !string.IsNullOrWhiteSpace(previous.TopicId)
        && !string.IsNullOrWhiteSpace(token.TopicId)
        && !string.Equals(previous.TopicId, token.TopicId, StringComparison.Ordinal);

    private static bool Renewed(TokenObservation previous, TokenObservation token) =>
        previous.ExpiresAt is { } before && token.ExpiresAt is { } after && after - before >= ExpiryTolerance;

    private static bool NewOwner(TokenObservation previous, TokenObservation token) =>
        !string.IsNullOrWhiteSpace(previous.AppleId)
        && !string.IsNullOrWhiteSpace(token.AppleId)
        && !string.Equals(previous.AppleId.Trim(), token.AppleId.Trim(), StringComparison.OrdinalIgnoreCase);
}
