using TokenWatch.Infrastructure.Catalog;

namespace TokenWatch.Infrastructure.Discovery;

/// <summary>Every GDAP customer, and the catalog tenants discovery once added that are no longer customers.</summary>
public sealed record DiscoveryReport(IReadOnlyList<DiscoveredCustomer> Customers, IReadOnlyList<CatalogTenant> Departed)
{
    public IEnumerable<DiscoveredCustomer> Unwatched => Customers.Where(c => c.Status != CustomerStatus.Watched);

    public bool Newsworthy => Unwatched.Any() || Departed.Count > 0;
}
