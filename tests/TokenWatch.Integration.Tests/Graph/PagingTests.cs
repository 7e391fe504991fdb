using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// Collections read through <c>@odata.nextLink</c> with the real client, and the ways a page can be wrong.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class PagingTests(AzuriteFixture azurite)
{
    private const string AdePath = "/beta/deviceManagement/depOnboardingSettings";

    private static void AddAdeTokens(SimulatedTenant tenant, int count, DateTimeOffset now)
    {
        tenant.AdeTokens.Clear();
        for (var i = 1; i <= count; i++)
        {
            tenant.AdeTokens.Add(
                new SimulatedAdeToken
                {
                    Id = $"ade-{i}",
                    TokenName = $"ABM {i}",
                    TokenExpirationDateTime = now.AddDays(100 + i),
                }
            );
        }
    }

    [Fact]
    public async Task Every_page_is_read_by_following_the_whole_nextLink_across_empty_pages()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var tenant = app.Tenant(0);
        AddAdeTokens(tenant, 5, app.Clock.GetUtcNow());
        tenant.PageSize = 2;
        tenant.EmptyPagesBetween = true;

        var reading = await app.ReadAsync(0);

        Assert.Empty(reading.Failures);
        Assert.Equal(
            ["ade-1", "ade-2", "ade-3", "ade-4", "ade-5"],
            reading.Tokens.Where(t => t.Kind == TokenKind.Ade).Select(t => t.Id)
        );
        // Pages: [1,2], empty, [3,4], empty, [5]. Each later request carries the opaque, escaped skip token verbatim.
        var requests = tenant.Requests.Where(r => r.Endpoint == SimulatedEndpoint.Ade).ToList();
        Assert.Equal(5, requests.Count);
        Assert.DoesNotContain("?", requests[0].PathAndQuery);
        Assert.All(requests.Skip(1), r => Assert.Matches(@"\?\$skiptoken=[A-Za-z0-9%]+%3D%3D$", r.PathAndQuery));
        Assert.Equal(requests.Count, requests.Select(r => r.PathAndQuery).Distinct().Count());
        Assert.All(requests, r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task A_nextLink_that_loops_is_stopped_and_reported_as_malformed()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var self = $"{app.Intune.GraphUrlFor(app.TenantIds[0])}{AdePath}?$skiptoken=again";
        app.Tenant(0)
            .AddPersistentFault(
                SimulatedEndpoint.Ade,
                SimulatedFault.Json(
                    """{ "value": [ { "id": "ade-1", "tokenExpirationDateTime": "2027-01-01T00:00:00Z" } ],"""
                        + $$""" "@odata.nextLink": "{{self}}" }"""
                )
            );

        var reading = await app.ReadAsync(0);

        var failure = Expect.OnlyFailed(reading, TokenKind.Ade, FailureCodes.Malformed);
        Assert.Contains("nextLink loops", failure.Message);
        Assert.Equal(2, app.Tenant(0).RequestCount(SimulatedEndpoint.Ade)); // the first page, and the link once
    }

    [Theory]
    [InlineData("http://localhost:{port}/tenants/{tenant}/beta/deviceManagement/depOnboardingSettings?$skiptoken=x")]
    [InlineData("https://graph.example.net/beta/deviceManagement/depOnboardingSettings?$skiptoken=x")]
    [InlineData("/beta/deviceManagement/depOnboardingSettings?$skiptoken=x")]
    public async Task A_nextLink_to_another_origin_is_not_followed(string nextLink)
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var link = nextLink
            .Replace(
                "{port}",
                new Uri(app.Intune.BaseUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                StringComparison.Ordinal
            )
            .Replace("{tenant}", app.TenantIds[0], StringComparison.Ordinal);
        app.Tenant(0)
            .AddFault(
                SimulatedEndpoint.Ade,
                SimulatedFault.Json($$"""{ "value": [], "@odata.nextLink": "{{link}}" }""")
            );

        var reading = await app.ReadAsync(0);

        var failure = Expect.OnlyFailed(reading, TokenKind.Ade, FailureCodes.Malformed);
        Assert.Contains("nextLink outside", failure.Message);
        Assert.Equal(1, app.Tenant(0).RequestCount(SimulatedEndpoint.Ade));
    }

    [Theory]
    [InlineData("""{ "@odata.context": "x" }""", "the page has no 'value' array")]
    [InlineData("""{ "value": { "id": "ade-1" } }""", "'value' is not an array")]
    [InlineData("""{ "value": null }""", "the page has no 'value' array")]
    [InlineData("""[ { "id": "ade-1" } ]""", "the page has no 'value' array")]
    [InlineData("""{ "value": [], "@odata.nextLink": 42 }""", "'@odata.nextLink' is a number, not a URL")]
    public async Task A_page_of_the_wrong_shape_is_malformed_not_a_tenant_without_tokens(string body, string problem)
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        app.Tenant(0).AddFault(SimulatedEndpoint.Ade, SimulatedFault.Json(body));

        var reading = await app.ReadAsync(0);

        var failure = Expect.OnlyFailed(reading, TokenKind.Ade, FailureCodes.Malformed);
        Assert.Contains(problem, failure.Message);
    }

    [Fact]
    public async Task An_item_that_is_not_an_object_is_shown_as_an_unreadable_token()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        app.Tenant(0)
            .AddFault(
                SimulatedEndpoint.Vpp,
                SimulatedFault.Json(
                    """{ "value": [ "vpp-1", { "id": "vpp-2", "state": "valid","""
                        + """ "expirationDateTime": "2027-01-01T00:00:00Z" } ] }"""
                )
            );

        var reading = await app.ReadAsync(0);

        Assert.Empty(reading.Failures);
        var vpp = reading.Tokens.Where(t => t.Kind == TokenKind.Vpp).ToList();
        Assert.Equal(2, vpp.Count);
        var broken = app.Rules.Evaluate(vpp[0], app.Clock.GetUtcNow());
        Assert.Equal(HealthStatus.Unknown, broken.Status);
        Assert.Contains(broken.Reasons, r =>
            r.Condition == Condition.Unparseable && r.Detail!.Contains("value[0] is text, not an object")
        );
        Assert.Equal("vpp-2", vpp[1].Id);
    }
}
