using TokenWatch.Core.Polling;

namespace TokenWatch.Core.Cycle;

/// <summary>One tenant's part of a poll, as it finished: what was read, and whether it was stored.</summary>
public sealed record TenantPolled(TenantReading Reading, bool Stored)
{
    /// <summary>Some endpoint could not be read, or what was read could not be stored.</summary>
    public bool Failed => Reading.Failures.Count > 0 || !Stored;

    /// <summary>The tenant is paused: polled and stored, but nobody is told about it until it is resumed.</summary>
    public bool Paused { get; init; }
}
