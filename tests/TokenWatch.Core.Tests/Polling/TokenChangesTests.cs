using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Polling;

/// <summary>What a poll records as added, changed and removed: the history admins read with <c>history</c>.</summary>
public sealed class TokenChangesTests
{
    private static TenantReading Reading(IEnumerable<TokenObservation> tokens, params PollFailure[] failures) =>
        new("t1", Now, [.. tokens], failures);

    private static PollFailure Failed(TokenKind kind) =>
        new(kind, FailureCodes.Throttled, "Graph answered 429.", FailureFix.Throttled);

    [Fact]
    public void A_new_token_is_added_a_different_one_changed_and_a_missing_one_removed()
    {
        var detected = TokenChanges.Detect([Ade(), Vpp()], Reading([Ade(daysLeft: 365), Apns()]));

        Assert.Equal(
            [
                (TokenChangeKind.Changed, "ade:ade-1"),
                (TokenChangeKind.Added, "apns:apns"),
                (TokenChangeKind.Removed, "vpp:vpp-1"),
            ],
            detected.Changes.Select(c => (c.Kind, c.TokenKey))
        );
        Assert.Null(detected.Changes.Single(c => c.Kind == TokenChangeKind.Removed).Observation);
        Assert.Equal(["ade:ade-1", "apns:apns"], detected.Read.Select(t => t.Key));
    }

    [Fact]
    public void A_token_seen_again_as_it_was_is_no_change()
    {
        var withProblems = Ade() with { Problems = ["expirationDateTime is not a date"] };

        var again = Ade() with { Problems = ["expirationDateTime is not a date"] };

        var detected = TokenChanges.Detect([withProblems], Reading([again]));

        Assert.Empty(detected.Changes);
        Assert.Same(again, Assert.Single(detected.Read));
    }

    [Fact]
    public void An_endpoint_that_failed_keeps_its_last_good_state()
    {
        var detected = TokenChanges.Detect(
            [Ade(), Vpp()],
            Reading([Ade(syncError: 3)], Failed(TokenKind.Vpp), Failed(TokenKind.Ade))
        );

        Assert.Empty(detected.Changes);
        Assert.Empty(detected.Read);
    }

    [Fact]
    public void A_token_listed_twice_is_recorded_once()
    {
        var detected = TokenChanges.Detect([], Reading([Ade(), Ade(daysLeft: 10)]));

        Assert.Equal([Ade()], detected.Read);
        Assert.Single(detected.Changes);
    }
}
