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
/// Time comes from the given <see cref="TimeProvider"/>, so a script can move the tenant through weeks.
/// </summary>
public sealed class SimulatedIntune : IAsyncDisposable
{
    private const string AdePath = "beta/deviceManagement/depOnboardingSettings";
    private const string VppPath = "v1.0/deviceAppManagement/vppTokens";
    private const string ApnsPath = "v1.0/deviceManagement/applePushNotificationCertificate";

    private readonly ConcurrentDictionary<string, SimulatedTenant> _tenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock;
    private WebApplication? _app;
    private long _requestCount;

    public SimulatedIntune(TimeProvider clock) => _clock = clock;

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:49152</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>HTTP requests served so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

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

    public static async Task<SimulatedIntune> StartAsync(TimeProvider clock, CancellationToken cancellationToken = default)
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
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
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
            VppPath => SimulatedEndpoint.Vpp,
            ApnsPath => SimulatedEndpoint.Apns,
            _ => null,
        };
        context.Response.Headers["request-id"] = Guid.NewGuid().ToString();
        if (context.Request.Headers.TryGetValue("client-request-id", out var clientRequestId))
        {
            context.Response.Headers["client-request-id"] = clientRequestId;
        }

        if (tenant is null || endpoint is null || !HttpMethods.IsGet(context.Request.Method))
        {
            await WriteAsync(context, 404, SimulatedFault.ODataError("ResourceNotFound", $"No such resource: /{path}"));
            return;
        }

        if (tenant.NextFault(endpoint.Value) is { } fault)
        {
            await PlayAsync(context, fault);
            return;
        }

        var now = _clock.GetUtcNow();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var pageUrl = $"{BaseUrl}{context.Request.PathBase}{context.Request.Path}";
        switch (endpoint.Value)
        {
            case SimulatedEndpoint.Ade:
                await WriteAsync(context, 200, Page(pageUrl, skip, tenant.PageSize, tenant.AdeTokens.Select(t => AdeJson(t, now)).ToList()));
                break;
            case SimulatedEndpoint.Vpp:
                await WriteAsync(context, 200, Page(pageUrl, skip, tenant.PageSize, tenant.VppTokens.Select(t => VppJson(t, now)).ToList()));
                break;
            default:
                if (tenant.ApnsCertificate is { } certificate)
                {
                    await WriteAsync(context, 200, JsonSerializer.Serialize(ApnsJson(certificate)));
                }
                else
                {
                    await WriteAsync(context, 404, SimulatedFault.ODataError("ResourceNotFound", "{\"_version\":3,\"Message\":\"An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000\",\"CustomApiErrorPhrase\":\"\",\"RetryAfter\":null,\"ErrorSourceService\":\"\",\"HttpHeaders\":\"{}\"}"));
                }

                break;
        }
    }

    private async Task PlayAsync(HttpContext context, SimulatedFault fault)
    {
        if (fault.Latency is { } latency)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        if (fault.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfter;
        }

        await WriteAsync(context, fault.StatusCode, fault.Body ?? SimulatedFault.ODataError("Error", $"Simulated status {fault.StatusCode}"));
    }

    private static string Page(string pageUrl, int skip, int pageSize, List<Dictionary<string, object?>> items)
    {
        var page = new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/$metadata#collection",
            ["value"] = items.Skip(skip).Take(pageSize).ToList(),
        };
        if (skip + pageSize < items.Count)
        {
            page["@odata.nextLink"] = $"{pageUrl}?$skiptoken={skip + pageSize}";
        }

        return JsonSerializer.Serialize(page);
    }

    private static Dictionary<string, object?> AdeJson(SimulatedAdeToken t, DateTimeOffset now) => new()
    {
        ["id"] = t.Id,
        ["appleIdentifier"] = t.AppleIdentifier,
        ["tokenExpirationDateTime"] = Iso(t.TokenExpirationDateTime),
        ["lastModifiedDateTime"] = Iso(now.AddDays(-30)),
        ["lastSuccessfulSyncDateTime"] = Iso(t.Syncing ? LastSync(now) : t.LastSuccessfulSyncDateTime),
        ["lastSyncTriggeredDateTime"] = Iso(now.AddHours(-1)),
        ["shareTokenWithSchoolDataSyncService"] = false,
        ["lastSyncErrorCode"] = t.LastSyncErrorCode,
        ["tokenType"] = t.TokenType,
        ["tokenName"] = t.TokenName,
        ["syncedDeviceCount"] = t.SyncedDeviceCount,
        ["dataSharingConsentGranted"] = true,
        ["roleScopeTagIds"] = new[] { "0" },
    };

    private static Dictionary<string, object?> VppJson(SimulatedVppToken t, DateTimeOffset now) => new()
    {
        ["@odata.type"] = "#microsoft.graph.vppToken",
        ["id"] = t.Id,
        ["organizationName"] = t.OrganizationName,
        ["displayName"] = t.DisplayName,
        ["vppTokenAccountType"] = t.VppTokenAccountType,
        ["appleId"] = t.AppleId,
        ["expirationDateTime"] = Iso(t.ExpirationDateTime),
        ["lastSyncDateTime"] = Iso(t.Syncing ? LastSync(now) : t.LastSyncDateTime),
        ["lastModifiedDateTime"] = Iso(now.AddDays(-30)),
        ["state"] = t.State,
        ["token"] = "c2ltdWxhdGVkLXZwcC1zZWNyZXQ=",
        ["lastSyncStatus"] = t.LastSyncStatus,
        ["automaticallyUpdateApps"] = true,
        ["countryOrRegion"] = "us",
    };

    private static Dictionary<string, object?> ApnsJson(SimulatedApnsCertificate c) => new()
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/applePushNotificationCertificate/$entity",
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

    /// <summary>Intune syncs ADE tokens every 12 hours: the last sync is the latest 12-hour mark.</summary>
    private static DateTimeOffset LastSync(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour >= 12 ? 12 : 0);

    private static string? Iso(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
