using TokenWatch.Core.Actions;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Actions;

/// <summary>
/// The signed token of an action link: what it grants, and every way a forged or stale one is refused.
/// </summary>
public sealed class ActionTokensTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherKey = Enumerable.Range(40, 32).Select(i => (byte)i).ToArray();

    private static readonly ActionClaim Claim = new(
        "t1",
        "ade:ade-1",
        "sync-error",
        "20260601120000-abcdef012345",
        AlertActionKind.Snooze,
        Now.AddDays(14),
        "k1"
    );

    [Fact]
    public void A_signed_token_reads_back_as_its_claim_until_it_expires()
    {
        var tokens = new ActionTokens(new ActionKeys("k1", Key));
        var signed = tokens.Sign(Claim);

        Assert.Equal((Claim, (ActionRefusal?)null), tokens.Read(signed, Now));
        Assert.Equal((null, ActionRefusal.Expired), tokens.Read(signed, Now.AddDays(14)));
    }

    [Fact]
    public void Any_changed_character_is_a_bad_signature()
    {
        var tokens = new ActionTokens(new ActionKeys("k1", Key));
        var signed = tokens.Sign(Claim);
        for (var i = 0; i < signed.Length; i++)
        {
            var flipped = signed[i] == 'A' ? 'B' : 'A';
            var tampered = signed[..i] + flipped + signed[(i + 1)..];
            Assert.Null(tokens.Read(tampered, Now).Claim);
        }
    }

    [Fact]
    public void A_token_signed_with_another_key_or_cut_short_is_refused()
    {
        var mine = new ActionTokens(new ActionKeys("k1", Key));
        var theirs = new ActionTokens(new ActionKeys("k1", OtherKey));

        Assert.Equal(ActionRefusal.BadSignature, mine.Read(theirs.Sign(Claim), Now).Refusal);
        Assert.Equal(ActionRefusal.BadSignature, mine.Read(mine.Sign(Claim)[..^5], Now).Refusal);
        Assert.Equal(ActionRefusal.BadSignature, mine.Read("", Now).Refusal);
        Assert.Equal(ActionRefusal.BadSignature, mine.Read(null, Now).Refusal);
    }

    [Fact]
    public void After_a_rotation_links_of_the_previous_key_still_open_and_new_ones_carry_the_new_key_id()
    {
        var before = new ActionTokens(new ActionKeys("k1", Key));
        var after = new ActionTokens(new ActionKeys("k2", OtherKey, "k1", Key));

        Assert.Equal(Claim, after.Read(before.Sign(Claim), Now).Claim);
        Assert.StartsWith("k2.", after.Sign(Claim), StringComparison.Ordinal);
        Assert.Equal(ActionRefusal.BadSignature, before.Read(after.Sign(Claim), Now).Refusal);
    }

    [Fact]
    public void The_form_token_is_bound_to_its_link()
    {
        var tokens = new ActionTokens(new ActionKeys("k1", Key));
        var link = tokens.Sign(Claim);
        var other = tokens.Sign(Claim with { Kind = AlertActionKind.Acknowledge });

        Assert.True(tokens.IsFormToken(link, tokens.FormToken(link)));
        Assert.False(tokens.IsFormToken(link, tokens.FormToken(other)));
        Assert.False(tokens.IsFormToken(link, null));
        Assert.False(tokens.IsFormToken(link, ""));
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_not_used()
    {
        Assert.Null(ActionKeys.Decode(Convert.ToBase64String(new byte[31])));
        Assert.NotNull(ActionKeys.Decode(Convert.ToBase64String(new byte[32])));
        Assert.Null(ActionKeys.Decode("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x)"));
    }
}
