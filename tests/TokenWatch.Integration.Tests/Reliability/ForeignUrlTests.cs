using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Any URL that comes from a Graph answer and leads away from the configured Graph origin is refused before a
/// request is sent: a redirect's <c>Location</c> (the SDK follows redirects on its own) as much as a nextLink
/// (PagingTests covers the nextLink shapes; the Graph corpus adds user-info, scheme and loopback-address tricks).
/// The foreign server here is a second simulator holding an empty tenant: had it been asked, its answer would have
/// read as "no tokens", i.e. every token of the endpoint removed, or the push certificate not configured.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ForeignUrlTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(SimulatedEndpoint.Vpp, 301)]
    [InlineData(SimulatedEndpoint.Ade, 302)]
    [InlineData(SimulatedEndpoint.Vpp, 307)]
    [InlineData(SimulatedEndpoint.Apns, 308)]
    public async Task A_redirect_to_another_host_is_refused_and_the_last_good_state_kept(
        SimulatedEndpoint endpoint,
        int status
    )
    {
        await using var foreign = await SimulatedIntune.StartAsync(TimeProvider.System);
        foreign.AddTenant("attacker");
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        await app.PollAsync();
        var before = (await app.StoredAsync(0)).Tokens.Select(t => t.Observation.Key).Order().ToList();
        var path = new Uri(app.Tenant(0).Requests.First(r => r.Endpoint == endpoint).PathAndQuery, UriKind.Relative)
            .ToString()
            .Replace($"/tenants/{app.TenantIds[0]}", "", StringComparison.Ordinal);
        app.Tenant(0).AddPersistentFault(endpoint, SimulatedFault.Redirect(foreign.BaseUrl + path, status));
        app.Clock.Advance(TimeSpan.FromHours(1));

        var reading = (await app.PollAsync())[0];

        var kind = endpoint switch
        {
            SimulatedEndpoint.Ade => TokenKind.Ade,
            SimulatedEndpoint.Vpp => TokenKind.Vpp,
            _ => TokenKind.Apns,
        };
        var failure = Expect.OnlyFailed(reading, kind, FailureCodes.Malformed);
        Assert.Contains(
            $"A request to {foreign.BaseUrl} was refused: it is not the configured Graph host",
            failure.Message
        );
        Assert.Equal(0, foreign.RequestCount);
        Assert.Equal(before, (await app.StoredAsync(0)).Tokens.Select(t => t.Observation.Key).Order());
        Assert.DoesNotContain((await app.StoredAsync(0)).Tokens, t => t.Observation.NotConfigured);
    }

    [Fact]
    public async Task A_nextLink_to_another_host_is_never_asked()
    {
        await using var foreign = await SimulatedIntune.StartAsync(TimeProvider.System);
        foreign.AddTenant("attacker");
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        app.Tenant(0)
            .AddFault(
                SimulatedEndpoint.Ade,
                SimulatedFault.Json(
                    $$"""{ "value": [], "@odata.nextLink": "{{foreign.BaseUrl}}/beta/deviceManagement/"""
                        + """depOnboardingSettings?$skiptoken=x" }"""
                )
            );

        var reading = await app.ReadAsync(0);

        Assert.Contains("nextLink outside", Expect.OnlyFailed(reading, TokenKind.Ade, FailureCodes.Malformed).Message);
        Assert.Equal(0, foreign.RequestCount);
    }
}
