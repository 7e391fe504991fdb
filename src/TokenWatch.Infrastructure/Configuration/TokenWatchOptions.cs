using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Retention;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The <c>TokenWatch</c> configuration section (environment variables: <c>TokenWatch__Email__From</c>, …).
/// </summary>
public sealed class TokenWatchOptions
{
    public const string Section = "TokenWatch";

    public List<TenantOptions> Tenants { get; set; } = [];
    public GraphOptions Graph { get; set; } = new();
    public EmailOptions Email { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public HealthThresholds Health { get; set; } = new();
    public CycleSettings Cycle { get; set; } = new();
    public AlertSettings Alerts { get; set; } = new();
    public RetentionSettings Retention { get; set; } = new();
    public RoutingOptions Routing { get; set; } =
        new()
        {
            Email = RouteLevels.All,
            Teams = RouteLevels.Off,
            Webhook = RouteLevels.Off,
        };
    public TeamsOptions Teams { get; set; } = new();
    public WebhookOptions Webhook { get; set; } = new();
    public CalendarOptions Calendar { get; set; } = new();

    public DiscoveryOptions Discovery { get; set; } = new();

    public Core.Enrollment.EnrollmentSettings Enrollment { get; set; } = new();

    /// <summary>Signed snooze and acknowledge links in digests, and the page they open.</summary>
    public ActionSettings Actions { get; set; } = new();
}
