namespace TokenWatch.Core.Notifications;

/// <summary>
/// What an admin must do about an event: the steps in order, the portals to open, and where it applies a
/// <see cref="Caution"/> (the one mistake that makes things worse), what breaks if nothing is done
/// (<see cref="Impact"/>) and, for ADE sync errors, the table of known errors to match against the portal.
/// </summary>
public sealed record RemediationAdvice(
    IReadOnlyList<string> Steps,
    IReadOnlyList<ActionLink> Links,
    string? Caution = null,
    string? Impact = null,
    IReadOnlyList<KnownSyncError>? KnownErrors = null
);
