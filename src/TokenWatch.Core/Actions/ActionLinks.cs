using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Actions;

/// <summary>
/// The "snooze" and "acknowledge" links of an event: one signed, single-purpose token each, valid for
/// <see cref="ActionSettings.LinkLifetimeDays"/> after its digest was composed. Only events about an open condition
/// of a token get them (entered, reminder, milestone): a recovery or a renewal has nothing to silence.
/// </summary>
public sealed class ActionLinks(ActionSettings settings)
{
    private readonly ActionTokens? _tokens = ActionKeys.From(settings) is { } keys ? new ActionTokens(keys) : null;

    public const string SnoozeLabel = "Snooze…";
    public const string AcknowledgeLabel = "Acknowledge…";

    /// <summary>
    /// The action links of <paramref name="e"/> in <paramref name="digest"/>; empty when it has none.
    /// </summary>
    public IReadOnlyList<NoticeLink> For(Digest digest, AlertEvent e)
    {
        if (
            _tokens is null
            || e.Token is not { } token
            || e.Condition is not { } condition
            || e.Severity == HealthStatus.Ok
            || e.Kind is not (AlertEventKind.Entered or AlertEventKind.Reminder or AlertEventKind.Milestone)
        )
        {
            return [];
        }

        var claim = new ActionClaim(
            digest.Tenant.TenantId,
            token.Key,
            condition.Code(),
            digest.DigestId,
            AlertActionKind.Snooze,
            digest.ComposedAt.AddDays(settings.LinkLifetimeDays),
            ""
        );
        return [Link(SnoozeLabel, claim), Link(AcknowledgeLabel, claim with { Kind = AlertActionKind.Acknowledge })];
    }

    /// <summary>The page address of a signed token.</summary>
    public string Url(string token)
    {
        var page = settings.PageUrl!.TrimEnd('?');
        return $"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}t={Uri.EscapeDataString(token)}";
    }

    /// <summary>The signer and reader of link tokens; null when action links are off.</summary>
    public ActionTokens? Tokens => _tokens;

    public ActionSettings Settings => settings;

    private NoticeLink Link(string label, ActionClaim claim) => new(label, Url(_tokens!.Sign(claim)), false);
}
