namespace TokenWatch.Infrastructure.Discovery;

/// <summary>
/// A GDAP customer as discovery found it; <see cref="ConsentUrl"/> is where its admin consents to the app.
/// </summary>
public sealed record DiscoveredCustomer(
    string TenantId,
    string DisplayName,
    CustomerStatus Status,
    string? Detail,
    string ConsentUrl
);
