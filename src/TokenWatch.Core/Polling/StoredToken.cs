using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>A stored observation with the time it was last confirmed by a successful read.</summary>
public sealed record StoredToken(TokenObservation Observation, DateTimeOffset ObservedAt);
