using TokenWatch.Core.Health;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The words of <see cref="RoutingOptions"/>: a channel's lowest severity, or off.</summary>
public static class RouteLevels
{
    public const string All = "all";
    public const string Off = "off";

    public const string Allowed = "all, warning, unknown, critical or off";

    /// <summary>Parses a level; <paramref name="lowest"/> is null for <c>off</c>.</summary>
    public static bool TryParse(string? text, out HealthStatus? lowest)
    {
        lowest = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case All:
                lowest = HealthStatus.Ok;
                return true;
            case "warning":
                lowest = HealthStatus.Warning;
                return true;
            case "unknown":
                lowest = HealthStatus.Unknown;
                return true;
            case "critical":
                lowest = HealthStatus.Critical;
                return true;
            case Off:
                return true;
            default:
                return false;
        }
    }
}
