namespace TokenWatch.Core.Tokens;

/// <summary>
/// What one poll saw of one Apple token, as Graph reported it. State strings are kept verbatim so that a value
/// TokenWatch does not know is shown to admins instead of being lost; secrets (<c>token</c>, <c>certificate</c>)
/// are never part of it.
/// </summary>
public sealed record TokenObservation
{
    public required string TenantId { get; init; }
    public required TokenKind Kind { get; init; }
    public required string Id { get; init; }

    /// <summary>
    /// ADE <c>tokenName</c>; VPP "<c>locationName</c> (<c>organizationName</c>)", else <c>displayName</c>, else
    /// <c>organizationName</c>; the APNs certificate's fixed name.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>VPP <c>organizationName</c>: the Apple Business or School Manager organization.</summary>
    public string? Organization { get; init; }

    /// <summary>VPP <c>locationName</c> (Graph beta): the location the token belongs to.</summary>
    public string? Location { get; init; }

    /// <summary>
    /// VPP <c>tokenActionResults</c> (Graph beta): the latest failed action, as "action: failed at time", unless a
    /// later run of the same action completed; null when none failed. Shown as a fact, judged by no rule.
    /// </summary>
    public string? LastAction { get; init; }

    /// <summary>The Apple ID (Managed Apple ID) that owns the token; renewing with another one breaks things.</summary>
    public string? AppleId { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>ADE <c>lastSuccessfulSyncDateTime</c>, VPP <c>lastSyncDateTime</c>.</summary>
    public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>
    /// ADE <c>lastSyncTriggeredDateTime</c>: when Intune last started a sync. A sync error code is current only while
    /// this is later than <see cref="LastSyncAt"/> (the latest attempt did not succeed).
    /// </summary>
    public DateTimeOffset? LastSyncAttemptAt { get; init; }

    /// <summary>ADE <c>lastSyncErrorCode</c>: 0 is no error; the mapping of other values is undocumented.</summary>
    public int? SyncErrorCode { get; init; }

    /// <summary>ADE <c>syncedDeviceCount</c>: how long a running sync may take (Apple sends about 3,000 a
    /// minute).</summary>
    public int? SyncedDeviceCount { get; init; }

    /// <summary>VPP <c>state</c> or APNs <c>certificateUploadStatus</c>, verbatim.</summary>
    public string? State { get; init; }

    /// <summary>VPP <c>lastSyncStatus</c>, verbatim.</summary>
    public string? SyncStatus { get; init; }

    /// <summary>APNs <c>certificateUploadFailureReason</c>.</summary>
    public string? FailureReason { get; init; }

    /// <summary>APNs <c>topicIdentifier</c>: a new topic means a new certificate and re-enrolling every
    /// device.</summary>
    public string? TopicId { get; init; }

    /// <summary>ADE <c>tokenType</c> or VPP <c>vppTokenAccountType</c>, verbatim.</summary>
    public string? TokenType { get; init; }

    /// <summary>True for the APNs placeholder of a tenant that has no push certificate at all.</summary>
    public bool NotConfigured { get; init; }

    /// <summary>Fields Graph sent that could not be understood (wrong type, invalid date), one line each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The stable key of this token inside its tenant: <c>kind:id</c>.</summary>
    public string Key => $"{Kind.ToSlug()}:{Id}";

    /// <summary>A name for people: the token's name, else its id.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}
