using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>Assertions on what an admin would be told about a tenant.</summary>
internal static class Expect
{
    /// <summary>The tenant was read normally: its three healthy tokens, no failure.</summary>
    public static void ReadNormally(TenantReading reading, HealthRules rules, DateTimeOffset now)
    {
        Assert.Empty(reading.Failures);
        Assert.Equal(["ade:ade-1", "apns:apns", "vpp:vpp-1"], reading.Tokens.Select(t => t.Key).Order());
        Assert.All(reading.Tokens, t => Assert.Equal(HealthStatus.Ok, rules.Evaluate(t, now).Status));
    }

    /// <summary>
    /// Only <paramref name="kind"/> failed, with <paramref name="code"/>; the tenant's other endpoints were read
    /// normally.
    /// </summary>
    public static PollFailure OnlyFailed(TenantReading reading, TokenKind kind, string code)
    {
        var failure = Assert.Single(reading.Failures);
        Assert.Equal(kind, failure.Kind);
        Assert.Equal(code, failure.Code);
        var others = Enum.GetValues<TokenKind>().Where(k => k != kind).Select(k => k.ToSlug()).ToHashSet();
        Assert.Equal(others.Order(), reading.Tokens.Select(t => t.Kind.ToSlug()).Order());
        Assert.DoesNotContain(reading.Tokens, t => t.Kind == kind);
        return failure;
    }
}
