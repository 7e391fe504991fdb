namespace TokenWatch.Core.Polling;

/// <summary>Why a Graph read failed, classified so that admins are told what to fix.</summary>
public static class FailureCodes
{
    public const string AuthFailed = "auth-failed";
    public const string PermissionMissing = "permission-missing";
    public const string NotLicensed = "not-licensed";
    public const string Throttled = "throttled";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";
    public const string Malformed = "malformed";

    /// <summary>The answer passed the response size bound (as it arrived, or once decompressed).</summary>
    public const string TooLarge = "too-large";

    /// <summary>The process ran out of memory while reading the endpoint.</summary>
    public const string OutOfMemory = "out-of-memory";
}
