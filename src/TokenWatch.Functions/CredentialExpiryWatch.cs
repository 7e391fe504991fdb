using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Functions;

/// <summary>
/// Watches TokenWatch's own credentials like the tokens it watches: every secret in its Key Vault (the SendGrid key,
/// channel URLs, the client secrets of customer tenants) with an <c>expires</c> attribute is logged at the
/// milestone it has reached, and once expired, daily. The alert splits by secret and milestone, so ops hear once per
/// milestone with no state kept here; a missed day still lands in the right milestone.
/// </summary>
public sealed partial class CredentialExpiryWatch(
    SecretClient vault,
    IOptions<TokenWatchOptions> options,
    TimeProvider clock,
    ILogger<CredentialExpiryWatch> logger
)
{
    /// <summary>Reads the secrets' attributes (never their values) and logs each one that needs ops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var milestones = options.Value.Alerts.MilestoneDays.Order().ToList();
        await foreach (var secret in vault.GetPropertiesOfSecretsAsync(cancellationToken))
        {
            if (secret.Enabled == false || secret.Managed)
            {
                continue;
            }

            if (secret.ExpiresOn is not { } expires)
            {
                LogNoExpiry(secret.Name);
                continue;
            }

            var daysLeft = (int)Math.Floor((expires - now).TotalDays);
            if (expires <= now)
            {
                LogExpired(secret.Name, expires);
            }
            else if (milestones.FirstOrDefault(m => daysLeft <= m) is > 0 and var milestone)
            {
                LogExpiring(secret.Name, expires, daysLeft, milestone);
            }
        }
    }

    [LoggerMessage(
        EventId = 7101,
        EventName = "CredentialExpiring",
        Level = LogLevel.Warning,
        Message = "Key Vault secret {SecretName} expires {ExpiresOn:yyyy-MM-dd} ({DaysLeft} days left, within the "
            + "{Milestone}-day milestone): renew the credential and set the new secret with its expiry"
    )]
    private partial void LogExpiring(string secretName, DateTimeOffset expiresOn, int daysLeft, int milestone);

    [LoggerMessage(
        EventId = 7102,
        EventName = "CredentialExpired",
        Level = LogLevel.Error,
        Message = "Key Vault secret {SecretName} expired {ExpiresOn:yyyy-MM-dd}: what signs in or sends with it "
            + "fails until it is renewed"
    )]
    private partial void LogExpired(string secretName, DateTimeOffset expiresOn);

    [LoggerMessage(
        EventId = 7103,
        EventName = "CredentialExpiryUnknown",
        Level = LogLevel.Information,
        Message = "Key Vault secret {SecretName} has no expiry date: set one (az keyvault secret set-attributes "
            + "--expires) so TokenWatch can warn before the credential behind it expires"
    )]
    private partial void LogNoExpiry(string secretName);
}
