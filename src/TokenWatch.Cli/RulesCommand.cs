using Microsoft.Extensions.Configuration;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch rules</c>: every health rule and threshold with its source, as configured (docs/health-rules.md).
/// </summary>
internal static class RulesCommand
{
    public static async Task<int> RunAsync(string? configFile, TextWriter stdout, CancellationToken cancellationToken)
    {
        var configuration = CliSettings.Build(configFile, new Dictionary<string, string?>());
        var thresholds = configuration.GetSection("TokenWatch:Health").Get<HealthThresholds>()
            ?? new HealthThresholds();
        var alerts = configuration.GetSection("TokenWatch:Alerts").Get<AlertSettings>() ?? new AlertSettings();
        await stdout.WriteAsync(RulesDocument.Markdown(thresholds, alerts).AsMemory(), cancellationToken);
        return 0;
    }
}
