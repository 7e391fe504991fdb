using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Enrollment;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary><c>tokenwatch status</c> shows the enrollment conditions of the latest stored scan.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class StatusEnrollmentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Status_shows_an_ade_token_with_failed_enrollments_as_critical_with_the_sentence()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var now = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid().ToString();
        var token = app.Intune.AddTenant(id).OneOfEach(now).AdeTokens[0];
        token.Devices.Add(
            new("FAIL00000001", "ios", now.AddDays(-3), now.AddDays(-1), SimulatedFleet.ProfileId, "failed")
        );
        token.SyncedDeviceCount = 1;
        await cli.RunAsync("tenants", "add", id, "--name", "Contoso");
        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);
        await app.Services.GetRequiredService<EnrollmentScanService>().RunAsync(CancellationToken.None);

        var status = await cli.RunAsync("status", "--output", "json");

        Assert.True(status.ExitCode == 0, status.Err);
        var ade = JsonDocument
            .Parse(status.Out)
            .RootElement.EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "ade");
        Assert.Equal("critical", ade.GetProperty("status").GetString());
        Assert.Contains("1 device did not complete Automated Device Enrollment", status.Out);
    }
}
