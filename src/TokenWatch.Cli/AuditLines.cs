using TokenWatch.Core.Actions;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// The audit of actions on a tenant's alerts as <c>history</c> lines: who did what, until when and why.
/// </summary>
internal static class AuditLines
{
    public static async Task<IEnumerable<(DateTimeOffset At, int Order, string Text)>> ReadAsync(
        IAlertAudit audit,
        string tenantId,
        DateTimeOffset from,
        string? tokenKey,
        CancellationToken cancellationToken
    )
    {
        var entries = await audit.ListAsync(tenantId, from, cancellationToken);
        return entries.Where(e => tokenKey is null || e.TokenKey == tokenKey).Select(e => (e.At, 3, Line(e)));
    }

    /// <summary><c>acted     ade:… snoozed until 2027-01-10 by …: renewal booked (from digest …)</c>.</summary>
    public static string Line(AuditEntry entry)
    {
        var what = entry.Action switch
        {
            AuditedAction.Snooze => $"snoozed until {Day(entry.Until)}",
            AuditedAction.Acknowledge => $"{entry.Condition} acknowledged (no reminders until it changes or recovers)",
            AuditedAction.Unsnooze => "snooze ended",
        };
        var digest = entry.DigestId is null ? "" : $" (link from digest {TerminalText.Of(entry.DigestId)})";
        return $"acted     {TerminalText.Of(entry.TokenKey)} {what} by {TerminalText.Of(entry.By)}: "
            + $"{TerminalText.Of(entry.Reason)}{digest}";
    }

    private static string Day(DateTimeOffset? value) => value is { } day ? Words.Day(day) : "?";
}
