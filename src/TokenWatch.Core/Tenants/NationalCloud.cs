namespace TokenWatch.Core.Tenants;

/// <summary>
/// The Microsoft cloud a tenant lives in: each has its own Graph host, sign-in authority and admin centers (Learn:
/// "Microsoft Graph national cloud deployments"). GCC (moderate) tenants use the global endpoints, so they are
/// <see cref="Global"/>; GCC High is <see cref="USGov"/> (Graph L4), DoD is <see cref="USGovDoD"/> (Graph L5).
/// </summary>
public enum NationalCloud
{
    Global,
    USGov,
    USGovDoD,
    China,
}
