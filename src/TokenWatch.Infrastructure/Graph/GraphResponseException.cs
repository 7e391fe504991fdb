namespace TokenWatch.Infrastructure.Graph;

/// <summary>Graph answered with something TokenWatch cannot use (empty body, looping or foreign nextLink).</summary>
public sealed class GraphResponseException(string message) : Exception(message);
