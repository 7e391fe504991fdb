using TokenWatch.Core.Polling;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>A poll's run row as read back.</summary>
/// <param name="Changes">History rows its poll wrote; null for runs stored before they were counted.</param>
internal sealed record StoredRun(string RunId, PollRunRecord Record, int? Changes);
