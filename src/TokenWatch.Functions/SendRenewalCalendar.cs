using Microsoft.Azure.Functions.Worker;
using TokenWatch.Infrastructure.Calendar;

namespace TokenWatch.Functions;

/// <summary>
/// Once a week: every token expiring within 90 days, with an .ics of the renewals, per tenant or across tenants.
/// </summary>
public sealed class SendRenewalCalendar(RenewalCalendarService calendar)
{
    [Function(nameof(SendRenewalCalendar))]
    public async Task RunAsync(
        [TimerTrigger("%CalendarSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken
    ) => await calendar.RunAsync(cancellationToken);
}
