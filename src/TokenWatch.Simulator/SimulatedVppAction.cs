namespace TokenWatch.Simulator;

/// <summary>One <c>vppTokenActionResult</c>; <paramref name="ActionState"/> is Graph's, e.g. <c>failed</c>.</summary>
public sealed record SimulatedVppAction(
    string ActionName,
    string ActionState,
    DateTimeOffset? StartDateTime,
    DateTimeOffset? LastUpdatedDateTime
);
