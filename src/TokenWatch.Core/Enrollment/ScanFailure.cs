namespace TokenWatch.Core.Enrollment;

/// <summary>
/// Why a scan (or the connector read) could not complete: its verdict is <c>unknown</c>, with this cause. The
/// <see cref="Code"/> is one of <see cref="Polling.FailureCodes"/>; <see cref="Fix"/> says what to do.
/// </summary>
public sealed record ScanFailure(DateTimeOffset At, string Code, string Message, string Fix);
