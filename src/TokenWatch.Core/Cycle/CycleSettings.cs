using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Core.Cycle;

/// <summary>How a poll or evaluation walks the tenants.</summary>
public sealed class CycleSettings
{
    /// <summary>Tenants processed at once. Graph throttles per tenant, so tenants can run side by side.</summary>
    [Range(1, 64)]
    public int MaxParallelism { get; set; } = 8;

    /// <summary>A tenant that takes longer than this is recorded as timed out, so one slow tenant cannot hold the cycle.</summary>
    [Range(1, 600)]
    public int TenantTimeoutSeconds { get; set; } = 60;
}
