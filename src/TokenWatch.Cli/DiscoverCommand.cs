using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Discovery;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch tenants discover [--add]</c>: the partner tenant's GDAP customers, which are watched, which are new,
/// and which still need their admin to consent (with the link to do it). Without <c>--add</c> it only reads.
/// </summary>
internal static class DiscoverCommand
{
    public static async Task<int> RunAsync(
        bool add,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        await using var session = await CatalogSession.OpenAsync(configFile, stderr);
        if (session is null)
        {
            return CatalogSession.Refused;
        }

        var discovery = session.Services.GetRequiredService<GdapDiscovery>();
        if (await DiscoverAsync(discovery, stderr, cancellationToken) is not { } report)
        {
            return CatalogSession.Refused;
        }

        var awaiting = await AwaitingConsentAsync(session, cancellationToken);
        await WriteOutsideAzureNoteAsync(session.Options, stdout);
        await WriteReportAsync(report, awaiting, stdout);
        if (add)
        {
            await AddAsync(discovery, report, stdout, cancellationToken);
        }
        else if (report.Unwatched.Any())
        {
            await stdout.WriteLineAsync(
                "Nothing was changed: 'tokenwatch tenants discover --add' adds the new ones to the catalog."
            );
        }

        return 0;
    }

    /// <summary>The partner's customers; null (with the reason printed) when discovery could not read them.</summary>
    private static async Task<DiscoveryReport?> DiscoverAsync(
        GdapDiscovery discovery,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await discovery.DiscoverAsync(cancellationToken);
        }
        catch (DiscoveryFailedException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return null;
        }
    }

    private static async Task AddAsync(
        GdapDiscovery discovery,
        DiscoveryReport report,
        TextWriter stdout,
        CancellationToken cancellationToken
    )
    {
        var added = await discovery.AddAsync(report, cancellationToken);
        var active = added.Count(r => !r.Paused);
        await stdout.WriteLineAsync(
            $"Added {added.Count} tenants to the catalog: {active} active (their probe read their tokens; "
                + "the next poll watches them), "
                + $"{added.Count - active} paused until their admin consents (until then every poll would fail); "
                + "'tokenwatch tenants resume TENANT' once they have."
        );
    }

    /// <summary>Customers added paused by an earlier --add: in the catalog, unwatched, needing consent.</summary>
    private static async Task<HashSet<string>> AwaitingConsentAsync(
        CatalogSession session,
        CancellationToken cancellationToken
    ) =>
        (await session.Store.LoadAsync(cancellationToken))
            .Where(r => r.Paused && r.PausedReason == GdapDiscovery.AwaitingConsent)
            .Select(r => r.TenantId.Trim())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static async Task WriteOutsideAzureNoteAsync(TokenWatchOptions options, TextWriter stdout)
    {
        if (OutsideAzure(options))
        {
            await stdout.WriteLineAsync(OutsideAzureNote);
        }
    }

    /// <summary>
    /// Every customer with where it stands, how each unwatched one consents, the departed, the counts.
    /// </summary>
    private static async Task WriteReportAsync(DiscoveryReport report, IReadOnlySet<string> awaiting, TextWriter stdout)
    {
        bool Awaiting(DiscoveredCustomer c) => c.Status == CustomerStatus.Watched && awaiting.Contains(c.TenantId);
        await TextTable.WriteAsync(
            stdout,
            ["TENANT", "NAME", "STATUS"],
            report
                .Customers.Select(c =>
                    new[] { c.TenantId, c.DisplayName, Awaiting(c) ? AwaitingText : Describe(c.Status) }
                )
                .ToList()
        );
        foreach (
            var customer in report.Customers.Where(c =>
                c.Status is CustomerStatus.NeedsConsent or CustomerStatus.ProbeFailed || Awaiting(c)
            )
        )
        {
            await stdout.WriteLineAsync($"{customer.DisplayName}: {customer.Detail}");
            await stdout.WriteLineAsync($"  admin consent: {customer.ConsentUrl}");
        }

        foreach (var gone in report.Departed)
        {
            await stdout.WriteLineAsync(
                $"{gone.DisplayName ?? gone.TenantId} ({gone.TenantId}) was added by discovery and is no longer a "
                    + $"GDAP customer: 'tokenwatch tenants remove {gone.TenantId}'."
            );
        }

        await stdout.WriteLineAsync(Counts(report, report.Customers.Count(Awaiting)));
    }

    /// <summary>How many customers stand where; those paused awaiting consent apart from the watched.</summary>
    private static string Counts(DiscoveryReport report, int paused)
    {
        var counts = report.Customers.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        return $"{report.Customers.Count} GDAP customers: "
            + $"{counts.GetValueOrDefault(CustomerStatus.Watched) - paused} watched, "
            + (paused > 0 ? $"{paused} paused awaiting consent, " : "")
            + $"{counts.GetValueOrDefault(CustomerStatus.New)} new and consented, "
            + $"{counts.GetValueOrDefault(CustomerStatus.NeedsConsent)} need consent, "
            + $"{counts.GetValueOrDefault(CustomerStatus.ProbeFailed)} could not be probed, "
            + $"{report.Departed.Count} departed.";
    }

    public const string OutsideAzureNote =
        "Not running in Azure: the consent probes sign in as you, not as the app, so 'needs consent' may be wrong.";

    /// <summary>Signed in with the operator's Azure CLI, for Graph or the tables: no managed identity here.</summary>
    public static bool OutsideAzure(TokenWatchOptions options) =>
        options.Graph.Auth == GraphAuth.AzureCli || options.Storage.SignIn == StorageSignIn.AzureCli;

    private const string AwaitingText = "in the catalog, paused: needs consent";

    private static string Describe(CustomerStatus status) =>
        status switch
        {
            CustomerStatus.Watched => "watched",
            CustomerStatus.New => "new (consented)",
            CustomerStatus.NeedsConsent => "needs consent",
            _ => "probe failed",
        };
}
