using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// A receiver's check of a signed webhook, written from the Standard Webhooks specification and nothing of
/// TokenWatch's code: the signature over <c>id.timestamp.body</c> with the secret's key, a timestamp within five
/// minutes of the receiver's clock, and each id taken once.
/// </summary>
internal sealed class WebhookReceiver(string secret)
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly HashSet<string> _seen = [];

    /// <summary>"accepted", or why the receiver drops the request.</summary>
    public string Receive(IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset now)
    {
        var id = headers["webhook-id"];
        var timestamp = long.Parse(headers["webhook-timestamp"], CultureInfo.InvariantCulture);
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > Tolerance.TotalSeconds)
        {
            return "stale timestamp";
        }

        using var hmac = new HMACSHA256(Convert.FromBase64String(secret.Split('_', 2)[1]));
        var signed = id + "." + timestamp.ToString(CultureInfo.InvariantCulture) + "." + Encoding.UTF8.GetString(body);
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(signed));
        var valid = headers["webhook-signature"]
            .Split(' ')
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s[3..]), expected));
        if (!valid)
        {
            return "bad signature";
        }

        return _seen.Add(id) ? "accepted" : "duplicate";
    }
}
