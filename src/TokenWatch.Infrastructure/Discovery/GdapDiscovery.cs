using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Graph;

namespace TokenWatch.Infrastructure.Discovery;

/// <summary>
/// Finds the partner tenant's GDAP customers (<c>GET /v1.0/tenantRelationships/delegatedAdminCustomers</c>, every
/// page; permission DelegatedAdminRelationship.Read.All) and compares them with the tenants watched. Each new
/// customer is probed with one read-only read of its tokens, signed in as the multi-tenant app, which tells whether
/// its admin has consented yet. Reads only: <see cref="AddAsync"/> is the one step that writes, to the catalog.
/// </summary>
public sealed partial class GdapDiscovery(
    IOptions<TokenWatchOptions> options,
    GraphClientProvider clients,
    PollService probe,
    ITenantCatalog catalog,
    TableTenantCatalogStore store,
    CycleSettings cycle,
    ILogger<GdapDiscovery> logger
)
{
    public const string Permission = "DelegatedAdminRelationship.Read.All";
    public const string AwaitingConsent = "awaiting admin consent (added by discovery)";
    public const string NoRecipients =
        "no recipients (added by discovery): 'tokenwatch tenants set TENANT --recipients …', then resume";

    public async Task<DiscoveryReport> DiscoverAsync(CancellationToken cancellationToken)
    {
        var customers = await ReadCustomersAsync(cancellationToken);
        var watched = (await catalog.LoadAsync(cancellationToken))
            .Select(t => t.TenantId)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = new ConcurrentDictionary<string, DiscoveredCustomer>(StringComparer.OrdinalIgnoreCase);
        await Parallel.ForEachAsync(
            customers,
            new ParallelOptions
            {
                MaxDegreeOfParallelism = cycle.MaxParallelism,
                CancellationToken = cancellationToken,
            },
            async (customer, ct) =>
                found[customer.TenantId] = watched.Contains(customer.TenantId)
                    ? customer with
                    {
                        Status = CustomerStatus.Watched,
                    }
                    : await ProbeAsync(customer, ct)
        );
        var ids = customers.Select(c => c.TenantId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var departed = (await store.LoadAsync(cancellationToken))
            .Where(r => r.Origin == CatalogTenant.DiscoveryOrigin && !ids.Contains(r.TenantId.Trim()))
            .ToList();
        var report = new DiscoveryReport(customers.Select(c => found[c.TenantId]).ToList(), departed);
        LogDiscovered(
            customers.Count,
            report.Customers.Count(c => c.Status == CustomerStatus.New),
            report.Customers.Count(c => c.Status == CustomerStatus.NeedsConsent),
            departed.Count
        );
        return report;
    }

    /// <summary>
    /// Adds the new customers to the catalog, each checked by the catalog's rules as <c>tenants add</c> checks it
    /// (a row they refuse is logged and left out): those whose probe read their tokens as active (watched from the
    /// next poll on, their first evaluation tells what is true now); the others paused, since until their admin
    /// consents every poll fails, and "monitoring failed" would reach the customer's recipients with a fix only
    /// the MSP can apply. With no recipients anywhere a customer is added paused too: its alerts would go nowhere.
    /// <c>tokenwatch tenants resume</c> starts them once consent is given.
    /// </summary>
    public async Task<IReadOnlyList<CatalogTenant>> AddAsync(
        DiscoveryReport report,
        CancellationToken cancellationToken
    )
    {
        var added = new List<CatalogTenant>();
        foreach (var customer in report.Unwatched)
        {
            var row = NewRow(customer);
            var problems = CatalogTenantValidator.Problems(row, options.Value);
            if (problems.Count > 0)
            {
                LogRefused(Shown(customer.TenantId), Shown(string.Join(" ", problems)));
                continue;
            }

            if (await store.TryAddAsync(row, cancellationToken))
            {
                added.Add(row);
            }
        }

        return added;
    }

    private CatalogTenant NewRow(DiscoveredCustomer customer)
    {
        var settings = options.Value.Discovery;
        var reason =
            customer.Status != CustomerStatus.New ? AwaitingConsent
            : options.Value.Email.Recipients.Count == 0 ? NoRecipients
            : null;
        return new CatalogTenant
        {
            TenantId = customer.TenantId,
            DisplayName = customer.DisplayName,
            Auth = settings.Auth,
            ClientId = settings.ClientId,
            Cloud = PartnerCloud,
            Paused = reason is not null,
            PausedReason = reason,
            Origin = CatalogTenant.DiscoveryOrigin,
        };
    }

    /// <summary>
    /// Where an admin of <paramref name="tenantId"/> grants the multi-tenant app its permissions; without a
    /// configured client id there is no such link, and the text says so rather than show a placeholder.
    /// </summary>
    public string ConsentUrl(string tenantId) =>
        string.IsNullOrWhiteSpace(options.Value.Discovery.ClientId)
            ? NoClientId
            : $"{CloudEndpoints.Of(PartnerCloud).AuthorityHost.AbsoluteUri.TrimEnd('/')}/"
                + $"{Uri.EscapeDataString(tenantId)}/adminconsent"
                + $"?client_id={Uri.EscapeDataString(options.Value.Discovery.ClientId.Trim())}";

    /// <summary>
    /// The partner tenant's cloud, and so its customers': a GDAP relationship stays within one cloud, so a partner
    /// discovers only customers of its own cloud, each added, probed and linked to consent there.
    /// </summary>
    public NationalCloud PartnerCloud => options.Value.Discovery.Cloud ?? options.Value.Graph.Cloud;

    /// <summary>What stands in for a consent link when no client id is configured.</summary>
    public const string NoClientId =
        "no link: TokenWatch:Discovery:ClientId (the multi-tenant app's client id) is not configured";

    private async Task<List<DiscoveredCustomer>> ReadCustomersAsync(CancellationToken cancellationToken)
    {
        var partner = options.Value.Discovery.PartnerTenantId;
        if (string.IsNullOrWhiteSpace(partner))
        {
            throw new DiscoveryFailedException(
                "TokenWatch:Discovery:PartnerTenantId is not set: "
                    + "name the partner tenant whose GDAP customers to discover."
            );
        }

        var items = await ReadItemsAsync(partner.Trim(), cancellationToken);
        return items
            .Select(i => (Id: (i.TenantId ?? i.Id)?.Trim(), i.DisplayName))
            .Where(i => !string.IsNullOrEmpty(i.Id) && Checked(i.Id))
            .DistinctBy(i => i.Id, StringComparer.OrdinalIgnoreCase)
            .Select(i => new DiscoveredCustomer(
                i.Id!,
                Clean(i.DisplayName) ?? i.Id!,
                CustomerStatus.New,
                null,
                ConsentUrl(i.Id!)
            ))
            .ToList();
    }

    /// <summary>Every page of the partner's GDAP customers; a failure says what the partner tenant lacks.</summary>
    private async Task<List<DelegatedAdminCustomerItem>> ReadItemsAsync(
        string partner,
        CancellationToken cancellationToken
    )
    {
        var graph = clients.For(partner, PartnerCloud);
        var trace = new RequestTrace();
        try
        {
            var first = new Uri($"{graph.Root}/v1.0/tenantRelationships/delegatedAdminCustomers");
            return await GraphCollections.ReadAllPagesAsync(
                graph,
                GraphCollections.Request(first),
                DelegatedAdminCustomerItem.Create,
                trace,
                cancellationToken
            );
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(ex, trace);
        }
    }

    private async Task<DiscoveredCustomer> ProbeAsync(DiscoveredCustomer customer, CancellationToken cancellationToken)
    {
        var settings = options.Value.Discovery;
        var tenant = new MonitoredTenant(customer.TenantId, customer.DisplayName, [])
        {
            SignIn = new TenantSignIn(settings.Auth.ToString(), settings.ClientId, null),
            Cloud = PartnerCloud,
        };
        var reading = await probe.ReadTenantAsync(tenant, cancellationToken);
        if (
            reading.Failures.FirstOrDefault(f => f.Code is FailureCodes.AuthFailed or FailureCodes.PermissionMissing) is
            { } refused
        )
        {
            return customer with { Status = CustomerStatus.NeedsConsent, Detail = refused.Message };
        }

        return reading.Failures.Count == Enum.GetValues<Core.Tokens.TokenKind>().Length
            ? customer with
            {
                Status = CustomerStatus.ProbeFailed,
                Detail = reading.Failures[0].Message,
            }
            : customer;
    }

    private static DiscoveryFailedException Failed(Exception ex, RequestTrace trace) =>
        GraphFailures.StatusOf(ex, trace) switch
        {
            401 => new(
                "The partner tenant refused TokenWatch's sign-in while listing GDAP customers (401). Check the "
                    + "credential of TokenWatch:Graph:Auth.",
                ex
            ),
            403 => new(
                $"Listing GDAP customers was refused (403): grant the application permission {Permission} in the "
                    + "partner tenant.",
                ex
            ),
            { } status => new(
                $"Listing GDAP customers failed: Graph answered {status} (request-id {trace.RequestId}); run "
                    + "discovery again later.",
                ex
            ),
            null => new($"Listing GDAP customers failed: {GraphFailures.OneLine(ex.Message)}", ex),
        };

    private static string? Clean(string? name) => name is null ? null : Core.Notifications.Words.Clean(name, 120);

    /// <summary>Outside text for a log line: one line, no control or bidi character, bounded.</summary>
    private static string Shown(string value) => Core.Notifications.Words.Clean(value, 200);

    /// <summary>
    /// A customer id from Graph is used as a catalog key, a Graph URL and a line of the discovery email: one that is
    /// not a tenant id (a control character, a path step) is logged, shown cleaned, and left out of everything.
    /// </summary>
    private bool Checked(string id)
    {
        if (TenantRules.IsTenantId(id))
        {
            return true;
        }

        LogNotATenantId(Shown(id));
        return false;
    }

    [LoggerMessage(
        EventId = 6101,
        EventName = "CustomersDiscovered",
        Level = LogLevel.Information,
        Message = "GDAP discovery: {CustomerCount} customers, {NewCount} new and consented, {UnconsentedCount} "
            + "awaiting consent, {DepartedCount} departed"
    )]
    private partial void LogDiscovered(int customerCount, int newCount, int unconsentedCount, int departedCount);

    [LoggerMessage(
        EventId = 6103,
        EventName = "DiscoveredIdRefused",
        Level = LogLevel.Warning,
        Message = "GDAP discovery left out a customer whose id is not a tenant id: {TenantId}"
    )]
    private partial void LogNotATenantId(string tenantId);

    [LoggerMessage(
        EventId = 6104,
        EventName = "DiscoveredTenantRefused",
        Level = LogLevel.Warning,
        Message = "GDAP discovery did not add {TenantId}: the catalog refuses it: {Problems}"
    )]
    private partial void LogRefused(string tenantId, string problems);
}
