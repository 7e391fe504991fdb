using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TokenWatch.Simulator;

/// <summary>
/// One simulated Intune tenant: its Apple tokens, how it pages them, and the faults to play. Faults are kept per
/// endpoint, so a fault on ADE never touches VPP or APNs of the same tenant, nor any other tenant.
/// </summary>
public sealed class SimulatedTenant(string tenantId)
{
    private readonly Dictionary<SimulatedEndpoint, List<ScheduledFault>> _faults = [];
    private readonly ConcurrentQueue<SimulatedRequest> _requests = new();
    private readonly Channel<SimulatedRequest> _delayed = Channel.CreateUnbounded<SimulatedRequest>();

    public string TenantId { get; } = tenantId;
    public List<SimulatedAdeToken> AdeTokens { get; } = [];
    public List<SimulatedVppToken> VppTokens { get; } = [];

    /// <summary>GDAP customers of this tenant as a partner (<c>delegatedAdminCustomers</c>), served in pages.</summary>
    public List<SimulatedCustomer> Customers { get; } = [];

    /// <summary>False: the tenant's admin has not consented to the app; every token endpoint answers 401.</summary>
    public bool Consented { get; set; } = true;

    /// <summary>
    /// The Graph host of the tenant's cloud (e.g. <c>graph.microsoft.us</c>): set, the tenant answers only under
    /// <c>clouds/{host}/tenants/{id}/…</c>, as a real tenant exists only at its own cloud's Graph; null: anywhere.
    /// </summary>
    public string? GraphHost { get; set; }

    /// <summary>Null: the tenant has no push certificate (Graph answers 404).</summary>
    public SimulatedApnsCertificate? ApnsCertificate { get; set; }

    /// <summary>Items per page for the collection endpoints, so that paging is exercised.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// Devices per page of <c>importedAppleDeviceIdentities</c>; 1,000 is common for Intune collections.
    /// </summary>
    public int DevicePageSize { get; set; } = 1000;

    /// <summary>Intune's connector verdicts, served on the beta deviceManagement singleton.</summary>
    public List<SimulatedConnector> Connectors { get; } = [];

    /// <summary>
    /// Serve an empty page (with a nextLink) before every page after the first, as Graph sometimes does.
    /// </summary>
    public bool EmptyPagesBetween { get; set; }

    /// <summary>Every request answered so far, in order of answering.</summary>
    public IReadOnlyList<SimulatedRequest> Requests => _requests.ToList();

    public int RequestCount(SimulatedEndpoint endpoint) => _requests.Count(r => r.Endpoint == endpoint);

    /// <summary>Plays <paramref name="fault"/> on the next <paramref name="times"/> requests to an endpoint.</summary>
    public void AddFault(SimulatedEndpoint endpoint, SimulatedFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        Schedule(endpoint, new ScheduledFault(fault, times));
    }

    /// <summary>
    /// Plays <paramref name="fault"/> on the <paramref name="request"/>th request to an endpoint from now on (e.g. the
    /// third page of a collection); the ones before it are answered as usual.
    /// </summary>
    public void AddFaultOnRequest(SimulatedEndpoint endpoint, SimulatedFault fault, int request)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request);
        if (request > 1)
        {
            AddFault(endpoint, new SimulatedFault(SimulatedFault.PassThrough), request - 1);
        }

        AddFault(endpoint, fault);
    }

    /// <summary>
    /// Plays <paramref name="fault"/> on every request to an endpoint until <see cref="ClearFaults"/>.
    /// </summary>
    public void AddPersistentFault(SimulatedEndpoint endpoint, SimulatedFault fault) =>
        Schedule(endpoint, new ScheduledFault(fault, Remaining: null));

    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    /// <summary>
    /// Completes when a request of this tenant starts waiting out a fault's latency: lets a test act (advance the
    /// clock, cancel) exactly when the slow request is in flight, instead of sleeping and hoping. The request's
    /// <see cref="SimulatedRequest.StatusCode"/> is 0: it has no answer yet, and may never get one.
    /// </summary>
    public async Task<SimulatedRequest> WaitForDelayedRequestAsync(CancellationToken cancellationToken) =>
        await _delayed.Reader.ReadAsync(cancellationToken);

    internal void DelayStarted(SimulatedRequest request) => _delayed.Writer.TryWrite(request);

    internal void Record(SimulatedRequest request) => _requests.Enqueue(request);

    internal SimulatedFault? NextFault(SimulatedEndpoint endpoint)
    {
        lock (_faults)
        {
            if (!_faults.TryGetValue(endpoint, out var list) || list.Count == 0)
            {
                return null;
            }

            var next = list[0];
            if (next.Remaining is { } remaining)
            {
                if (remaining <= 1)
                {
                    list.RemoveAt(0);
                }
                else
                {
                    list[0] = next with { Remaining = remaining - 1 };
                }
            }

            return next.Fault;
        }
    }

    private void Schedule(SimulatedEndpoint endpoint, ScheduledFault fault)
    {
        lock (_faults)
        {
            if (!_faults.TryGetValue(endpoint, out var list))
            {
                _faults[endpoint] = list = [];
            }

            list.Add(fault);
        }
    }

    /// <summary>A fault and how many more requests it answers (null: all of them).</summary>
    private sealed record ScheduledFault(SimulatedFault Fault, int? Remaining);
}
