using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Core.Incidents;

/// <summary>
/// One incident across tenants (<c>TokenWatch:Incidents</c>): when one condition with the same cause opens in at
/// least <see cref="MinTenants"/> tenants within <see cref="WindowHours"/>, the deployment's ops recipients get one
/// summary of them all, with one "acknowledge all" link. Each tenant's own digest is unchanged.
/// </summary>
public sealed class IncidentSettings
{
    public const string Section = "TokenWatch:Incidents";

    /// <summary>Tenants the same condition must open in before it is one incident: two can be chance, three
    /// rarely.</summary>
    [Range(2, 10_000)]
    public int MinTenants { get; set; } = 3;

    /// <summary>
    /// How close together those openings must be: a day covers Apple's new terms reaching every tenant, and the 12-hour
    /// ADE delta sync that finds them twice over.
    /// </summary>
    [Range(1, 24 * 30)]
    public int WindowHours { get; set; } = 24;

    /// <summary>The table incidents are stored in; another name lets several TokenWatch instances share one
    /// account.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string Table { get; set; } = "Incidents";

    public TimeSpan Window => TimeSpan.FromHours(WindowHours);
}
