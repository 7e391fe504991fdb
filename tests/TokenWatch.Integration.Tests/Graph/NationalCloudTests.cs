using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Tenants;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Graph;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// A tenant of a US government cloud beside a global one: each read at its own cloud's Graph host (the simulator
/// serves each host under <c>clouds/{host}/</c> and a tenant only at its own), signed in at its own authority
/// with its own scope, and its admins sent to its own Intune admin center.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class NationalCloudTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    private static void PerCloudHosts(Dictionary<string, string?> settings) =>
        settings["TokenWatch:Graph:BaseUrl"] = settings["TokenWatch:Graph:BaseUrl"]!.Replace(
            "/tenants/",
            $"/clouds/{CloudEndpoints.GraphHostPlaceholder}/tenants/",
            StringComparison.Ordinal
        );

    [Fact]
    public async Task A_USGov_tenant_is_read_at_the_US_Government_Graph_host_and_its_email_links_open_its_portal()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-outbox-" + Guid.NewGuid());
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 2, configure: s =>
        {
            PerCloudHosts(s);
            s["TokenWatch:Tenants:1:Cloud"] = "USGov";
            s["TokenWatch:Email:OutboxPath"] = outbox;
        });
        app.Tenant(0).GraphHost = "graph.microsoft.com";
        app.Tenant(1).GraphHost = "graph.microsoft.us";
        app.Tenant(1).VppTokens[0].State = "invalid";

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        var usGov = app.Services.GetRequiredService<GraphClientProvider>().For(app.TenantIds[1]);
        Assert.Equal("https://graph.microsoft.us/.default", usGov.Cloud.Scope);
        Assert.Equal(new Uri("https://login.microsoftonline.us/"), usGov.Cloud.AuthorityHost);
        Assert.NotEmpty(app.Tenant(1).Requests);
        Assert.All(app.Tenant(1).Requests, r => Assert.StartsWith("/clouds/graph.microsoft.us/", r.PathAndQuery));
        Assert.All(app.Tenant(1).Requests, r => Assert.Equal(200, r.StatusCode));
        Assert.All(app.Tenant(0).Requests, r => Assert.StartsWith("/clouds/graph.microsoft.com/", r.PathAndQuery));
        var eml = Assert.Single(Directory.GetFiles(outbox, "*.eml"));
        var message = await MimeKit.MimeMessage.LoadAsync(eml);
        Assert.Contains($"https://intune.microsoft.us/{app.TenantIds[1]}", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("intune.microsoft.com", message.HtmlBody, StringComparison.Ordinal);
        Directory.Delete(outbox, recursive: true);
    }

    [Fact]
    public async Task A_tenant_is_not_found_at_another_clouds_Graph_host()
    {
        // The simulator's tenant exists only at its own cloud's host: read as Global, it is not there.
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1, configure: PerCloudHosts);
        app.Tenant(0).GraphHost = "graph.microsoft.us";

        var reading = await app.ReadAsync(0);

        // ADE and VPP fail as not found; the push certificate's 404 reads as "not configured".
        Assert.All(reading.Tokens, t => Assert.True(t.NotConfigured));
        Assert.Equal(2, reading.Failures.Count);
        Assert.Empty(app.Tenant(0).Requests);
    }

    [Fact]
    public async Task The_deployments_managed_identity_asked_to_reach_a_China_tenant_stops_the_app_with_one_message()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1, configure: s =>
        {
            PerCloudHosts(s);
            s["TokenWatch:Tenants:0:Cloud"] = "China";
            s["TokenWatch:Tenants:0:Auth"] = "ManagedIdentity";
        });

        var problems = TokenWatch.Infrastructure.ServiceCollectionExtensions.ConfigurationProblems(app.Services);

        Assert.Equal(
            [
                "TokenWatch:Tenants:0:Cloud 'China' cannot be reached with auth 'ManagedIdentity': the deployment's "
                    + "managed identity belongs to the Global cloud (TokenWatch:Graph:Cloud) and signs in there "
                    + "only. Use ClientSecret or ClientCertificate with an app registered in the China cloud.",
            ],
            problems
        );
    }

    [Fact]
    public async Task One_Graph_base_URL_for_every_cloud_is_refused_for_a_tenant_of_another_cloud()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1, configure: s =>
            s["TokenWatch:Tenants:0:Cloud"] = "USGovDoD"
        );

        var problem = Assert.Single(
            TokenWatch.Infrastructure.ServiceCollectionExtensions.ConfigurationProblems(app.Services)
        );

        Assert.StartsWith("TokenWatch:Tenants:0:Cloud 'USGovDoD' cannot be read: TokenWatch:Graph:BaseUrl", problem);
    }

    [Fact]
    public async Task A_USGov_tenants_request_to_the_global_Graph_host_is_refused_before_it_leaves()
    {
        var options = Options.Create(new TokenWatchOptions { Graph = new GraphOptions { Auth = GraphAuth.None } });
        using var clients = new GraphClientProvider(options, TimeProvider.System);
        var graph = clients.For("contoso.onmicrosoft.us", NationalCloud.USGov);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            graph
                .Client.DeviceManagement.ApplePushNotificationCertificate.WithUrl(
                    "https://graph.microsoft.com/v1.0/deviceManagement/applePushNotificationCertificate"
                )
                .GetAsync()
        );

        Assert.Equal(new Uri("https://graph.microsoft.us"), graph.Root);
        Assert.Contains("not the configured Graph host https://graph.microsoft.us", refused.Message);
    }
}
