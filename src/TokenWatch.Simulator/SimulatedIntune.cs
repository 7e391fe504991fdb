using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TokenWatch.Simulator;

/// <summary>
/// A simulated Intune: Graph-shaped JSON for the three Apple endpoints on 127.0.0.1 (a free port). The default
/// tenant answers at the root (<c>{BaseUrl}/v1.0/…</c>); every tenant also answers under
/// <c>{BaseUrl}/tenants/{tenantId}/v1.0/…</c>, which is the Graph base URL to give TokenWatch for that tenant, and
/// under <c>{BaseUrl}/clouds/{graphHost}/tenants/{tenantId}/…</c>, standing for its cloud's Graph host.
/// Time comes from the given <see cref="TimeProvider"/>, so a script can move the tenant through weeks; the latency
/// of a fault runs on the same clock, so with a fake clock a slow answer comes exactly when the test says.
/// Each tenant plays its own faults per endpoint (<see cref="SimulatedTenant.AddFault"/>) and pages its
/// collections with opaque <c>$skiptoken</c>s, as Graph does. <see cref="Load"/> adds latency and throttling to
/// every tenant at once, for a benchmark.
/// </summary>
public sealed class SimulatedIntune : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SimulatedTenant> _tenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SimulatedWaits _waits;
    private readonly object _drawLock = new();
    private LoopbackServer? _server;
    private long _requestCount;
    private long _bytesServed;
    private long _tenantRequests;
    private long _throttled;
    private long _retryAfterToldMs;
    private SimulatedLoad? _load;
    private Random _draw = new(1);

    public SimulatedIntune(TimeProvider clock)
    {
        _clock = clock;
        _waits = new SimulatedWaits(clock, _stopping.Token);
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:49152</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>HTTP requests served so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Bytes of answer bodies written so far (UTF-8, as sent), for a benchmark's figures.</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>
    /// Requests to tenants' endpoints so far, how many were throttled, and the waits they were told to take.
    /// </summary>
    public SimulatedTraffic Traffic =>
        new(
            Interlocked.Read(ref _tenantRequests),
            Interlocked.Read(ref _throttled),
            TimeSpan.FromMilliseconds(Interlocked.Read(ref _retryAfterToldMs))
        );

    /// <summary>
    /// Latency and throttling for every tenant at once (null: none), on top of each tenant's own faults: a request
    /// first waits the load's latency, then plays its tenant's fault if one is scheduled, and otherwise may be
    /// throttled by the load. Setting it restarts the seeded draw.
    /// </summary>
    public SimulatedLoad? Load
    {
        get => _load;
        set
        {
            if (value is not null)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(value.Latency, TimeSpan.Zero);
                ArgumentOutOfRangeException.ThrowIfNegative(value.ThrottleRate);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(value.ThrottleRate, 1.0);
            }

            lock (_drawLock)
            {
                _draw = new Random(value?.Seed ?? 1);
                _load = value;
            }
        }
    }

    /// <summary>The tenant that answers at the root URL: the first one added.</summary>
    public SimulatedTenant? DefaultTenant { get; private set; }

    public SimulatedTenant AddTenant(string tenantId)
    {
        var tenant = _tenants.GetOrAdd(tenantId, id => new SimulatedTenant(id));
        DefaultTenant ??= tenant;
        return tenant;
    }

    public SimulatedTenant Tenant(string tenantId) => _tenants[tenantId];

    /// <summary>The Graph base URL TokenWatch should use for <paramref name="tenantId"/>.</summary>
    public string GraphUrlFor(string tenantId) => $"{BaseUrl}/tenants/{Uri.EscapeDataString(tenantId)}";

    public static async Task<SimulatedIntune> StartAsync(
        TimeProvider clock,
        CancellationToken cancellationToken = default
    )
    {
        var simulator = new SimulatedIntune(clock);
        await simulator.StartServerAsync(cancellationToken);
        return simulator;
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        _server = await LoopbackServer.StartAsync(app => app.Run(HandleAsync), cancellationToken);
        BaseUrl = _server.Url;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        var (tenant, path) = Route(context);
        var endpoint = GraphPaths.EndpointOf(path);
        var ids = RequestIds.Of(context);
        if (tenant is null || endpoint is null || !HttpMethods.IsGet(context.Request.Method))
        {
            await NotFoundAsync(context, path, ids);
            return;
        }

        Interlocked.Increment(ref _tenantRequests);
        var load = Volatile.Read(ref _load);
        if (
            load is { Latency: var shared }
            && shared > TimeSpan.Zero
            && !await _waits.WaitAsync(shared, context.RequestAborted)
        )
        {
            return;
        }

        var fault = tenant.NextFault(endpoint.Value) ?? NotConsented(tenant, endpoint.Value) ?? LoadThrottle(load);
        var pending = Request(context, endpoint.Value, ids, 0);
        if (fault?.Latency is { } latency && !await _waits.DelayAsync(tenant, pending, latency, context.RequestAborted))
        {
            return;
        }

        await AnswerAsync(context, tenant, endpoint.Value, path, fault, ids);
    }

    /// <summary>
    /// The fault's answer, or the endpoint's own (cut short if the fault says so), recorded and written.
    /// </summary>
    private async Task AnswerAsync(
        HttpContext context,
        SimulatedTenant tenant,
        SimulatedEndpoint endpoint,
        string path,
        SimulatedFault? fault,
        RequestIds ids
    )
    {
        var (status, contentType, body) = fault is { StatusCode: not SimulatedFault.PassThrough }
            ? (fault.StatusCode, fault.ContentType, fault.Body ?? EndpointAnswers.ErrorBody(fault, ids))
            : EndpointAnswers.Answer(context, BaseUrl, _clock.GetUtcNow(), tenant, endpoint, path, ids);
        body = fault is { Truncate: true } ? body[..(body.Length / 2)] : body;
        Play(context, fault, status);

        // Recorded before the answer goes out: a client that has its answer may count on the record being there.
        tenant.Record(Request(context, endpoint, ids, status));
        Interlocked.Add(ref _bytesServed, System.Text.Encoding.UTF8.GetByteCount(body));
        await WriteAsync(context, status, contentType, body);
    }

    private static Task NotFoundAsync(HttpContext context, string path, RequestIds ids) =>
        WriteAsync(
            context,
            404,
            "application/json",
            SimulatedFault.ODataError(
                "ResourceNotFound",
                $"No such resource: /{path}",
                ids.RequestId,
                ids.ClientRequestId
            )
        );

    /// <summary>
    /// The tenant a path is for and the Graph path within it: <c>tenants/{id}/…</c> for a named tenant, the default
    /// tenant at the root.
    /// </summary>
    private (SimulatedTenant? Tenant, string Path) Route(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").Trim('/');
        var host = GraphPaths.CloudHost(ref path);
        var (tenant, rest) = RouteTenant(path);
        return tenant?.GraphHost is { } own && !string.Equals(own, host, StringComparison.OrdinalIgnoreCase)
            ? (null, rest)
            : (tenant, rest);
    }

    private (SimulatedTenant? Tenant, string Path) RouteTenant(string path)
    {
        if (!path.StartsWith("tenants/", StringComparison.Ordinal))
        {
            return (DefaultTenant, path);
        }

        var rest = path["tenants/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        _tenants.TryGetValue(Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]), out var tenant);
        return (tenant, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    private static SimulatedRequest Request(
        HttpContext context,
        SimulatedEndpoint endpoint,
        RequestIds ids,
        int status
    ) =>
        new(
            endpoint,
            $"{context.Request.Path}{context.Request.QueryString}",
            ids.ClientRequestId,
            ids.RequestId,
            status
        );

    /// <summary>The fault's headers on the answer, and a throttled answer counted with the wait it tells.</summary>
    private void Play(HttpContext context, SimulatedFault? fault, int status)
    {
        if (fault?.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (fault?.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        if (status == 429)
        {
            Interlocked.Increment(ref _throttled);
            if (int.TryParse(fault?.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                Interlocked.Add(ref _retryAfterToldMs, seconds * 1000L);
            }
        }
    }

    /// <summary>A tenant whose admin has not consented refuses the app on every token endpoint.</summary>
    private static SimulatedFault? NotConsented(SimulatedTenant tenant, SimulatedEndpoint endpoint) =>
        tenant.Consented || endpoint == SimulatedEndpoint.DelegatedAdminCustomers
            ? null
            : SimulatedFault.NotConsented();

    /// <summary>A 429 for the seeded share of requests the shared load throttles; null for the rest.</summary>
    private SimulatedFault? LoadThrottle(SimulatedLoad? load)
    {
        if (load is not { ThrottleRate: > 0 })
        {
            return null;
        }

        bool throttle;
        lock (_drawLock)
        {
            throttle = _draw.NextDouble() < load.ThrottleRate;
        }

        return throttle
            ? SimulatedFault.Throttled(load.RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture))
            : null;
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _stopping.Dispose();
    }
}
