using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Enrollment;

/// <summary>
/// Why a scan (or the connector read) could not complete: its verdict is <c>unknown</c>, with this cause. The
/// <see cref="Code"/> is one of <see cref="Polling.FailureCodes"/>; <see cref="Fix"/> is worded by
/// <see cref="FailureFixes"/> where it is shown, so stored rows keep codes, not English.
/// </summary>
public sealed record ScanFailure(DateTimeOffset At, string Code, string Message, FailureFix Fix);
