using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// A token as a poll first saw it in this form; <see cref="Observation"/> null: it is gone from its endpoint.
/// </summary>
public sealed record TokenChange(string TokenKey, TokenObservation? Observation);
