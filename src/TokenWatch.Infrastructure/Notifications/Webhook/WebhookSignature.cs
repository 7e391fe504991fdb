using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenWatch.Infrastructure.Notifications.Webhook;

/// <summary>
/// Signs a webhook as the Standard Webhooks specification does (standardwebhooks.com), so a receiver can verify it
/// with that project's libraries or a few lines of its own: <c>webhook-signature: v1,</c> base64 of HMAC-SHA256
/// with the secret's bytes over <c>{webhook-id}.{webhook-timestamp}.{body}</c>. The timestamp lets a receiver drop
/// replays older than a few minutes, the id (the digest id) lets it drop a second delivery of the same digest.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The signature header's value for one message.</summary>
    public static string Sign(ReadOnlySpan<byte> key, string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp.ToUnixTimeSeconds()}.")
        );
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>The key bytes of a <c>whsec_</c> secret: base64 of 24 to 64 bytes.</summary>
    /// <summary>
    /// The secret without its <c>whsec_</c> prefix (the base64 key some receivers echo, since their library takes
    /// it), so it can be scrubbed from messages too; null for a secret without the prefix.
    /// </summary>
    public static string? KeyText(string? secret) =>
        secret?.Trim() is { } value
        && value.StartsWith(SecretPrefix, StringComparison.Ordinal)
        && value.Length > SecretPrefix.Length
            ? value[SecretPrefix.Length..]
            : null;

    public static bool TryReadSecret(string? secret, out byte[] key)
    {
        key = [];
        if (secret is null || !secret.Trim().StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret.Trim()[SecretPrefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length is < 24 or > 64)
        {
            return false;
        }

        key = buffer[..length];
        return true;
    }
}
