using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Calendar;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Calendar;

/// <summary>
/// The weekly renewal calendar: from the stored token state, every token expiring within the horizon, sent as one
/// summary per tenant (to its recipients) or one across tenants (an MSP's), each with its <c>.ics</c>. A tenant
/// whose state cannot be read is left out and logged; the others are still sent. A refused send is logged and
/// waits for next week: the alerts themselves carry the guarantee, the calendar is a convenience.
/// </summary>
public sealed partial class RenewalCalendarService(
    ITenantCatalog catalog,
    ITokenStateStore states,
    INotifier notifier,
    IOptions<TokenWatchOptions> options,
    TimeProvider clock,
    ILogger<RenewalCalendarService> logger
)
{
    private readonly TokenWatchOptions _options = options.Value;

    /// <summary>Sends this week's summaries; returns the emails the provider accepted.</summary>
    public async Task<IReadOnlyList<OutgoingEmail>> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plans = await PlanAsync(now, cancellationToken);
        return await SendAsync(Compose(plans, now), cancellationToken);
    }

    /// <summary>Each tenant's coming renewals; a tenant whose state cannot be read is skipped (and logged).</summary>
    private async Task<List<(Core.Tenants.MonitoredTenant Tenant, IReadOnlyList<Renewal> Renewals)>> PlanAsync(
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var calendar = _options.Calendar;
        var plans = new List<(Core.Tenants.MonitoredTenant Tenant, IReadOnlyList<Renewal> Renewals)>();
        // A paused tenant (maintenance) is polled, not told anything: its renewals wait for "resume" too.
        foreach (var tenant in (await catalog.LoadAsync(cancellationToken)).Where(t => !t.Paused))
        {
            try
            {
                var state = await states.LoadAsync(tenant.TenantId, cancellationToken);
                var tokens = state.Tokens.Select(t => t.Observation);
                plans.Add((tenant, RenewalPlanner.Plan(tenant, tokens, now, calendar.HorizonDays, calendar.LeadDays)));
            }
            catch (Exception ex)
                when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogTenantSkipped(ex, tenant.TenantId, ex.Message);
            }
        }

        return plans;
    }

    /// <summary>
    /// One summary across the tenants, or one per tenant with renewals, as the calendar's scope says.
    /// </summary>
    private List<OutgoingEmail> Compose(
        List<(Core.Tenants.MonitoredTenant Tenant, IReadOnlyList<Renewal> Renewals)> plans,
        DateTimeOffset now
    )
    {
        var calendar = _options.Calendar;
        var day = now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return calendar.Scope == CalendarScope.AcrossTenants
            ?
            [
                RenewalSummary.Render(
                    $"renewals-{day}",
                    "All tenants",
                    "all",
                    calendar.Recipients.Count > 0 ? calendar.Recipients : _options.Email.Recipients,
                    [.. plans.SelectMany(p => p.Renewals).OrderBy(r => r.ExpiresAt)],
                    now
                ),
            ]
            : plans
                .Where(p => p.Renewals.Count > 0)
                .Select(p =>
                    RenewalSummary.Render(
                        $"renewals-{day}",
                        p.Tenant.DisplayName,
                        p.Tenant.TenantId,
                        p.Tenant.Recipients,
                        p.Renewals,
                        now
                    )
                )
                .ToList();
    }

    /// <summary>
    /// Sends each summary that has an event and a recipient; one refused send does not stop the others.
    /// </summary>
    private async Task<IReadOnlyList<OutgoingEmail>> SendAsync(
        List<OutgoingEmail> emails,
        CancellationToken cancellationToken
    )
    {
        var sent = new List<OutgoingEmail>();
        foreach (var email in emails.Where(e => e.Attachments.Count > 0 && e.Recipients.Count > 0))
        {
            try
            {
                await notifier.SendAsync(email, cancellationToken);
                sent.Add(email);
                LogCalendarSent(email.TenantId, email.Subject);
            }
            catch (DeliveryException ex)
            {
                LogCalendarNotSent(email.TenantId, ex.Message);
            }
        }

        return sent;
    }

    [LoggerMessage(
        EventId = 5001,
        EventName = "CalendarSent",
        Level = LogLevel.Information,
        Message = "Renewal calendar sent for {TenantId}: {Subject}"
    )]
    private partial void LogCalendarSent(string tenantId, string subject);

    [LoggerMessage(
        EventId = 5002,
        EventName = "CalendarNotSent",
        Level = LogLevel.Warning,
        Message = "Renewal calendar for {TenantId} was not accepted; next week's carries the same renewals: {Reason}"
    )]
    private partial void LogCalendarNotSent(string tenantId, string reason);

    [LoggerMessage(
        EventId = 5003,
        EventName = "CalendarTenantSkipped",
        Level = LogLevel.Error,
        Message = "Renewal calendar: the stored state of tenant {TenantId} could not be read; it is left out this "
            + "week: {Reason}"
    )]
    private partial void LogTenantSkipped(Exception exception, string tenantId, string reason);
}
