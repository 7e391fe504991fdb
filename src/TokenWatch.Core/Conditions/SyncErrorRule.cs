using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// Whether an ADE <c>lastSyncErrorCode</c> is current. Graph keeps the last code it saw, so a code with a success at
/// or after the latest sync Intune started is left over. While a sync runs the trigger is newer than the last success
/// though nothing failed yet: the code is judged only once the trigger is older than <see cref="Grace"/>.
/// </summary>
public static class SyncErrorRule
{
    /// <summary>Intune lets an admin start a sync at most every 15 minutes: no sync is judged sooner.</summary>
    public static readonly TimeSpan MinimumGrace = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Half of Apple's documented pace of about 3,000 devices a minute: the pace is Apple's best case, and waiting
    /// twice as long delays a real error by minutes while a sync judged too early alarms and clears (a flap).
    /// </summary>
    public const int DevicesPerMinute = 1_500;

    public const string Explanation =
        "`lastSyncErrorCode` is not 0 and no sync succeeded since the latest one Intune started "
        + "(`lastSuccessfulSyncDateTime` before `lastSyncTriggeredDateTime`, or either missing), once that start is "
        + "older than the sync's grace: the longer of 15 minutes and `syncedDeviceCount` ÷ 1,500 minutes (half "
        + "Apple's pace, so a running sync does not alarm and clear). A code with a success at or after the latest "
        + "start is left over from an earlier failure. Apple does not document the codes: 3 is shown as \"often "
        + "terms not accepted\", never as the cause.";

    public const string Sources =
        "Microsoft Intune: \"Sync token errors between Intune and ADE (DEP)\"; \"Set up ADE\" (Apple sends about "
        + "3,000 devices a minute; a sync at most every 15 minutes); Microsoft Graph: \"depOnboardingSetting resource "
        + "type\" (beta).";

    /// <summary>How long a sync of <paramref name="syncedDevices"/> devices is given to finish: the longer of
    /// <see cref="MinimumGrace"/> and the devices at <see cref="DevicesPerMinute"/>.</summary>
    public static TimeSpan Grace(int? syncedDevices)
    {
        var transfer = TimeSpan.FromMinutes(Math.Max(0, syncedDevices ?? 0) / (double)DevicesPerMinute);
        return transfer > MinimumGrace ? transfer : MinimumGrace;
    }

    /// <summary>
    /// A non-zero code is current when no sync succeeded at or after the latest start, and that start is older than
    /// the grace. Without both dates it cannot be told apart, and an error is assumed.
    /// </summary>
    public static bool IsCurrent(TokenObservation token, DateTimeOffset now)
    {
        if (token.SyncErrorCode is not { } code || code == 0)
        {
            return false;
        }

        if (token.LastSyncAt is not { } succeeded || token.LastSyncAttemptAt is not { } started)
        {
            return true;
        }

        return succeeded < started && now - started >= Grace(token.SyncedDeviceCount);
    }
}
