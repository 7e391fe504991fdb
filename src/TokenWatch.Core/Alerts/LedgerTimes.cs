namespace TokenWatch.Core.Alerts;

/// <summary>
/// Times the ledger holds against now. A clock that ran ahead and was corrected leaves times from the future in
/// the ledger; they must never silence anything, nor be shown as if they had not happened yet.
/// </summary>
public static class LedgerTimes
{
    /// <summary>
    /// How far ahead a time may be and still be the ordinary skew between two instances' clocks (or a later
    /// instance's write racing this one), not a clock that ran ahead: such a time must not make a reminder due.
    /// </summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True when <paramref name="interval"/> has passed since <paramref name="at"/>, or when <paramref name="at"/> is
    /// further ahead of now than <see cref="Skew"/>: when it really was is unknown, so what waits on it is due.
    /// </summary>
    public static bool Due(DateTimeOffset at, DateTimeOffset now, TimeSpan interval) =>
        at - now > Skew || now - at >= interval;

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
