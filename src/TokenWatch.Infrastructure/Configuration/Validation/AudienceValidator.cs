using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// Everything TokenWatch is set to tell has somebody to tell it to: refused at start otherwise, since a setting that
/// sends nothing looks, every day after, exactly like a quiet day.
/// </summary>
internal sealed class AudienceValidator : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result(Problems(options));

    private static IEnumerable<string> Problems(TokenWatchOptions options)
    {
        var globalLevels = TenantRoutes.Levels(new TenantOptions(), options.Routing);
        if (globalLevels.All(l => RouteLevels.TryParse(l.Level, out var lowest) && lowest is null))
        {
            // Catalog tenants have no routing of their own: they follow TokenWatch:Routing, whatever the catalog holds.
            yield return "TokenWatch:Routing has every channel off: the tenants of the catalog follow it, so their "
                + "alerts would go nowhere. Turn one channel on (TokenWatch:Routing:Email all).";
        }

        var everyone = options.Email.Recipients.Count > 0;
        if (
            options.Calendar.Scope == CalendarScope.AcrossTenants
            && options.Calendar.Recipients.Count == 0
            && !everyone
        )
        {
            yield return "TokenWatch:Calendar:Scope is AcrossTenants, but neither TokenWatch:Calendar:Recipients nor "
                + "TokenWatch:Email:Recipients names anyone: the weekly renewal summary would go nowhere.";
        }

        var discovery = options.Discovery;
        if (!string.IsNullOrWhiteSpace(discovery.PartnerTenantId) && discovery.OpsRecipients.Count == 0 && !everyone)
        {
            yield return "TokenWatch:Discovery:PartnerTenantId is set, but neither TokenWatch:Discovery:OpsRecipients "
                + "nor TokenWatch:Email:Recipients names anyone: the daily discovery summary would go nowhere.";
        }
    }
}
