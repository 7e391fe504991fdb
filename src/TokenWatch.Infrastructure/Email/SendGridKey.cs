using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>Whether the configured SendGrid key can be a key at all, before SendGrid is asked.</summary>
public static class SendGridKey
{
    /// <summary>What App Service leaves in a setting whose Key Vault reference it could not resolve.</summary>
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>Why <paramref name="key"/> cannot work, in words ops can act on; null when it may.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "TokenWatch:Email:SendGridApiKey is empty. Set the Key Vault secret SendGridApiKey "
                + "(docs/deploy.md, \"Set the SendGrid key\") and restart the app; digests stay pending until then.";
        }

        var trimmed = key.Trim();
        if (trimmed.StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
        {
            // The reference names a vault and a secret, never the secret's value: safe to show.
            return "TokenWatch:Email:SendGridApiKey is an unresolved Key Vault reference "
                + $"({Words.Clean(trimmed, 200)}): the secret does not exist yet, or the app's identity cannot "
                + "read it yet (a new role assignment takes "
                + "minutes to apply). Set the secret, check the reference's status under Settings > Environment "
                + "variables, and restart the app; digests stay pending until then.";
        }

        return null;
    }
}
