using TokenWatch.Core.Enrollment;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Enrollment;

/// <summary>
/// The enrollment scan through the real Graph client against the simulator, stored in Azurite: what it counts, and
/// what it asks Graph.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class EnrollmentScanTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_page_is_counted_and_only_aggregates_and_samples_are_stored()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        var devices = SimulatedFleet.Create(1_000, now).ToList();
        var token = app.WithDevices(devices);
        token.DefaultProfiles["ios"] = SimulatedFleet.ProfileId; // macOS has no default
        app.Tenant(0).DevicePageSize = 100;
        await app.PollAsync();

        var summary = await app.ScanAsync();

        var stored = await app.TokenAsync();
        Assert.False(stored.IsUnknown);
        var scan = stored.LastComplete!;
        Assert.Equal(now, scan.ScannedAt);
        Assert.Equal(1_000, scan.Devices);
        foreach (var state in new[] { "enrolled", "failed", "blocked", "notContacted" })
        {
            Assert.Equal(devices.Count(d => d.EnrollmentState == state), scan.Count(state));
        }

        Assert.Equal(0, scan.Count(EnrollmentStates.PendingReset));
        var noProfile = devices.Where(d => d.RequestedEnrollmentProfileId is null).ToList();
        Assert.Equal(noProfile.Count, scan.WithoutProfile);
        Assert.Equal(noProfile.Count, scan.Unassigned); // synced 3 days ago, never contacted: past 24 hours
        Assert.Equal(now.AddDays(-3), scan.OldestWithoutProfileSince);
        Assert.Equal(
            [
                new PlatformProfile(
                    "ios",
                    devices.Count(d => d.Platform == "ios"),
                    noProfile.Count(d => d.Platform == "ios"),
                    true
                ),
                new PlatformProfile(
                    "macOS",
                    devices.Count(d => d.Platform == "macOS"),
                    noProfile.Count(d => d.Platform == "macOS"),
                    false
                ),
            ],
            scan.Platforms
        );
        Assert.Equal(["macOS"], scan.PlatformsWithoutDefault);
        Assert.Equal(noProfile.Count(d => d.Platform == "macOS"), scan.NoDefaultProfileDevices);
        AssertSamples(scan.Samples.Failed, devices.Where(d => d.EnrollmentState == "failed"));
        AssertSamples(scan.Samples.Blocked, devices.Where(d => d.EnrollmentState == "blocked"));
        AssertSamples(scan.Samples.Unassigned, noProfile);
        AssertSamples(scan.Samples.NoDefaultProfile, noProfile.Where(d => d.Platform == "macOS"));
        Assert.Equal((1, 0, 1_000L), (summary.TokensScanned, summary.TokensFailed, summary.Devices));

        // Ten pages, each asked with $select, the later ones by their nextLink; one default profile per platform.
        var pages = app.Requests(SimulatedEndpoint.AdeDevices);
        Assert.Equal(10, pages.Count);
        Assert.All(pages.Take(1), r =>
            Assert.Contains("$select=serialNumber,platform,", Uri.UnescapeDataString(r.PathAndQuery))
        );
        Assert.All(pages.Skip(1), r => Assert.Contains("$skiptoken=", r.PathAndQuery));
        Assert.Equal(2, app.Requests(SimulatedEndpoint.AdeDefaultProfile).Count);
        Assert.Single(app.Requests(SimulatedEndpoint.DeviceManagement));
    }

    [Theory]
    [InlineData(NoDefaultAnswer.NotFound)]
    [InlineData(NoDefaultAnswer.EmptyBody)]
    [InlineData(NoDefaultAnswer.NoContent)]
    public async Task No_default_profile_as_404_or_an_empty_answer_is_none_not_a_failure(NoDefaultAnswer answer)
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        var token = app.WithDevices([
            EnrollmentApp.Device("IPAD00000001", "notContacted", now.AddHours(-2), profile: null),
        ]);
        token.NoDefaultAnswer = answer;
        await app.PollAsync();

        await app.ScanAsync();

        var stored = await app.TokenAsync();
        Assert.Null(stored.Failure);
        var scan = stored.LastComplete!;
        Assert.Equal([new PlatformProfile("ios", 1, 1, false)], scan.Platforms);
        Assert.Equal(["IPAD00000001"], scan.Samples.NoDefaultProfile);
        Assert.Equal(0, scan.Unassigned); // synced two hours ago: not yet past Enrollment:UnassignedHours
        Assert.Equal(1, scan.WithoutProfile);
    }

    [Fact]
    public async Task A_token_without_synced_devices_makes_no_scan_request()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        app.WithDevices([]);
        await app.PollAsync();

        await app.ScanAsync();

        Assert.Empty(app.Requests(SimulatedEndpoint.AdeDevices));
        Assert.Empty(app.Requests(SimulatedEndpoint.AdeDefaultProfile));
        var scan = (await app.TokenAsync()).LastComplete!;
        Assert.Equal((0, 0, 0), (scan.Devices, scan.WithoutProfile, scan.Unassigned));
        Assert.Empty(scan.Platforms);
    }

    [Fact]
    public async Task Intune_connector_verdicts_are_stored_with_never_as_no_time()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        app.Tenant(0).Connectors.Add(new("appleDepLastSyncDateTime", "ade-1", "warning", now.AddDays(-2)));
        app.Tenant(0).Connectors.Add(new("applePushNotificationServiceExpirationDateTime", "apns", "healthy", null));
        app.Tenant(0).Connectors.Add(new("windowsAutopilotLastSyncDateTime", "wa", "unhealthy", now));
        await app.PollAsync();

        await app.ScanAsync();

        var connectors = (await app.EnrollmentAsync()).Connectors!;
        Assert.False(connectors.IsUnknown);
        Assert.Equal(
            [
                new ConnectorVerdict("appleDepLastSyncDateTime", "ade-1", "warning", now.AddDays(-2)),
                new ConnectorVerdict("applePushNotificationServiceExpirationDateTime", "apns", "healthy", null),
                new ConnectorVerdict("windowsAutopilotLastSyncDateTime", "wa", "unhealthy", now),
            ],
            connectors.Verdicts
        );
        Assert.Equal([true, true, false], connectors.Verdicts.Select(v => v.IsApple));
        Assert.Contains(
            "$select=connectorStatus",
            Assert.Single(app.Requests(SimulatedEndpoint.DeviceManagement)).PathAndQuery
        );
    }

    [Fact]
    public async Task Deleted_devices_and_unknown_states_are_counted_not_dropped()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        var synced = now.AddDays(-10);
        app.WithDevices([
            EnrollmentApp.Device("A1", "enrolled", synced),
            EnrollmentApp.Device("A2", "somethingNew", synced),
            EnrollmentApp.Device("A3", "failed", synced) with
            {
                IsDeleted = true,
            },
            EnrollmentApp.Device("A4", "pendingReset", synced, platform: "tvOS"),
        ]);
        app.Tenant(0).AdeTokens[0].DefaultProfiles["ios"] = SimulatedFleet.ProfileId;
        await app.PollAsync();

        await app.ScanAsync();

        var scan = (await app.TokenAsync()).LastComplete!;
        Assert.Equal((4, 1), (scan.Devices, scan.Deleted));
        Assert.Equal(
            (1, 1, 1, 0),
            (
                scan.Count("enrolled"),
                scan.Count(EnrollmentStates.Other),
                scan.Count("pendingReset"),
                scan.Count("failed")
            )
        );
        Assert.Empty(scan.Samples.Failed);
        // tvOS has no default-profile relation TokenWatch reads: not known, never assumed either way.
        Assert.Equal([new PlatformProfile("ios", 2, 0, true), new PlatformProfile("tvOS", 1, 0, null)], scan.Platforms);
        Assert.Single(app.Requests(SimulatedEndpoint.AdeDefaultProfile));
    }

    private static void AssertSamples(IReadOnlyList<string> samples, IEnumerable<SimulatedDevice> expected)
    {
        var serials = expected.Select(d => d.SerialNumber).ToList();
        Assert.Equal(Math.Min(EnrollmentSamples.Max, serials.Count), samples.Count);
        Assert.All(samples, s => Assert.Contains(s, serials));
    }
}
