using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Actions;

/// <summary>
/// What is silenced in a tenant, one line per token, for every digest to its recipients ("ADE token "Main ABM":
/// snoozed until 2027-01-10 by …: renewal booked"): a silencing is never silent.
/// </summary>
public static class Silence
{
    /// <summary>
    /// The running snoozes and acknowledgements of <paramref name="ledger"/> at <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<string> Lines(AlertLedger ledger, DateTimeOffset now) =>
        ledger
            .Snoozes.Where(s => s.Value.Until > now)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => Line(TokenName(ledger, s.Key), s.Value))
            .ToList();

    /// <summary>One silencing in words: what, until when, by whom, why.</summary>
    public static string Line(string token, Snooze snooze)
    {
        var by = snooze.By is null ? "" : $" by {snooze.By}";
        return snooze.Acknowledged is { } condition
            ? $"{token}: {condition} acknowledged{by} on {Words.Day(snooze.SetAt)} (no reminders until it changes or "
                + $"recovers): {snooze.Reason}"
            : $"{token}: snoozed until {Words.Day(snooze.Until)}{by}: {snooze.Reason}";
    }

    /// <summary><c>ADE token "Main ABM"</c>, or the key when the ledger no longer knows the token.</summary>
    public static string TokenName(AlertLedger ledger, string tokenKey) =>
        ledger.Tokens.TryGetValue(tokenKey, out var known)
            ? $"{known.Observation.Kind.ToDisplayName()} \"{Words.Inline(known.Observation.DisplayName)}\""
            : Words.Inline(tokenKey);
}
