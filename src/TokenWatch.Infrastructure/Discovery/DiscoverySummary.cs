using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Discovery;

/// <summary>
/// The daily discovery run: one email to ops listing new, unconsented and departed GDAP customers, and none on a
/// day with nothing to tell. It changes nothing: ops decide with <c>tokenwatch tenants discover --add</c>.
/// </summary>
public sealed partial class DiscoverySummary(
    IOptions<TokenWatchOptions> options,
    GdapDiscovery discovery,
    INotifier notifier,
    TimeProvider clock,
    ILogger<DiscoverySummary> logger
)
{
    /// <summary>
    /// Runs discovery and tells ops; returns the email sent, or null when there was nothing to tell or nobody to tell.
    /// </summary>
    public async Task<OutgoingEmail?> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Discovery;
        if (string.IsNullOrWhiteSpace(settings.PartnerTenantId))
        {
            LogDisabled();
            return null;
        }

        var report = await discovery.DiscoverAsync(cancellationToken);
        var ops = settings.OpsRecipients.Count > 0 ? settings.OpsRecipients : options.Value.Email.Recipients;
        if (!report.Newsworthy || ops.Count == 0)
        {
            return null;
        }

        var email = Compose(report, settings.PartnerTenantId.Trim(), clock.GetUtcNow(), ops);
        await notifier.SendAsync(email, cancellationToken);
        return email;
    }

    public static OutgoingEmail Compose(
        DiscoveryReport report,
        string partnerTenantId,
        DateTimeOffset now,
        IReadOnlyList<string> recipients
    )
    {
        var fresh = report.Customers.Where(c => c.Status == CustomerStatus.New).ToList();
        var unconsented = report
            .Customers.Where(c => c.Status is CustomerStatus.NeedsConsent or CustomerStatus.ProbeFailed)
            .ToList();
        var subject =
            $"TokenWatch discovery: {fresh.Count} new, {unconsented.Count} awaiting consent, "
            + $"{report.Departed.Count} departed";
        var body = new SummaryBody();
        body.Section(
            "New customers, consented (tokenwatch tenants discover --add watches them)",
            fresh.Select(c => $"{c.DisplayName} ({c.TenantId})")
        );
        body.Section(
            "Customers awaiting admin consent (send the link to their admin)",
            unconsented.Select(c => $"{c.DisplayName} ({c.TenantId}): {c.ConsentUrl}")
        );
        body.Section(
            "Departed: added by discovery, no longer GDAP customers (tokenwatch tenants remove)",
            report.Departed.Select(r => $"{r.DisplayName ?? r.TenantId} ({r.TenantId})")
        );
        var id = $"discovery-{now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        return new OutgoingEmail(
            id,
            partnerTenantId,
            now,
            HealthStatus.Warning,
            recipients,
            subject,
            body.Html(),
            body.Text()
        );
    }

    [LoggerMessage(
        EventId = 6102,
        EventName = "DiscoveryDisabled",
        Level = LogLevel.Information,
        Message = "GDAP discovery is off: TokenWatch:Discovery:PartnerTenantId is not set"
    )]
    private partial void LogDisabled();
}
