namespace TokenWatch.Simulator;

/// <summary>One request the simulator answered, for tests to check what the client sent and was sent.</summary>
public sealed record SimulatedRequest(
    SimulatedEndpoint Endpoint,
    string PathAndQuery,
    string? ClientRequestId,
    string RequestId,
    int StatusCode
);
