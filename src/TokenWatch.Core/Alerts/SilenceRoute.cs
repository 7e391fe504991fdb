namespace TokenWatch.Core.Alerts;

/// <summary>
/// Where a token's events go while it is silenced. A snooze holds them all (recorded, not sent) until it ends or the
/// token changes in a way it did not cover. An acknowledgement holds the reminders of its condition only: a recovery
/// is still sent and ends it, as does the condition being gone or the token changing.
/// </summary>
internal static class SilenceRoute
{
    public static void Route(
        string key,
        IReadOnlyList<AlertEvent> outcome,
        bool changed,
        TokenLedger token,
        SortedDictionary<string, Snooze> silences,
        List<AlertEvent> events,
        List<AlertEvent> held
    )
    {
        if (!silences.TryGetValue(key, out var silence) || changed)
        {
            silences.Remove(key);
            events.AddRange(outcome);
            return;
        }

        if (silence.Acknowledged is not { } condition)
        {
            held.AddRange(outcome);
            return;
        }

        events.AddRange(outcome.Where(e => e.Kind == AlertEventKind.Recovered));
        held.AddRange(outcome.Where(e => e.Kind != AlertEventKind.Recovered));
        if (!token.Alerts.ContainsKey(condition))
        {
            silences.Remove(key);
        }
    }
}
