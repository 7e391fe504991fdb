using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// The Teams URL, webhook URL and webhook secret as Azure hands them over: Key Vault references the platform
/// resolves. One it could not resolve yet (the secret not set, the identity's role still propagating) arrives as the
/// literal <c>@Microsoft.KeyVault(...)</c> text: the app still starts, and that channel's digests wait, as they do
/// for an unresolved SendGrid key, instead of the whole app (email included) refusing to start.
/// </summary>
public static class ChannelSecrets
{
    public const string TeamsUrl = "TokenWatch:Teams:WebhookUrl";
    public const string WebhookUrl = "TokenWatch:Webhook:Url";
    public const string WebhookSecret = "TokenWatch:Webhook:Secret";

    public static bool IsUnresolvedReference(string? value) =>
        value?.Trim().StartsWith(SendGridKey.KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Each channel's settings that are unresolved references, with why, in words ops can act on.</summary>
    public static IEnumerable<(DeliveryChannel Channel, string Problem)> Problems(TokenWatchOptions options)
    {
        var settings = Enum.GetValues<DeliveryChannel>()
            .SelectMany(channel => Settings(options, channel).Select(s => (channel, s.Setting, s.Value)));
        foreach (var (channel, setting, value) in settings)
        {
            if (IsUnresolvedReference(value))
            {
                yield return (channel, Unresolved(setting, value!));
            }
        }
    }

    /// <summary>
    /// The settings of a channel that may be Key Vault references; a switch without a fallback, so a new channel
    /// does not build until it names its secrets (the SendGrid key is checked with the email set-up).
    /// </summary>
    private static (string Setting, string? Value)[] Settings(TokenWatchOptions options, DeliveryChannel channel) =>
        channel switch
        {
            DeliveryChannel.Email => [],
            DeliveryChannel.Teams => [(TeamsUrl, options.Teams.WebhookUrl)],
            DeliveryChannel.Webhook => [(WebhookUrl, options.Webhook.Url), (WebhookSecret, options.Webhook.Secret)],
        };

    /// <summary>
    /// Throws the misconfiguration that keeps a digest pending when one of <paramref name="channel"/>'s settings is
    /// an unresolved reference.
    /// </summary>
    public static void ThrowIfUnresolved(TokenWatchOptions options, DeliveryChannel channel)
    {
        var problems = Problems(options).Where(p => p.Channel == channel).Select(p => p.Problem).ToList();
        if (problems.Count > 0)
        {
            throw DeliveryException.Misconfiguration(
                string.Join(" ", problems) + " The digest waits until it is fixed."
            );
        }
    }

    /// <summary>The reference names a vault and a secret, never the secret's value: safe to show.</summary>
    private static string Unresolved(string setting, string reference) =>
        $"{setting} is an unresolved Key Vault reference ({Words.Clean(reference.Trim(), 200)}): the secret does "
        + "not exist yet, or the app's identity cannot read it yet. Set it (docs/deploy.md, \"Teams and webhook\") "
        + "and restart the app.";
}
