using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Tests.Kinds;

/// <summary>Each kind described once: the names admins type and read, and when its sync turns stale.</summary>
public sealed class TokenKindsTests
{
    [Theory]
    [InlineData("ade", TokenKind.Ade)]
    [InlineData("DEP", TokenKind.Ade)]
    [InlineData(" dep ", TokenKind.Ade)]
    [InlineData("vpp", TokenKind.Vpp)]
    [InlineData("APNs", TokenKind.Apns)]
    public void A_kind_is_known_by_its_slug_and_by_the_name_admins_use(string typed, TokenKind expected)
    {
        Assert.True(TokenKindNames.TryParseSlug(typed, out var kind));
        Assert.Equal(expected, kind);
        Assert.Equal(expected.ToString().ToLowerInvariant(), kind.ToSlug());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("abm")]
    [InlineData("0")]
    public void Another_name_is_no_kind(string? typed)
    {
        Assert.False(TokenKindNames.TryParseSlug(typed, out _));
    }

    [Fact]
    public void Every_kind_is_described_once_with_names_of_its_own()
    {
        Assert.Equal(Enum.GetValues<TokenKind>(), TokenKinds.All.Select(d => d.Kind));
        var names = TokenKinds.All.SelectMany(d => d.Aliases.Prepend(d.Slug)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("ade, vpp, apns", TokenKinds.SlugList);
        Assert.Equal(
            ["ADE token", "VPP token", "APNs certificate"],
            TokenKinds.All.Select(d => d.Kind.ToDisplayName())
        );
    }

    [Fact]
    public void Each_synced_kind_turns_stale_by_its_own_thresholds_and_apns_never()
    {
        var thresholds = new HealthThresholds
        {
            AdeSyncWarningHours = 20,
            AdeSyncCriticalHours = 50,
            VppSyncWarningHours = 30,
            VppSyncCriticalHours = 60,
        };

        Assert.Equal(SyncWindow.FromHours(20, 50), thresholds.SyncOf(TokenKind.Ade));
        Assert.Equal(SyncWindow.FromHours(30, 60), thresholds.SyncOf(TokenKind.Vpp));
        Assert.Null(thresholds.SyncOf(TokenKind.Apns));
    }
}
