using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>The rules about the tenant as a whole: its push certificate beside its other Apple tokens.</summary>
internal static class TenantRules
{
    /// <summary>No push certificate: critical while the tenant has ADE or VPP tokens to manage, otherwise a
    /// fact.</summary>
    public static IEnumerable<HealthReason> NoPushCertificate(RuleInput i) =>
        i.Token.NotConfigured
            ?
            [
                new(
                    Condition.NotConfigured,
                    i.Tenant.Any(t => t.Kind != TokenKind.Apns && !t.NotConfigured)
                        ? HealthStatus.Critical
                        : HealthStatus.Ok
                ),
            ]
            : [];

    /// <summary>
    /// The push certificate's Apple ID typed on every other Apple token too (two tokens at least): told once, on the
    /// certificate, the one kind whose renewal depends on its Apple ID; detail: the Apple ID. ADE and VPP tokens
    /// sharing one Apple ID without a certificate are a memo repeated, not a risk, and tell nothing.
    /// </summary>
    public static IEnumerable<HealthReason> SingleOwner(RuleInput i)
    {
        var tokens = i.Tenant.Where(t => !t.NotConfigured).ToList();
        var owners = tokens.Select(t => t.AppleId?.Trim().ToLowerInvariant()).Distinct().ToList();
        if (tokens.Count < 2 || owners.Count != 1 || string.IsNullOrEmpty(owners[0]))
        {
            return [];
        }

        return ConditionCatalog.When(
            i.Token.Kind == TokenKind.Apns && tokens.Any(t => t.Key == i.Token.Key),
            Condition.SingleOwner,
            i.Token.AppleId?.Trim()
        );
    }
}
