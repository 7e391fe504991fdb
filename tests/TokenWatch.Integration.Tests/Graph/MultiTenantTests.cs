using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>Several tenants in one poll: each with its own client, none able to hold up or spoil another.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class MultiTenantTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_endpoint_past_the_tenant_timeout_times_out_while_other_endpoints_and_other_tenants_complete()
    {
        // Each attempt may take longer than the tenant's whole budget, so it is the per-tenant timeout that fires.
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 3, configure: s =>
            s["TokenWatch:Graph:RequestTimeoutSeconds"] = "600"
        );
        app.Tenant(0).AddFault(SimulatedEndpoint.Ade, SimulatedFault.Hang());

        var poll = app.PollAsync();
        await app.Tenant(0).WaitForDelayedRequestAsync(TestApp.Patience());
        // The others must be finished before the fake clock jumps, or their own timeouts would fire too.
        await app.WaitUntilStoredAsync(1, 2);
        app.Clock.Advance(TimeSpan.FromSeconds(TestApp.TenantTimeoutSeconds));
        var readings = await poll;

        // Only the endpoint still unread when the tenant's time ran out failed; the two that answered keep their
        // tokens.
        var failure = Expect.OnlyFailed(readings[0], TokenKind.Ade, FailureCodes.Timeout);
        Assert.Equal(
            $"Reading ADE tokens took longer than the tenant's {TestApp.TenantTimeoutSeconds} s.",
            failure.Message
        );
        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
        Expect.ReadNormally(readings[2], app.Rules, app.Clock.GetUtcNow());
        var log = Assert.Single(app.FailureLogs(0));
        Assert.Equal(FailureCodes.Timeout, log.GetStructuredStateValue("Cause"));
        var run = (await app.StoredAsync(0)).LastPoll;
        Assert.NotNull(run);
        Assert.False(run.Succeeded);
    }

    [Fact]
    public async Task Each_tenant_has_one_cached_client_on_its_own_Graph_root()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 2);
        var clients = app.Services.GetRequiredService<GraphClientProvider>();

        var first = clients.For(app.TenantIds[0]);
        var again = clients.For(app.TenantIds[0].ToUpperInvariant());
        var second = clients.For(app.TenantIds[1]);

        Assert.Same(first, again);
        Assert.NotSame(first.Client, second.Client);
        Assert.Equal(new Uri(app.Intune.GraphUrlFor(app.TenantIds[0])), first.Root);
        Assert.Equal(new Uri(app.Intune.GraphUrlFor(app.TenantIds[1])), second.Root);
    }

    [Fact]
    public async Task Bad_Graph_retry_settings_stop_the_app_at_start_with_one_message_each()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1, configure: s =>
        {
            s["TokenWatch:Graph:MaxRetries"] = "11";
            s["TokenWatch:Graph:RetryDelaySeconds"] = "181";
            s["TokenWatch:Graph:RequestTimeoutSeconds"] = "0";
        });

        var problems = TokenWatch.Infrastructure.ServiceCollectionExtensions.ConfigurationProblems(app.Services);

        Assert.Contains(problems, p => p.StartsWith("TokenWatch:Graph:MaxRetries:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TokenWatch:Graph:RetryDelaySeconds:", StringComparison.Ordinal));
        Assert.Contains(problems, p =>
            p.StartsWith("TokenWatch:Graph:RequestTimeoutSeconds:", StringComparison.Ordinal)
        );
        Assert.Equal(3, problems.Count);
    }
}
