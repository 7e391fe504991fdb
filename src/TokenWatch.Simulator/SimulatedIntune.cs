using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenWatch.Simulator;

/// <summary>
/// A simulated Intune: Graph-shaped JSON for the three Apple endpoints on 127.0.0.1 (a free port). The default
/// tenant answers at the root (<c>{BaseUrl}/v1.0/…</c>); every tenant also answers under
/// <c>{BaseUrl}/tenants/{tenantId}/v1.0/…</c>, which is the Graph base URL to give TokenWatch for that tenant.
/// Time comes from the given <see cref="TimeProvider"/>, so a script can move the tenant through weeks; the latency
/// of a fault runs on the same clock, so with a fake clock a slow answer comes exactly when the test says.
/// Each tenant plays its own faults per endpoint (<see cref="SimulatedTenant.AddFault"/>) and pages its
/// collections with opaque <c>$skiptoken</c>s, as Graph does. <see cref="Load"/> adds latency and throttling to
/// every tenant at once, for a benchmark.
/// </summary>
public sealed class SimulatedIntune : IAsyncDisposable
{
    private const string AdePath = "beta/deviceManagement/depOnboardingSettings";
    private const string VppPath = "v1.0/deviceAppManagement/vppTokens";
    private const string VppBetaPath = "beta/deviceAppManagement/vppTokens";
    private const string ApnsPath = "v1.0/deviceManagement/applePushNotificationCertificate";
    private const string CustomersPath = "v1.0/tenantRelationships/delegatedAdminCustomers";

    /// <summary>The <c>vppTokenState</c> member only beta has: same location as another token.</summary>
    private const string BetaOnlyVppState = "duplicateLocationId";

    private readonly ConcurrentDictionary<string, SimulatedTenant> _tenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _drawLock = new();
    private WebApplication? _app;
    private long _requestCount;
    private long _tenantRequests;
    private long _throttled;
    private long _retryAfterToldMs;
    private SimulatedLoad? _load;
    private Random _draw = new(1);

