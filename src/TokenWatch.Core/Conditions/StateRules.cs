using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// The state fields Graph reports as strings (VPP <c>state</c> and <c>lastSyncStatus</c>, APNs
/// <c>certificateUploadStatus</c>): which values are documented, which break the token, and which are not known.
/// </summary>
internal static class StateRules
{
    /// <summary>The detail of a reason for VPP <c>state</c> <c>unknown</c>: a value Intune documents, its own
    /// "unknown", not a value TokenWatch failed to read.</summary>
    public const string IntuneUnknown = "intune-unknown";

    public const string UnrecognizedExplanation =
        "A VPP `state` or `lastSyncStatus`, or an APNs `certificateUploadStatus`, that TokenWatch does not know "
        + "(kept verbatim); no VPP state at all; VPP `state` `unknown`, told as Intune's own value. A null "
        + "`certificateUploadStatus` is what healthy certificates send: not unknown.";

    public const string UnrecognizedSources = "Microsoft Graph: \"vppTokenState enum\" (`unknown` is documented).";

    /// <summary>VPP <c>state</c> values that stop app licences from syncing (<c>expired</c> is its own
    /// condition).</summary>
    public static readonly HashSet<string> BrokenVppStates = new(
        ["invalid", "assignedToExternalMDM", "duplicateLocationId"],
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>
    /// APNs <c>certificateUploadStatus</c> values taken as failure. Graph documents the field as a string without
    /// values; recorded healthy certificates send null.
    /// </summary>
    public static readonly HashSet<string> UploadFailedStatuses = new(
        ["failed", "failure", "error"],
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>VPP <c>state</c> values Graph documents (<c>unknown</c> is told as Intune's own).</summary>
    private static readonly HashSet<string> KnownVppStates = new(
        ["valid", "expired", .. BrokenVppStates],
        StringComparer.OrdinalIgnoreCase
    );

    private static readonly HashSet<string> UploadSucceeded = new(
        ["success", "succeeded", "completed"],
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>VPP <c>lastSyncStatus</c> values Graph documents; another one is shown, and judged unknown.</summary>
    private static readonly HashSet<string> KnownVppSyncStatuses = new(
        ["none", "inProgress", "completed", "failed"],
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>Detail: the field TokenWatch does not understand (<c>state</c>, <c>lastSyncStatus</c>); null: no
    /// state.</summary>
    public static IEnumerable<HealthReason> Unrecognized(TokenObservation token) =>
        token.Kind switch
        {
            TokenKind.Apns => UnrecognizedUpload(token),
            TokenKind.Vpp => UnrecognizedVpp(token),
            TokenKind.Ade => [],
        };

    /// <summary>
    /// An upload status TokenWatch cannot read: not judged either way. No status at all is what healthy
    /// certificates send, and a failure reason beside it or beside a success is a leftover of an earlier upload.
    /// </summary>
    private static IEnumerable<HealthReason> UnrecognizedUpload(TokenObservation token) =>
        token.State is { } s
        && !string.IsNullOrWhiteSpace(s)
        && !UploadSucceeded.Contains(s)
        && !UploadFailedStatuses.Contains(s)
            ? [new(Condition.UnrecognizedState, HealthStatus.Unknown, "certificateUploadStatus")]
            : [];

    private static IEnumerable<HealthReason> UnrecognizedVpp(TokenObservation token)
    {
        if (string.IsNullOrWhiteSpace(token.State))
        {
            yield return new(Condition.UnrecognizedState, HealthStatus.Unknown);
        }
        else if (string.Equals(token.State, "unknown", StringComparison.OrdinalIgnoreCase))
        {
            yield return new(Condition.UnrecognizedState, HealthStatus.Unknown, IntuneUnknown);
        }
        else if (!KnownVppStates.Contains(token.State))
        {
            yield return new(Condition.UnrecognizedState, HealthStatus.Unknown, "state");
        }

        if (!string.IsNullOrWhiteSpace(token.SyncStatus) && !KnownVppSyncStatuses.Contains(token.SyncStatus))
        {
            yield return new(Condition.UnrecognizedState, HealthStatus.Unknown, "lastSyncStatus");
        }
    }
}
