namespace TokenWatch.Core.Alerts;

/// <summary>
/// The newest poll folded in: its start time and the ids of the polls that started at that very instant.
/// </summary>
public sealed record PollWatermark(DateTimeOffset At, IReadOnlyList<string> RunIds);
