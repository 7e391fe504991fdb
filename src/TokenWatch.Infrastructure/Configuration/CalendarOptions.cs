using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The weekly renewal calendar (<c>TokenWatch:Calendar</c>); its schedule is the <c>CalendarSchedule</c> setting.
/// </summary>
public sealed class CalendarOptions
{
    /// <summary>
    /// One summary per tenant to its recipients, or one across all tenants to <see cref="Recipients"/> (an MSP).
    /// </summary>
    public CalendarScope Scope { get; set; } = CalendarScope.PerTenant;

    /// <summary>Who gets the summary across tenants; empty: <see cref="EmailOptions.Recipients"/>.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Tokens expiring within this many days are listed.</summary>
    [Range(1, 366)]
    public int HorizonDays { get; set; } = 90;

    /// <summary>Each renewal's calendar event is this many days before the expiry (the 30-day milestone).</summary>
    [Range(0, 365)]
    public int LeadDays { get; set; } = 30;
}
