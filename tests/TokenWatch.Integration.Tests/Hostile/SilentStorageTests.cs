using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Integration.Tests.Reliability;
using TokenWatch.Integration.Tests.Support;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Hostile;

/// <summary>
/// The real Tables client against storage that accepts connections and never answers: each tenant's poll gives up
/// after the configured operation timeout and retries and is recorded as not stored, and tenants do not queue behind
/// the table's creation, each trying it again in turn. The time it took is printed, not asserted.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class SilentStorageTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private const int Tenants = 8;

    [Fact]
    public async Task A_silent_storage_endpoint_is_given_up_on_for_every_tenant_without_serialising_them()
    {
        await using var storage = new SilentStorage();
        await using var app = await TestApp.StartAsync(
            storage.ConnectionString(azurite.ConnectionString),
            tenants: Tenants,
            configure: s =>
            {
                s["TokenWatch:Storage:OperationTimeoutSeconds"] = "2";
                s["TokenWatch:Storage:MaxRetries"] = "1";
                s["TokenWatch:Cycle:MaxParallelism"] = Tenants.ToString(
                    System.Globalization.CultureInfo.InvariantCulture
                );
            }
        );
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < Tenants; i++)
        {
            app.Tenant(i).OneOfEach(now);
        }

        var watch = Stopwatch.StartNew();
        // A bound for a hung test, not a timing assertion: the SDK's own default would wait 100 s per attempt.
        var summary = await app
            .Services.GetRequiredService<PollService>()
            .RunAsync(CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(90));
        watch.Stop();

        Assert.Equal(Tenants, summary.UnstoredTenants);
        Assert.Equal(0, summary.UnreadTenants);
        var creations = storage.RequestLines.Count(l =>
            l.StartsWith("POST /devstoreaccount1/Tables", StringComparison.Ordinal)
        );
        // one creation (and its retry) shared, not one per tenant in turn
        Assert.True(creations is >= 2 and < Tenants, string.Join(" | ", storage.RequestLines));
        report.Line(
            output,
            $"silent storage: {Tenants} tenants given up on in {watch.Elapsed.TotalSeconds:0.0} s with a 2 s "
                + $"operation timeout and 1 retry ({creations} table-creation requests)"
        );
    }
}
