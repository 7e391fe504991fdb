namespace TokenWatch.Core.Enrollment;

/// <summary>
/// The documented values of <c>enrollmentState</c> on <c>importedAppleDeviceIdentity</c> (Graph beta reference,
/// "importedAppleDeviceIdentity resource type"): any other text is counted as <see cref="Other"/>, never dropped.
/// </summary>
public static class EnrollmentStates
{
    public const string Unknown = "unknown";
    public const string Enrolled = "enrolled";
    public const string PendingReset = "pendingReset";
    public const string Failed = "failed";
    public const string NotContacted = "notContacted";
    public const string Blocked = "blocked";

    /// <summary>A value the reference does not list (or none at all): kept as a count of its own.</summary>
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
    [
        Unknown,
        Enrolled,
        PendingReset,
        Failed,
        NotContacted,
        Blocked,
        Other,
    ];

    /// <summary>The documented name of <paramref name="raw"/> (case-insensitive), else <see cref="Other"/>.</summary>
    public static string Of(string? raw) =>
        All.FirstOrDefault(s => s != Other && string.Equals(s, raw?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? Other;
}
