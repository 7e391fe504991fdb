namespace TokenWatch.Infrastructure.Graph;

/// <summary>Graph did not answer one request in time.</summary>
public sealed class GraphTimeoutException(TimeSpan timeout, Exception inner)
    : TimeoutException($"Graph did not answer within {timeout.TotalSeconds:0.#} s.", inner)
{
    public TimeSpan Timeout { get; } = timeout;
}
