using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Enrollment;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Enrollment;

/// <summary>
/// The enrollment scan of a <see cref="TestApp"/>: its ADE tokens given devices in the simulator, the hourly poll
/// run first (the scan reads the tokens the poll stored), then the scan as <c>ScanEnrollment</c> runs it.
/// </summary>
internal static class EnrollmentApp
{
    /// <summary>
    /// The seeded ADE token of a tenant, with <paramref name="devices"/> and its synced count to match.
    /// </summary>
    public static SimulatedAdeToken WithDevices(this TestApp app, IEnumerable<SimulatedDevice> devices, int tenant = 0)
    {
        var token = app.Tenant(tenant).AdeTokens[0];
        token.Devices.Clear();
        token.Devices.AddRange(devices);
        token.SyncedDeviceCount = token.Devices.Count;
        return token;
    }

    public static Task<EnrollmentScanSummary> ScanAsync(this TestApp app) =>
        app
            .Services.GetRequiredService<EnrollmentScanService>()
            .RunAsync(CancellationToken.None)
            .WaitAsync(TestApp.Patience());

    /// <summary>The evaluation as <c>EvaluateAlerts</c> runs it; what it decided for the (first) tenant.</summary>
    public static async Task<TenantEvaluation> EvaluateAsync(this TestApp app)
    {
        TenantEvaluation? evaluated = null;
        await app
            .Services.GetRequiredService<EvaluationService>()
            .RunAsync(e => evaluated ??= e, CancellationToken.None)
            .WaitAsync(TestApp.Patience());
        return evaluated!;
    }

    /// <summary>An hour of the app: the poll, the enrollment scan, the evaluation; then the clock moves on.</summary>
    public static async Task<TenantEvaluation> CycleAsync(this TestApp app)
    {
        await app.PollAsync();
        await app.ScanAsync();
        var evaluated = await app.EvaluateAsync();
        app.Clock.Advance(TimeSpan.FromHours(1));
        return evaluated;
    }

    public static Task<TenantEnrollment> EnrollmentAsync(this TestApp app, int tenant = 0) =>
        app.Services.GetRequiredService<IEnrollmentStore>().LoadAsync(app.TenantIds[tenant], CancellationToken.None);

    /// <summary>The stored scans of the tenant's one ADE token.</summary>
    public static async Task<TokenEnrollment> TokenAsync(this TestApp app, int tenant = 0) =>
        Assert.Single((await app.EnrollmentAsync(tenant)).Tokens);

    public static IReadOnlyList<SimulatedRequest> Requests(
        this TestApp app,
        SimulatedEndpoint endpoint,
        int tenant = 0
    ) => app.Tenant(tenant).Requests.Where(r => r.Endpoint == endpoint).ToList();

    public static SimulatedDevice Device(
        string serial,
        string state,
        DateTimeOffset synced,
        string? profile = SimulatedFleet.ProfileId,
        string platform = "ios",
        DateTimeOffset? contacted = null
    ) => new(serial, platform, synced, contacted, profile, state);
}
