namespace TokenWatch.Core.Alerts;

/// <summary>
/// Times the ledger holds against now. A clock that ran ahead and was corrected leaves times from the future in
/// the ledger; they must never silence anything, nor be shown as if they had not happened yet.
/// </summary>
public static class LedgerTimes
{
    /// <summary>
    /// True when <paramref name="interval"/> has passed since <paramref name="at"/>, or when <paramref name="at"/> is
    /// later than now: when it really was is unknown, so what waits on it is due.
    /// </summary>
    public static bool Due(DateTimeOffset at, DateTimeOffset now, TimeSpan interval) =>
        at > now || now - at >= interval;

    /// <summary>A time a clock that ran ahead recorded, brought back to now: it happened now at the latest.</summary>
    public static DateTimeOffset NotAfter(DateTimeOffset at, DateTimeOffset now) => at > now ? now : at;

    /// <summary>Open alerts with no time later than now, once each has been decided on (reminded if due).</summary>
    public static SortedDictionary<string, OpenAlert> Settled(
        IReadOnlyDictionary<string, OpenAlert> open,
        DateTimeOffset now
    ) =>
        new(
            open.ToDictionary(
                a => a.Key,
                a =>
                    a.Value with
                    {
                        OpenedAt = NotAfter(a.Value.OpenedAt, now),
                        NotifiedAt = NotAfter(a.Value.NotifiedAt, now),
                    }
            ),
            StringComparer.Ordinal
        );
}
