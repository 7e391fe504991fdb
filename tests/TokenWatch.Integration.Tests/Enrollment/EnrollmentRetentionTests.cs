using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Retention;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Enrollment;

/// <summary>The clean-up removes the enrollment scan of an ADE token that is gone, and keeps the others.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class EnrollmentRetentionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_scan_row_of_a_removed_ade_token_goes_and_the_connector_row_stays()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        app.WithDevices([EnrollmentApp.Device("GOOD00000001", "enrolled", now.AddDays(-4), contacted: now)]);
        await app.PollAsync();
        await app.ScanAsync();
        Assert.Contains(await KeysAsync(app), k => k.StartsWith("enrollment|ade|", StringComparison.Ordinal));

        await app.Services.GetRequiredService<RetentionService>().RunAsync(CancellationToken.None);
        Assert.Contains(await KeysAsync(app), k => k.StartsWith("enrollment|ade|", StringComparison.Ordinal));

        app.Tenant(0).AdeTokens.Clear();
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.PollAsync();
        await app.Services.GetRequiredService<RetentionService>().RunAsync(CancellationToken.None);

        var keys = await KeysAsync(app);
        Assert.DoesNotContain(keys, k => k.StartsWith("enrollment|ade|", StringComparison.Ordinal));
        Assert.Contains("enrollment|!connectors", keys);
    }

    private static async Task<List<string>> KeysAsync(TestApp app) =>
        (await app.RowsAsync("TokenState")).Select(r => r.RowKey).ToList();
}
