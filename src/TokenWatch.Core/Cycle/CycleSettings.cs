using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Core.Cycle;

/// <summary>How a poll or evaluation walks the tenants.</summary>
public sealed class CycleSettings
{
    /// <summary>Time kept back from the function's timeout for the store writes of the tenants still running.</summary>
    public static readonly TimeSpan WriteReserve = TimeSpan.FromSeconds(30);

    /// <summary>Tenants processed at once. Graph throttles per tenant, so tenants can run side by side.</summary>
    [Range(1, 64)]
    public int MaxParallelism { get; set; } = 8;

    /// <summary>
    /// A tenant that takes longer than this is recorded as timed out, so one slow tenant cannot hold the cycle.
    /// </summary>
    [Range(1, 600)]
    public int TenantTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// How long the host lets one function run (host.json <c>functionTimeout</c>, which the Functions app reads into
    /// this setting). A poll starts no tenant after <see cref="PollBudget"/>, so the host never stops it mid-write.
    /// </summary>
    [Range(1, 86_400)]
    public int FunctionTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// The time in which a poll may start tenants: the function's timeout less one tenant's timeout and the
    /// <see cref="WriteReserve"/>, so the last tenant started still finishes and is stored in time.
    /// </summary>
    public TimeSpan PollBudget =>
        TimeSpan.FromSeconds(FunctionTimeoutSeconds) - TimeSpan.FromSeconds(TenantTimeoutSeconds) - WriteReserve;
}
