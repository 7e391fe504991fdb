using TokenWatch.Core.Health;

namespace TokenWatch.Infrastructure.Email;

/// <summary>The email's colour of a severity; the badge text always says it too, so colour is never the only
/// signal.</summary>
internal static class EmailColors
{
    public static string Of(HealthStatus status) =>
        status switch
        {
            HealthStatus.Critical => "#b91c1c",
            HealthStatus.Unknown => "#6d28d9",
            HealthStatus.Warning => "#b45309",
            HealthStatus.Ok => "#15803d",
        };
}
