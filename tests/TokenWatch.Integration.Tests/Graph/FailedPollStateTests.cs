using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// What the store holds after Graph stops answering for a tenant: the last good state, never "healthy".
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class FailedPollStateTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_permission_revoked_between_polls_keeps_the_last_good_ADE_state_and_records_why()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        app.Tenant(0).AdeTokens[0].LastSyncErrorCode = 3;
        var firstPoll = app.Clock.GetUtcNow();
        await app.PollAsync();

        // An hour later the ADE token is gone from Graph's answer, but only because Graph refuses to answer.
        app.Clock.Advance(TimeSpan.FromHours(1));
        app.Tenant(0).AdeTokens.Clear();
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.Ade, SimulatedFault.Forbidden());
        await app.PollAsync();

        var stored = await app.StoredAsync(0);
        var ade = Assert.Single(stored.Tokens, t => t.Observation.Kind == TokenKind.Ade);
        Assert.Equal(3, ade.Observation.SyncErrorCode); // still the error it had, not a clean slate
        Assert.Equal(firstPoll, ade.ObservedAt); // and visibly as old as the last read that saw it
        Assert.All(stored.Tokens.Where(t => t.Observation.Kind != TokenKind.Ade), t =>
            Assert.Equal(app.Clock.GetUtcNow(), t.ObservedAt)
        );
        var run = Assert.IsType<PollRunRecord>(stored.LastPoll);
        Assert.False(run.Succeeded);
        var failure = Assert.Single(run.Failures);
        Assert.Equal((TokenKind.Ade, FailureCodes.PermissionMissing), (failure.Kind, failure.Code));
        Assert.Equal(
            app.Tenant(0).Requests.Last(r => r.Endpoint == SimulatedEndpoint.Ade).RequestId,
            failure.RequestId
        );
        Assert.Equal(3, (await app.StoredAsync(1)).Tokens.Count);
    }
}
