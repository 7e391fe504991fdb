namespace TokenWatch.Infrastructure.Discovery;

/// <summary>The partner tenant's customers could not be read; the message says why and what to fix.</summary>
public sealed class DiscoveryFailedException(string message, Exception? inner = null) : Exception(message, inner);
