using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>A tenant's routes: its own level per channel where it sets one, else the global one.</summary>
public static class TenantRoutes
{
    public static IReadOnlyList<ChannelRoute> Of(TenantOptions tenant, RoutingOptions global)
    {
        var routes = new List<ChannelRoute>();
        foreach (var (channel, level) in Levels(tenant, global))
        {
            if (RouteLevels.TryParse(level, out var lowest) && lowest is { } severity)
            {
                routes.Add(new ChannelRoute(channel, severity));
            }
        }

        return routes;
    }

    /// <summary>The level in force for each channel, as written in the configuration.</summary>
    public static IEnumerable<(DeliveryChannel Channel, string? Level)> Levels(
        TenantOptions tenant,
        RoutingOptions global
    )
    {
        yield return (DeliveryChannel.Email, Pick(tenant.Routing.Email, global.Email, RouteLevels.All));
        yield return (DeliveryChannel.Teams, Pick(tenant.Routing.Teams, global.Teams, RouteLevels.Off));
        yield return (DeliveryChannel.Webhook, Pick(tenant.Routing.Webhook, global.Webhook, RouteLevels.Off));
    }

    private static string Pick(string? own, string? global, string fallback) =>
        !string.IsNullOrWhiteSpace(own) ? own
        : !string.IsNullOrWhiteSpace(global) ? global
        : fallback;
}
