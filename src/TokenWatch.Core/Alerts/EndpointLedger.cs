using TokenWatch.Core.Polling;

namespace TokenWatch.Core.Alerts;

/// <summary>How the reads of one endpoint (ADE, VPP, APNs) of a tenant went lately.</summary>
public sealed record EndpointLedger
{
    public static readonly EndpointLedger Healthy = new();

    /// <summary>Polls in a row on which the endpoint could not be read.</summary>
    public int FailedPolls { get; init; }

    /// <summary>Polls in a row on which it was read (since its last failure).</summary>
    public int ReadPolls { get; init; }

    public PollFailure? LastFailure { get; init; }

    /// <summary>When admins were told monitoring failed; null while they need not be told it is restored.</summary>
    public DateTimeOffset? FailedNotifiedAt { get; init; }
}
