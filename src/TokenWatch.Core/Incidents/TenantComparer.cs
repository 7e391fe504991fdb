namespace TokenWatch.Core.Incidents;

/// <summary>Incident tenants compared by value, their token lists included (a record compares lists by
/// reference).</summary>
internal sealed class TenantComparer : IEqualityComparer<IncidentTenant>
{
    public static readonly TenantComparer Instance = new();

    public bool Equals(IncidentTenant? x, IncidentTenant? y) =>
        x is not null
        && y is not null
        && x with { TokenKeys = Array.Empty<string>() } == y with { TokenKeys = Array.Empty<string>() }
        && x.TokenKeys.SequenceEqual(y.TokenKeys, StringComparer.Ordinal);

    public int GetHashCode(IncidentTenant obj) => obj.TenantId.GetHashCode(StringComparison.OrdinalIgnoreCase);
}
