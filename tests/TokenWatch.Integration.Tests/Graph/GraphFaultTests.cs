using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// Every fault Graph can answer with, played by the simulator to the real Microsoft Graph client inside a real poll.
/// Each test faults one endpoint of tenant 1 and checks three things an admin relies on: the endpoint is classified
/// as the issue says, the tenant's other endpoints and tenant 2 are read normally, and the log line names the Graph
/// <c>request-id</c> and <c>client-request-id</c> that the simulator really served and received.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class GraphFaultTests(AzuriteFixture azurite)
{
    private static SimulatedEndpoint EndpointOf(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => SimulatedEndpoint.Ade,
            TokenKind.Vpp => SimulatedEndpoint.Vpp,
            _ => SimulatedEndpoint.Apns,
        };

    /// <summary>
    /// Polls, checks tenant 2 was read normally, and returns tenant 1's failure of <paramref name="kind"/>.
    /// </summary>
    private static async Task<PollFailure> PollExpectingAsync(TestApp app, TokenKind kind, string code)
    {
        var readings = await app.PollAsync();

        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
        Assert.Empty(app.FailureLogs(1));
        return Expect.OnlyFailed(readings[0], kind, code);
    }

    /// <summary>
    /// The failure's log line carries the ids of the last request the simulator saw for that endpoint.
    /// </summary>
    private static void AssertLoggedWithIds(TestApp app, TokenKind kind, string code, bool answered = true)
    {
        var log = Assert.Single(app.FailureLogs(0));
        Assert.Equal(kind.ToSlug(), log.GetStructuredStateValue("TokenKind"));
        Assert.Equal(code, log.GetStructuredStateValue("Cause"));
        var last = app.Tenant(0).Requests.Last(r => r.Endpoint == EndpointOf(kind));
        Assert.False(string.IsNullOrEmpty(last.ClientRequestId));
        Assert.Equal(last.ClientRequestId, log.GetStructuredStateValue("ClientRequestId"));
        if (answered)
        {
            Assert.Equal(last.RequestId, log.GetStructuredStateValue("RequestId"));
        }
    }

    private static async Task WaitUntilAnsweredAsync(SimulatedTenant tenant, params SimulatedEndpoint[] endpoints)
    {
        var patience = TestApp.Patience();
        while (endpoints.Any(e => tenant.RequestCount(e) == 0))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, patience);
        }

        // The answer is recorded just before it is written; give the client a moment to take its headers.
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, patience);
    }

    [Fact]
    public async Task A_401_is_auth_failed_and_says_to_check_the_credential()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(SimulatedEndpoint.Ade, SimulatedFault.Unauthorized());

        var failure = await PollExpectingAsync(app, TokenKind.Ade, FailureCodes.AuthFailed);

        Assert.Contains("(401)", failure.Message);
        Assert.Contains("Access token has expired", failure.Message);
        Assert.Contains("expired client secret or certificate", FailureFixes.Sentence(failure, app.TenantIds[0]));
        Assert.Equal(1, app.Tenant(0).RequestCount(SimulatedEndpoint.Ade)); // 401 is not retried
        AssertLoggedWithIds(app, TokenKind.Ade, FailureCodes.AuthFailed);
    }

    [Theory]
    [InlineData(TokenKind.Ade, "DeviceManagementServiceConfig.Read.All")]
    [InlineData(TokenKind.Vpp, "DeviceManagementServiceConfig.Read.All")]
    [InlineData(TokenKind.Apns, "DeviceManagementManagedDevices.Read.All")]
    public async Task A_403_is_permission_missing_and_names_the_permission_to_grant(TokenKind kind, string permission)
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(EndpointOf(kind), SimulatedFault.Forbidden());

        var failure = await PollExpectingAsync(app, kind, FailureCodes.PermissionMissing);

        Assert.Contains($"the permission {permission} is missing", failure.Message);
        Assert.StartsWith(
            $"Grant the application permission {permission} to TokenWatch's identity in tenant {app.TenantIds[0]}",
            FailureFixes.Sentence(failure, app.TenantIds[0])
        );
        AssertLoggedWithIds(app, kind, FailureCodes.PermissionMissing);
    }

    [Fact]
    public async Task A_tenant_without_Intune_is_not_licensed()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(SimulatedEndpoint.Vpp, SimulatedFault.NotLicensed());

        var failure = await PollExpectingAsync(app, TokenKind.Vpp, FailureCodes.NotLicensed);

        Assert.Contains("Request not applicable to target tenant.", failure.Message);
        Assert.Contains("Assign an Intune licence", FailureFixes.Sentence(failure, app.TenantIds[0]));
        AssertLoggedWithIds(app, TokenKind.Vpp, FailureCodes.NotLicensed);
    }

    [Fact]
    public async Task APNs_404_is_not_configured_which_is_no_failure()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).ApnsCertificate = null;

        var readings = await app.PollAsync();

        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
        Assert.Empty(readings[0].Failures);
        var apns = Assert.Single(readings[0].Tokens, t => t.Kind == TokenKind.Apns);
        Assert.True(apns.NotConfigured);
        var health = app.Rules.Evaluate(apns, app.Clock.GetUtcNow());
        Assert.Equal(HealthStatus.Ok, health.Status);
        Assert.Equal([Condition.NotConfigured], health.Reasons.Select(r => r.Condition));
        Assert.Empty(app.FailureLogs(0));
    }

    [Fact]
    public async Task A_404_on_a_collection_is_a_failure_not_an_empty_list()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(SimulatedEndpoint.Ade, SimulatedFault.NotFound());

        var failure = await PollExpectingAsync(app, TokenKind.Ade, FailureCodes.Unavailable);

        Assert.Contains("Graph answered 404", failure.Message);
        AssertLoggedWithIds(app, TokenKind.Ade, FailureCodes.Unavailable);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_then_read_normally()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(SimulatedEndpoint.Ade, SimulatedFault.Throttled(retryAfter: "0"), times: 2);

        var readings = await app.PollAsync();

        Expect.ReadNormally(readings[0], app.Rules, app.Clock.GetUtcNow());
        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
        Assert.Equal(
            [429, 429, 200],
            app.Tenant(0).Requests.Where(r => r.Endpoint == SimulatedEndpoint.Ade).Select(r => r.StatusCode)
        );
        Assert.Empty(app.FailureLogs(0));
    }

    [Fact]
    public async Task A_429_without_Retry_After_is_retried_with_back_off_then_throttled()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.Vpp, SimulatedFault.Throttled(retryAfter: null));

        var failure = await PollExpectingAsync(app, TokenKind.Vpp, FailureCodes.Throttled);

        // The first request and MaxRetries retries, twice: a throttled tenant is read once more at the end of the poll;
        // the back-off base is 0 s here, so no wall-clock time passes.
        Assert.Equal(2 * (1 + TestApp.MaxRetries), app.Tenant(0).RequestCount(SimulatedEndpoint.Vpp));
        Assert.Contains("kept throttling reads of VPP tokens (429) after retries", failure.Message);
        Assert.Contains("poll less often", FailureFixes.Sentence(failure, app.TenantIds[0]));
        AssertLoggedWithIds(app, TokenKind.Vpp, FailureCodes.Throttled);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_retry_budget_is_honoured_by_giving_up_at_once()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.Ade, SimulatedFault.Throttled(retryAfter: "120"));

        var failure = await PollExpectingAsync(app, TokenKind.Ade, FailureCodes.Throttled);

        // Waiting 120 s would pass MaxRetryWaitSeconds (30 s): one request, no retry (and one more at the end of the
        // poll, which the tenant's deferral allows), and the wait Graph asked for is shown. Had the header been
        // ignored, the zero back-off would have retried three times in each.
        Assert.Equal(2, app.Tenant(0).RequestCount(SimulatedEndpoint.Ade));
        Assert.Contains("it last asked to wait 120 s", failure.Message);
        AssertLoggedWithIds(app, TokenKind.Ade, FailureCodes.Throttled);
    }

    [Fact]
    public async Task A_500_is_unavailable_and_not_retried()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.Apns, SimulatedFault.ServerError());

        var failure = await PollExpectingAsync(app, TokenKind.Apns, FailureCodes.Unavailable);

        Assert.Equal(1, app.Tenant(0).RequestCount(SimulatedEndpoint.Apns));
        // Intune's JSON-in-message unwrapped
        Assert.Contains("(500): An internal server error has occurred", failure.Message);
        Assert.Contains("give Microsoft support the request-id", FailureFixes.Sentence(failure, app.TenantIds[0]));
        AssertLoggedWithIds(app, TokenKind.Apns, FailureCodes.Unavailable);
    }

    [Fact]
    public async Task A_503_is_retried_then_unavailable()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.Ade, SimulatedFault.Unavailable());

        var failure = await PollExpectingAsync(app, TokenKind.Ade, FailureCodes.Unavailable);

        Assert.Equal(1 + TestApp.MaxRetries, app.Tenant(0).RequestCount(SimulatedEndpoint.Ade));
        Assert.Contains("(503)", failure.Message);
        AssertLoggedWithIds(app, TokenKind.Ade, FailureCodes.Unavailable);
    }

    [Fact]
    public async Task A_gateway_error_page_in_HTML_is_unavailable_not_malformed()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(SimulatedEndpoint.Vpp, SimulatedFault.GatewayHtml(502));

        var failure = await PollExpectingAsync(app, TokenKind.Vpp, FailureCodes.Unavailable);

        Assert.Contains("(502)", failure.Message);
        AssertLoggedWithIds(app, TokenKind.Vpp, FailureCodes.Unavailable);
    }

    [Fact]
    public async Task A_request_that_gets_no_answer_times_out_as_unavailable_on_its_own()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(SimulatedEndpoint.Vpp, SimulatedFault.Hang());

        var poll = app.PollAsync();
        var hung = await app.Tenant(0).WaitForDelayedRequestAsync(TestApp.Patience());
        // Everything else must have its answer before the clock passes the attempt timeout: tenant 2's read is
        // stored, and tenant 1's other endpoints were answered (their attempts end as the answer's headers arrive).
        await app.WaitUntilStoredAsync(1);
        await WaitUntilAnsweredAsync(app.Tenant(0), SimulatedEndpoint.Ade, SimulatedEndpoint.Apns);
        // the attempt's timeout, well inside the tenant's
        app.Clock.Advance(TimeSpan.FromSeconds(TestApp.RequestTimeoutSeconds));
        var readings = await poll;

        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
        var failure = Expect.OnlyFailed(readings[0], TokenKind.Vpp, FailureCodes.Unavailable);
        Assert.Equal(
            $"Graph did not answer the read of VPP tokens within {TestApp.RequestTimeoutSeconds} s.",
            failure.Message
        );
        // No answer means no request-id; the client-request-id TokenWatch sent is what support can trace.
        var log = Assert.Single(app.FailureLogs(0));
        Assert.Equal(hung.ClientRequestId, log.GetStructuredStateValue("ClientRequestId"));
        Assert.Null(failure.RequestId);
    }

    [Fact]
    public async Task A_slow_answer_inside_the_timeouts_is_read_normally()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AddFault(SimulatedEndpoint.Apns, SimulatedFault.Slow(TimeSpan.FromSeconds(20)));

        var poll = app.PollAsync();
        await app.Tenant(0).WaitForDelayedRequestAsync(TestApp.Patience());
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var readings = await poll;

        Expect.ReadNormally(readings[0], app.Rules, app.Clock.GetUtcNow());
        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("truncated")]
    [InlineData("html-200")]
    public async Task An_answer_that_is_not_Graph_JSON_is_malformed(string fault)
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0)
            .AddFault(
                SimulatedEndpoint.Ade,
                fault switch
                {
                    "malformed" => SimulatedFault.MalformedJson(),
                    "truncated" => SimulatedFault.TruncatedJson(),
                    _ => new SimulatedFault(200, "<html><body>Sign in to continue</body></html>")
                    {
                        ContentType = "text/html",
                    },
                }
            );

        var failure = await PollExpectingAsync(app, TokenKind.Ade, FailureCodes.Malformed);

        Assert.StartsWith("Graph's answer for ADE tokens could not be read:", failure.Message);
        Assert.Contains("request-id", FailureFixes.Sentence(failure, app.TenantIds[0]));
        AssertLoggedWithIds(app, TokenKind.Ade, FailureCodes.Malformed);
    }

    [Fact]
    public async Task Faults_on_one_endpoint_never_reach_the_same_tenants_other_endpoints_or_other_tenants()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 3);
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.Ade, SimulatedFault.ServerError());
        app.Tenant(1).AddPersistentFault(SimulatedEndpoint.Vpp, SimulatedFault.Forbidden());

        var readings = await app.PollAsync();

        Expect.OnlyFailed(readings[0], TokenKind.Ade, FailureCodes.Unavailable);
        Expect.OnlyFailed(readings[1], TokenKind.Vpp, FailureCodes.PermissionMissing);
        Expect.ReadNormally(readings[2], app.Rules, app.Clock.GetUtcNow());
        Assert.All(new[] { SimulatedEndpoint.Vpp, SimulatedEndpoint.Apns }, e =>
            Assert.Equal(1, app.Tenant(0).RequestCount(e))
        );
        // The token endpoints; a poll never reads the partner tenant's GDAP customers.
        var tokenEndpoints = new[] { SimulatedEndpoint.Ade, SimulatedEndpoint.Vpp, SimulatedEndpoint.Apns };
        Assert.All(tokenEndpoints, e => Assert.Equal(1, app.Tenant(2).RequestCount(e)));
    }
}
