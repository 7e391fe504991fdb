namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// Which channels a tenant's digests go to, each with the least severe event it takes: <c>all</c> (good news
/// included), <c>warning</c>, <c>unknown</c>, <c>critical</c>, or <c>off</c>. Global under <c>TokenWatch:Routing</c>
/// (default: email for everything, Teams and webhook off), per tenant under <c>TokenWatch:Tenants:N:Routing</c>.
/// </summary>
public sealed class RoutingOptions
{
    public string? Email { get; set; }
    public string? Teams { get; set; }
    public string? Webhook { get; set; }
}
