namespace TokenWatch.Simulator;

/// <summary>The Graph endpoints the simulator serves, for addressing faults.</summary>
public enum SimulatedEndpoint
{
    Ade,
    Vpp,
    Apns,
}

/// <summary>An answer the simulator gives instead of the tenant's data, once or for every request.</summary>
public sealed record SimulatedFault(int StatusCode, string? Body = null, TimeSpan? Latency = null, string? RetryAfter = null)
{
    /// <summary>A Graph-shaped error body.</summary>
    public static string ODataError(string code, string message) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            error = new
            {
                code,
                message,
                innerError = new { date = "2026-01-01T00:00:00", requestId = "sim-request-id", clientRequestId = "sim-client-request-id" },
            },
        });
}

/// <summary>One simulated Intune tenant: its Apple tokens and any faults to play.</summary>
public sealed class SimulatedTenant(string tenantId)
{
    private readonly Dictionary<SimulatedEndpoint, Queue<SimulatedFault>> _faults = [];

    public string TenantId { get; } = tenantId;
    public List<SimulatedAdeToken> AdeTokens { get; } = [];
    public List<SimulatedVppToken> VppTokens { get; } = [];

    /// <summary>Null: the tenant has no push certificate (Graph answers 404).</summary>
    public SimulatedApnsCertificate? ApnsCertificate { get; set; }

    /// <summary>Items per page for the collection endpoints, so that paging is exercised.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Plays <paramref name="fault"/> on the next <paramref name="times"/> requests to an endpoint.</summary>
    public void AddFault(SimulatedEndpoint endpoint, SimulatedFault fault, int times = 1)
    {
        lock (_faults)
        {
            if (!_faults.TryGetValue(endpoint, out var queue))
            {
                _faults[endpoint] = queue = new Queue<SimulatedFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    internal SimulatedFault? NextFault(SimulatedEndpoint endpoint)
    {
        lock (_faults)
        {
            return _faults.TryGetValue(endpoint, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }
}
