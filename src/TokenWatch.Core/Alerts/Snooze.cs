namespace TokenWatch.Core.Alerts;

/// <summary>Keeps a token's events from being sent until <see cref="Until"/>, or until the token changes.</summary>
public sealed record Snooze(DateTimeOffset Until, string Reason, DateTimeOffset SetAt);
