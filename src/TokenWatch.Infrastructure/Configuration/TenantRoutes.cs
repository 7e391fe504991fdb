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
    ) => Enum.GetValues<DeliveryChannel>().Select(c => (c, (string?)Level(c, tenant.Routing, global)));

    /// <summary>No fallback arm: a new channel does not build until it says where its level comes from.</summary>
    private static string Level(DeliveryChannel channel, RoutingOptions own, RoutingOptions global) =>
        channel switch
        {
            DeliveryChannel.Email => Pick(own.Email, global.Email, RouteLevels.All),
            DeliveryChannel.Teams => Pick(own.Teams, global.Teams, RouteLevels.Off),
            DeliveryChannel.Webhook => Pick(own.Webhook, global.Webhook, RouteLevels.Off),
        };

    private static string Pick(string? own, string? global, string fallback) =>
        !string.IsNullOrWhiteSpace(own) ? own
        : !string.IsNullOrWhiteSpace(global) ? global
        : fallback;
}
