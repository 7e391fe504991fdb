using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Enrollment;

/// <summary>
/// What the enrollment scan logs per ADE token for the workbook's enrollment tile: its figures as structured fields,
/// and never a device's serial number.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class EnrollmentScanLogTests(AzuriteFixture azurite)
{
    private const int TokenScannedEvent = 8106;

    [Fact]
    public async Task A_complete_scan_logs_the_tokens_figures_as_fields_without_serials()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        var devices = SimulatedFleet.Create(1_000, now, serialPrefix: "SERIAL").ToList();
        app.WithDevices(devices);
        app.Tenant(0).DevicePageSize = 250;
        await app.PollAsync();

        await app.ScanAsync();

        var row = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == TokenScannedEvent);
        Assert.Equal("EnrollmentTokenScanned", row.Id.Name);
        Assert.Equal(app.TenantIds[0], row.GetStructuredStateValue("TenantId"));
        Assert.Equal(app.Tenant(0).AdeTokens[0].Id, row.GetStructuredStateValue("TokenId"));
        Assert.Equal("1000", row.GetStructuredStateValue("DeviceCount"));
        Assert.Equal(Count(devices, "failed"), row.GetStructuredStateValue("FailedDeviceCount"));
        Assert.Equal(Count(devices, "blocked"), row.GetStructuredStateValue("BlockedDeviceCount"));
        var unassigned = devices
            .Count(d => d.RequestedEnrollmentProfileId is null)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(unassigned, row.GetStructuredStateValue("UnassignedDeviceCount"));
        Assert.Equal(unassigned, row.GetStructuredStateValue("WithoutProfileCount"));
        var logged = row.Message + " " + string.Join(" ", row.StructuredState!.Select(p => p.Value));
        Assert.DoesNotContain("SERIAL", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scan_that_failed_logs_no_figures()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        app.WithDevices(SimulatedFleet.Create(20, app.Clock.GetUtcNow()));
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.AdeDevices, SimulatedFault.ServerError());
        await app.PollAsync();

        await app.ScanAsync();

        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Id.Id == TokenScannedEvent);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "EnrollmentScanFailed");
    }

    private static string Count(IEnumerable<SimulatedDevice> devices, string state) =>
        devices.Count(d => d.EnrollmentState == state).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
