using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Polling;

/// <summary>
/// What a poll records: its time, in the order polls ran, and its tokens as kept, compared like with like.
/// </summary>
public sealed class PollRecordTests
{
    private static TenantReading Reading(DateTimeOffset at, params TokenObservation[] tokens) =>
        new("t1", at, tokens, []);

    [Fact]
    public void A_poll_read_before_the_newest_recorded_one_is_recorded_at_the_newest_so_evaluations_still_read_it()
    {
        var newest = Now.AddMinutes(5); // another host's clock runs ahead, or this one was set back

        var record = PollRecord.Of(new PollBaseline([Ade()], newest), Reading(Now, Ade(syncError: 3)));

        Assert.Equal(newest, record.Reading.ReadAt);
        Assert.Equal(
            [(TokenChangeKind.Changed, "ade:ade-1")],
            record.Changes.Changes.Select(c => (c.Kind, c.TokenKey))
        );
    }

    [Fact]
    public void A_poll_after_the_newest_keeps_its_own_time()
    {
        var record = PollRecord.Of(new PollBaseline([], Now.AddHours(-1)), Reading(Now, Ade()));

        Assert.Equal(Now, record.Reading.ReadAt);
        Assert.Equal(Now, PollRecord.Of(PollBaseline.None, Reading(Now)).Reading.ReadAt);
    }

    [Fact]
    public void Long_text_is_kept_capped_and_the_same_long_text_read_again_is_no_change()
    {
        var huge = Ade() with
        {
            Name = new string('N', KeptText.MaxLength + 100),
            Problems = ["first", new string('p', KeptText.MaxLength)],
        };

        var first = PollRecord.Of(PollBaseline.None, Reading(Now, huge));
        var kept = Assert.Single(first.Changes.Read);
        var again = PollRecord.Of(new PollBaseline([kept], Now), Reading(Now.AddHours(1), huge));

        Assert.Equal(KeptText.MaxLength, kept.Name!.Length);
        Assert.Equal(KeptText.MaxLength, string.Join('\n', kept.Problems).Length);
        Assert.Equal("first", kept.Problems[0]);
        Assert.Same(kept, Assert.Single(first.Changes.Changes).Observation);
        Assert.Empty(again.Changes.Changes);
        Assert.Equal("Main ABM", PollRecord.Of(PollBaseline.None, Reading(Now, Ade())).Changes.Read[0].Name);
    }
}
