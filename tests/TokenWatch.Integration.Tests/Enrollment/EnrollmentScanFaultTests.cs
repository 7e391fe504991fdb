using System.Text.Json;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Polling;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Enrollment;

/// <summary>
/// A scan that cannot complete: the token's enrollment is unknown with the cause, the last complete scan is kept as
/// it was (never mixed with the pages that did come), and every read is bounded.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class EnrollmentScanFaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_failing_middle_page_keeps_the_previous_complete_scan_and_is_unknown_with_its_cause()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var first = await ScannedFleetAsync(app, 500);
        var token = app.Tenant(0).AdeTokens[0];
        token.Devices.AddRange(SimulatedFleet.Create(200, app.Clock.GetUtcNow(), "G")); // the next scan would see more
        app.Tenant(0).AddFaultOnRequest(SimulatedEndpoint.AdeDevices, SimulatedFault.ServerError(), request: 3);
        app.Clock.Advance(TimeSpan.FromHours(6));

        var summary = await app.ScanAsync();

        var stored = await app.TokenAsync();
        Assert.True(stored.IsUnknown);
        // The same scan as before, field by field and list by list: no page of the failed scan got into it.
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(stored.LastComplete));
        var failure = stored.Failure!;
        Assert.Equal(FailureCodes.Unavailable, failure.Code);
        Assert.Equal(app.Clock.GetUtcNow(), failure.At);
        Assert.Contains("Scanning the devices of ADE token 'Main ABM' failed", failure.Message);
        Assert.Contains("(500)", failure.Message);
        Assert.Equal((0, 1), (summary.TokensScanned, summary.TokensFailed));
        // Five pages of the first scan; then two pages and the failing third, after which nothing more is asked.
        var pages = app.Requests(SimulatedEndpoint.AdeDevices);
        Assert.Equal(5 + 3, pages.Count);
        Assert.Equal(500, pages[^1].StatusCode);

        // The next scan completes: the new scan replaces the old one and the failure is gone.
        app.Clock.Advance(TimeSpan.FromHours(6));
        await app.ScanAsync();
        var recovered = await app.TokenAsync();
        Assert.False(recovered.IsUnknown);
        Assert.Null(recovered.Failure);
        Assert.Equal(700, recovered.LastComplete!.Devices);
    }

    [Fact]
    public async Task A_default_profile_answer_other_than_none_is_a_read_failure()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        app.WithDevices([EnrollmentApp.Device("IPAD1", "enrolled", app.Clock.GetUtcNow().AddDays(-5))]);
        app.Tenant(0).AddFault(SimulatedEndpoint.AdeDefaultProfile, SimulatedFault.Forbidden());
        await app.PollAsync();

        await app.ScanAsync();

        var stored = await app.TokenAsync();
        Assert.Null(stored.LastComplete);
        Assert.True(stored.IsUnknown);
        Assert.Equal(FailureCodes.PermissionMissing, stored.Failure!.Code);
    }

    [Fact]
    public async Task A_redirected_page_is_not_followed_and_fails_the_scan()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        await ScannedFleetAsync(app, 300);
        app.Tenant(0)
            .AddFaultOnRequest(
                SimulatedEndpoint.AdeDevices,
                SimulatedFault.Redirect("http://graph.example.net/beta/devices"),
                request: 2
            );

        await app.ScanAsync();

        var stored = await app.TokenAsync();
        Assert.True(stored.IsUnknown);
        Assert.Equal(300, stored.LastComplete!.Devices);
        Assert.Contains("http://graph.example.net was refused", stored.Failure!.Message);
        Assert.Equal(3 + 2, app.Requests(SimulatedEndpoint.AdeDevices).Count); // never asked beyond the redirect
    }

    [Fact]
    public async Task A_huge_page_is_refused_at_the_response_bound()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1, settings =>
            settings["TokenWatch:Graph:MaxResponseMegabytes"] = "1"
        );
        app.WithDevices(SimulatedFleet.Create(50, app.Clock.GetUtcNow()));
        var huge = $$"""{ "value": [ { "serialNumber": "{{new string('X', 2 * 1024 * 1024)}}" } ] }""";
        app.Tenant(0).AddFaultOnRequest(SimulatedEndpoint.AdeDevices, SimulatedFault.Json(huge), request: 1);
        await app.PollAsync();

        await app.ScanAsync();

        var stored = await app.TokenAsync();
        Assert.Equal(FailureCodes.TooLarge, stored.Failure!.Code);
        Assert.Null(stored.LastComplete);
    }

    [Fact]
    public async Task A_slow_page_ends_at_the_request_timeout_and_the_tenant_budget_bounds_the_scan()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        await ScannedFleetAsync(app, 300);
        app.Tenant(0).AddFaultOnRequest(SimulatedEndpoint.AdeDevices, SimulatedFault.Hang(), request: 2);

        var scan = app.ScanAsync();
        await app.Tenant(0).WaitForDelayedRequestAsync(TestApp.Patience());
        app.Clock.Advance(TimeSpan.FromSeconds(TestApp.RequestTimeoutSeconds));
        await scan;

        var stored = await app.TokenAsync();
        Assert.True(stored.IsUnknown);
        Assert.Equal(300, stored.LastComplete!.Devices);
        Assert.Contains($"within {TestApp.RequestTimeoutSeconds} s", stored.Failure!.Message);
    }

    [Fact]
    public async Task One_tenant_failing_every_read_never_stops_another_tenants_scan()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 2);
        foreach (var tenant in new[] { 0, 1 })
        {
            app.WithDevices(SimulatedFleet.Create(120, app.Clock.GetUtcNow()), tenant);
        }

        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.AdeDevices, SimulatedFault.Unauthorized());
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.DeviceManagement, SimulatedFault.Forbidden());
        await app.PollAsync();

        var summary = await app.ScanAsync();

        var broken = await app.EnrollmentAsync(0);
        Assert.Equal(FailureCodes.AuthFailed, Assert.Single(broken.Tokens).Failure!.Code);
        Assert.True(broken.Connectors!.IsUnknown);
        Assert.Equal(FailureCodes.PermissionMissing, broken.Connectors.Failure!.Code);
        var healthy = await app.EnrollmentAsync(1);
        Assert.Equal(120, Assert.Single(healthy.Tokens).LastComplete!.Devices);
        Assert.False(healthy.Connectors!.IsUnknown);
        Assert.Equal((2, 1, 1), (summary.Tenants, summary.TokensScanned, summary.TokensFailed));
    }

    [Fact]
    public async Task An_enrollment_setting_out_of_range_stops_the_start_with_its_key()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1, settings =>
        {
            settings["TokenWatch:Enrollment:UnassignedHours"] = "0";
            settings["TokenWatch:Enrollment:TenantTimeoutSeconds"] = "5";
        });

        var problems = Infrastructure.ServiceCollectionExtensions.ConfigurationProblems(app.Services);

        Assert.Contains(problems, p => p.StartsWith("TokenWatch:Enrollment:UnassignedHours", StringComparison.Ordinal));
        Assert.Contains(problems, p =>
            p.StartsWith("TokenWatch:Enrollment:TenantTimeoutSeconds", StringComparison.Ordinal)
        );
    }

    /// <summary>The tenant's token with a fleet of <paramref name="count"/> devices, polled and scanned once.</summary>
    private static async Task<EnrollmentScan> ScannedFleetAsync(TestApp app, int count)
    {
        app.WithDevices(SimulatedFleet.Create(count, app.Clock.GetUtcNow()));
        app.Tenant(0).DevicePageSize = 100;
        await app.PollAsync();
        await app.ScanAsync();
        return (await app.TokenAsync()).LastComplete!;
    }
}
