using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TokenWatch.Core.Actions;

/// <summary>
/// Signs and reads the token an action link carries: <c>keyId.payload.signature</c>, base64url, the signature an
/// HMAC-SHA256 (RFC 2104) over <c>keyId.payload</c>, compared in constant time so its timing tells an attacker
/// nothing. The payload names the tenant, token, condition, digest, action and expiry: it grants nothing else.
/// </summary>
public sealed class ActionTokens(ActionKeys keys)
{
    /// <summary>Longest token read: a real one is a few hundred characters.</summary>
    public const int MaxLength = 2048;

    public string Sign(ActionClaim claim)
    {
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(ActionPayload.Of(claim)));
        var signed = $"{keys.CurrentId}.{payload}";
        return $"{signed}.{Base64Url(Mac(keys.Current, signed))}";
    }

    /// <summary>The claim of a genuine, unexpired token, or why it is refused.</summary>
    public (ActionClaim? Claim, ActionRefusal? Refusal) Read(string? token, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        if (token is null || token.Length > MaxLength || parts.Length != 3 || !keys.TryGet(parts[0], out var key))
        {
            return (null, ActionRefusal.BadSignature);
        }

        var expected = Mac(key, $"{parts[0]}.{parts[1]}");
        // Only the canonical spelling of the signature: a second spelling of the same bytes is a changed link too.
        var given = FromBase64Url(parts[2]);
        if (given is null || Base64Url(given) != parts[2] || !CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return (null, ActionRefusal.BadSignature);
        }

        var claim = ActionPayload.Read(FromBase64Url(parts[1]), parts[0]);
        if (claim is null)
        {
            return (null, ActionRefusal.BadSignature);
        }

        return claim.ExpiresAt <= now ? (null, ActionRefusal.Expired) : (claim, null);
    }

    /// <summary>A value bound to one token, for the form's anti-forgery field (a MAC under another label).</summary>
    public string FormToken(string token) => Base64Url(Mac(keys.Current, "form|" + token))[..32];

    /// <summary>Whether <paramref name="formToken"/> is the one bound to <paramref name="token"/>.</summary>
    public bool IsFormToken(string token, string? formToken) =>
        formToken is not null
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(FormToken(token)),
            Encoding.ASCII.GetBytes(formToken)
        );

    private static byte[] Mac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }
}
