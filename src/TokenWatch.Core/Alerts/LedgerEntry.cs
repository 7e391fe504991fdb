using TokenWatch.Core.Health;

namespace TokenWatch.Core.Alerts;

/// <summary>What admins were last told about one condition of one token (the alert ledger's row).</summary>
public sealed record LedgerEntry(
    string TokenKey,
    string Condition,
    HealthStatus Severity,
    DateTimeOffset OpenedAt,
    DateTimeOffset NotifiedAt)
{
    public string AlertKey => AlertKeys.For(TokenKey, Condition);
}

public static class AlertKeys
{
    public static string For(string tokenKey, string condition) => $"{tokenKey}|{condition}";
}
