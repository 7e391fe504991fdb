using System.Text.Json.Serialization;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// Every condition a token can be in, closed: <see cref="ConditionCatalog"/> describes each one, and the wording and
/// remediation switch over it without a fallback, so a new value does not compile until it is described and worded.
/// The stable code (JSON, alert keys, emails) is the kebab-case name: <c>SyncError</c> is <c>sync-error</c>.
/// </summary>
[JsonConverter(typeof(ConditionJsonConverter))]
public enum Condition
{
    /// <summary>Graph sent a field TokenWatch could not read, or a date it cannot believe.</summary>
    Unparseable,

    /// <summary>Graph reported no expiry date.</summary>
    MissingExpiry,

    /// <summary>The expiry date has passed, or Intune reports the VPP token as expired.</summary>
    Expired,

    /// <summary>The token expires within the warning window.</summary>
    Expiring,

    /// <summary>
    /// ADE: Apple reported an error on the latest sync (<c>lastSyncErrorCode</c> ≠ 0, no success since).
    /// </summary>
    SyncError,

    /// <summary>VPP: a <c>state</c> that stops licences from syncing.</summary>
    InvalidState,

    /// <summary>
    /// VPP <c>state</c> or <c>lastSyncStatus</c>, APNs <c>certificateUploadStatus</c>: a value TokenWatch does not
    /// know.
    /// </summary>
    UnrecognizedState,

    /// <summary>VPP: <c>lastSyncStatus</c> is <c>failed</c>.</summary>
    SyncFailed,

    /// <summary>ADE/VPP: Graph reports no successful sync at all.</summary>
    NeverSynced,

    /// <summary>ADE/VPP: the last successful sync is too old.</summary>
    SyncStale,

    /// <summary>APNs: <c>certificateUploadStatus</c> says the last certificate upload failed.</summary>
    UploadFailed,

    /// <summary>APNs: the tenant has no push certificate (critical where it has ADE or VPP tokens).</summary>
    NotConfigured,

    /// <summary>The token is owned by a personal Apple ID (a consumer mail domain).</summary>
    PersonalAppleId,

    /// <summary>Every Apple token of the tenant is owned by one single Apple ID.</summary>
    SingleOwner,

    /// <summary>
    /// ADE: a platform among the token's devices has no default enrollment profile, and devices of it have none.
    /// </summary>
    NoDefaultProfile,

    /// <summary>ADE: devices synced from Apple long ago, never contacted, with no enrollment profile.</summary>
    DevicesUnassigned,

    /// <summary>ADE: devices whose <c>enrollmentState</c> is <c>failed</c>.</summary>
    EnrollmentFailed,

    /// <summary>ADE: devices whose <c>enrollmentState</c> is <c>blocked</c>.</summary>
    EnrollmentBlocked,

    /// <summary>Intune's own connector status for the token is worse than TokenWatch's judgement.</summary>
    IntuneReportsUnhealthy,
}
