namespace TokenWatch.Infrastructure.Configuration;

/// <summary>Whom the weekly renewal calendar goes to.</summary>
public enum CalendarScope
{
    /// <summary>One summary per tenant, to the tenant's recipients.</summary>
    PerTenant,

    /// <summary>One summary of every tenant, to <see cref="CalendarOptions.Recipients"/> (an MSP).</summary>
    AcrossTenants,
}