    public SimulatedIntune(TimeProvider clock) => _clock = clock;

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:49152</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>HTTP requests served so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Requests to tenants' endpoints so far, how many were throttled, and the waits they were told to take.</summary>
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken);
        var address = _app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        BaseUrl = address.TrimEnd('/');
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        var path = (context.Request.Path.Value ?? "").Trim('/');
        var tenant = DefaultTenant;
        if (path.StartsWith("tenants/", StringComparison.Ordinal))
        {
            var rest = path["tenants/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var id = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
            _tenants.TryGetValue(id, out tenant);
            path = slash < 0 ? "" : rest[(slash + 1)..];
        }

        SimulatedEndpoint? endpoint = path switch
        {
            AdePath => SimulatedEndpoint.Ade,
            VppPath or VppBetaPath => SimulatedEndpoint.Vpp,
            ApnsPath => SimulatedEndpoint.Apns,
            CustomersPath => SimulatedEndpoint.DelegatedAdminCustomers,
            _ => null,
        };
        var ids = new RequestIds(
            Guid.NewGuid().ToString(),
            context.Request.Headers.TryGetValue("client-request-id", out var clientRequestId)
                ? clientRequestId.ToString()
                : null
        );
        context.Response.Headers["request-id"] = ids.RequestId;
        if (ids.ClientRequestId is not null)
        {
            context.Response.Headers["client-request-id"] = ids.ClientRequestId;
        }

        if (tenant is null || endpoint is null || !HttpMethods.IsGet(context.Request.Method))
        {
            await WriteAsync(
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
            return;
        }

        Interlocked.Increment(ref _tenantRequests);
        var load = Volatile.Read(ref _load);
        if (
            load is { Latency: var shared }
            && shared > TimeSpan.Zero
            && !await WaitAsync(shared, context.RequestAborted)
        )
        {
            return;
        }

        var fault = tenant.NextFault(endpoint.Value) ?? NotConsented(tenant, endpoint.Value) ?? LoadThrottle(load);
        if (
            fault?.Latency is { } latency
            && !await DelayAsync(
                tenant,
                new SimulatedRequest(
                    endpoint.Value,
                    $"{context.Request.Path}{context.Request.QueryString}",
                    ids.ClientRequestId,
                    ids.RequestId,
                    0
                ),
                latency,
                context.RequestAborted
            )
        )
        {
            return;
        }

        var (status, contentType, body) = fault is { StatusCode: not SimulatedFault.PassThrough }
            ? (fault.StatusCode, fault.ContentType, fault.Body ?? ErrorBody(fault, ids))
            : Answer(context, tenant, endpoint.Value, beta: path.StartsWith("beta/", StringComparison.Ordinal), ids);
        if (fault is { Truncate: true })
        {
            body = body[..(body.Length / 2)];
        }

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

        // Recorded before the answer goes out: a client that has its answer may count on the record being there.
        tenant.Record(
            new SimulatedRequest(
                endpoint.Value,
                $"{context.Request.Path}{context.Request.QueryString}",
                ids.ClientRequestId,
                ids.RequestId,
                status
            )
        );
        await WriteAsync(context, status, contentType, body);
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

    /// <summary>The shared load's latency: on the simulator's clock, and not announced as a tenant fault's delay is.</summary>
    private async Task<bool> WaitAsync(TimeSpan latency, CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _stopping.Token);
        try
        {
            await Task.Delay(latency, _clock, linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits on the simulator's clock, so a test with a fake clock decides when (or whether) a slow answer comes.</summary>
    private async Task<bool> DelayAsync(
        SimulatedTenant tenant,
        SimulatedRequest pending,
        TimeSpan latency,
        CancellationToken requestAborted
    )
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _stopping.Token);
        try
        {
            // The timer must exist before anyone hears of the wait: a test that advances the fake clock on that
            // signal would otherwise move time before the delay starts counting, and the answer would never come.
            var delay = Task.Delay(latency, _clock, linked.Token);
            tenant.DelayStarted(pending);
            await delay;
            return true;
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its timeout) or the simulator is stopping: nobody is waiting for an answer.
            return false;
        }
    }

    private (int Status, string ContentType, string Body) Answer(
        HttpContext context,
        SimulatedTenant tenant,
        SimulatedEndpoint endpoint,
        bool beta,
        RequestIds ids
    )
    {
        var now = _clock.GetUtcNow();
        var pageUrl = $"{BaseUrl}{context.Request.PathBase}{context.Request.Path}";
        var skipToken = context.Request.Query["$skiptoken"].ToString();
        if (!PageCursor.TryParse(skipToken, out var cursor))
        {
            return (
                400,
                "application/json",
                SimulatedFault.ODataError(
                    "BadRequest",
                    "The skip token is not valid.",
                    ids.RequestId,
                    ids.ClientRequestId
                )
            );
        }

        switch (endpoint)
        {
            case SimulatedEndpoint.Ade:
                return (
                    200,
                    "application/json",
                    Page(pageUrl, cursor, tenant, tenant.AdeTokens.Select(t => t.Apply(AdeJson(t, now))).ToList())
                );
            case SimulatedEndpoint.Vpp:
                var vpp = tenant.VppTokens.Select(t => t.Apply(VppJson(t, now, beta))).ToList();
                return (200, "application/json", Page(pageUrl, cursor, tenant, vpp));
            case SimulatedEndpoint.DelegatedAdminCustomers:
                return (
                    200,
                    "application/json",
                    Page(pageUrl, cursor, tenant, tenant.Customers.Select(CustomerJson).ToList())
                );
            default:
                return tenant.ApnsCertificate is { } certificate
                    ? (200, "application/json", JsonSerializer.Serialize(certificate.Apply(ApnsJson(certificate))))
                    : (404, "application/json", ErrorBody(SimulatedFault.NotFound(), ids));
        }
    }

    private static string ErrorBody(SimulatedFault fault, RequestIds ids) =>
        SimulatedFault.ODataError(
            fault.ErrorCode ?? "Error",
            fault.ErrorMessage ?? $"Simulated status {fault.StatusCode}",
            ids.RequestId,
            ids.ClientRequestId
        );

    private static string Page(
        string pageUrl,
        PageCursor cursor,
        SimulatedTenant tenant,
        List<Dictionary<string, object?>> items
    )
    {
        var page = new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/$metadata#collection",
        };
        if (cursor.Empty)
        {
            page["value"] = Array.Empty<object>();
            page["@odata.nextLink"] = $"{pageUrl}?$skiptoken={new PageCursor(cursor.Skip, Empty: false)}";
            return JsonSerializer.Serialize(page);
        }

        var pageSize = Math.Max(1, tenant.PageSize);
        page["value"] = items.Skip(cursor.Skip).Take(pageSize).ToList();
        if (cursor.Skip + pageSize < items.Count)
        {
            page["@odata.nextLink"] =
                $"{pageUrl}?$skiptoken={new PageCursor(cursor.Skip + pageSize, tenant.EmptyPagesBetween)}";
        }

        return JsonSerializer.Serialize(page);
    }

    private static Dictionary<string, object?> AdeJson(SimulatedAdeToken t, DateTimeOffset now) =>
        new()
        {
            ["id"] = t.Id,
            ["appleIdentifier"] = t.AppleIdentifier,
            ["tokenExpirationDateTime"] = Iso(t.TokenExpirationDateTime),
            ["lastModifiedDateTime"] = Iso(now.AddDays(-30)),
            ["lastSuccessfulSyncDateTime"] = Iso(LastSuccess(t, now)),
            ["lastSyncTriggeredDateTime"] = Iso(t.LastSyncTriggeredDateTime ?? LastSync(now)),
            ["shareTokenWithSchoolDataSyncService"] = false,
            ["lastSyncErrorCode"] = t.LastSyncErrorCode,
            ["tokenType"] = t.TokenType,
            ["tokenName"] = t.TokenName,
            ["syncedDeviceCount"] = t.SyncedDeviceCount,
            ["dataSharingConsentGranted"] = true,
            ["roleScopeTagIds"] = new[] { "0" },
        };

    /// <summary>
    /// A VPP token as Graph serves it: beta with <c>displayName</c>, <c>locationName</c> and <c>tokenActionResults</c>;
    /// v1.0 without them, and with <c>unknown</c> (its default member) for the beta-only <c>duplicateLocationId</c>.
    /// </summary>
    private static Dictionary<string, object?> VppJson(SimulatedVppToken t, DateTimeOffset now, bool beta)
    {
        var json = new Dictionary<string, object?>
        {
            ["@odata.type"] = "#microsoft.graph.vppToken",
            ["id"] = t.Id,
            ["organizationName"] = t.OrganizationName,
            ["vppTokenAccountType"] = t.VppTokenAccountType,
            ["appleId"] = t.AppleId,
            ["expirationDateTime"] = Iso(t.ExpirationDateTime),
            ["lastSyncDateTime"] = Iso(t.Syncing ? LastSync(now) : t.LastSyncDateTime),
            ["lastModifiedDateTime"] = Iso(now.AddDays(-30)),
            ["state"] = !beta && t.State == BetaOnlyVppState ? "unknown" : t.State,
            ["token"] = "c2ltdWxhdGVkLXZwcC1zZWNyZXQ=",
            ["lastSyncStatus"] = t.LastSyncStatus,
            ["automaticallyUpdateApps"] = true,
            ["countryOrRegion"] = "us",
        };
        if (beta)
        {
            json["displayName"] = t.DisplayName;
            json["locationName"] = t.LocationName;
            json["claimTokenManagementFromExternalMdm"] = false;
            json["dataSharingConsentGranted"] = true;
            json["roleScopeTagIds"] = new[] { "0" };
            json["tokenActionResults"] = t
                .TokenActionResults.Select(a => new Dictionary<string, object?>
                {
                    ["@odata.type"] = "#microsoft.graph.vppTokenActionResult",
                    ["actionName"] = a.ActionName,
                    ["actionState"] = a.ActionState,
                    ["startDateTime"] = Iso(a.StartDateTime),
                    ["lastUpdatedDateTime"] = Iso(a.LastUpdatedDateTime),
                })
                .ToList();
        }

        return json;
    }

    private static Dictionary<string, object?> CustomerJson(SimulatedCustomer c) =>
        new()
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminCustomer",
            ["id"] = c.TenantId,
            ["tenantId"] = c.TenantId,
            ["displayName"] = c.DisplayName,
        };

    private static Dictionary<string, object?> ApnsJson(SimulatedApnsCertificate c) =>
        new()
        {
            ["@odata.context"] =
                "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/applePushNotificationCertificate/$entity",
            ["id"] = c.Id,
            ["appleIdentifier"] = c.AppleIdentifier,
            ["topicIdentifier"] = c.TopicIdentifier,
            ["lastModifiedDateTime"] = "2025-11-01T00:00:00Z",
            ["expirationDateTime"] = Iso(c.ExpirationDateTime),
            ["certificateSerialNumber"] = c.CertificateSerialNumber,
            ["certificateUploadStatus"] = c.CertificateUploadStatus,
            ["certificateUploadFailureReason"] = c.CertificateUploadFailureReason,
            ["certificate"] = "LS0tLS1CRUdJTiBTSU1VTEFURUQgQ0VSVElGSUNBVEUtLS0tLQ==",
        };

    /// <summary>
    /// A syncing token succeeds at every 12-hour mark; while Apple reports an error the last success stays where it
    /// was set (or the mark before the failing one), as Intune shows a failing sync.
    /// </summary>
    private static DateTimeOffset? LastSuccess(SimulatedAdeToken t, DateTimeOffset now) =>
        !t.Syncing ? t.LastSuccessfulSyncDateTime
        : t.LastSyncErrorCode == 0 ? LastSync(now)
        : t.LastSuccessfulSyncDateTime ?? LastSync(now).AddHours(-12);

    /// <summary>Intune syncs ADE tokens every 12 hours: the last sync is the latest 12-hour mark.</summary>
    private static DateTimeOffset LastSync(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour >= 12 ? 12 : 0);

    private static string? Iso(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private sealed record RequestIds(string RequestId, string? ClientRequestId);

    /// <summary>
    /// Where the next page starts, sent as an opaque <c>$skiptoken</c> (base64 with characters that need escaping),
    /// as Graph's are: a client that rebuilds the URL instead of following the whole nextLink breaks here.
    /// </summary>
    private sealed record PageCursor(int Skip, bool Empty)
    {
        public static bool TryParse(string token, out PageCursor cursor)
        {
            cursor = new PageCursor(0, false);
            if (string.IsNullOrEmpty(token))
            {
                return true;
            }

            try
            {
                var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).TrimEnd().Split(':');
                if (
                    parts.Length == 3
                    && parts[0] == "page"
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
                )
                {
                    cursor = new PageCursor(skip, parts[2] == "empty");
                    return true;
                }
            }
            catch (FormatException)
            {
                // Not base64: not one of ours.
            }

            return false;
        }

        public override string ToString()
        {
            // Padded to a length that leaves "==" at the end of the base64, so the token always needs escaping.
            var text = $"page:{Skip.ToString(CultureInfo.InvariantCulture)}:{(Empty ? "empty" : "items")}";
            text = text.PadRight(text.Length + ((4 - (text.Length % 3)) % 3));
            return Uri.EscapeDataString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)));
        }
    }
}
