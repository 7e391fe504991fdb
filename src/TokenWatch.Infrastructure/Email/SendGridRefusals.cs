using System.Net;
using SendGrid;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// What an unsuccessful SendGrid answer means for the digest (see <see cref="SendGridNotifier"/>): transient (sent
/// again by the next evaluation), a configuration fault, too large (sent again in parts), or refused for good.
/// </summary>
internal static class SendGridRefusals
{
    public static DeliveryException Redirected(int status, Response response)
    {
        var target = response.Headers?.Location is { IsAbsoluteUri: true } location
            ? $" to {location.GetLeftPart(UriPartial.Authority)}"
            : "";
        return new DeliveryException(
            $"SendGrid answered with a redirect ({status}{target}), which TokenWatch does not follow: "
                + "nothing was delivered. Check TokenWatch:Email:SendGridHost; the next evaluation sends the digest "
                + "again.",
            transient: true
        );
    }

    /// <summary>The refusal for a 4xx or 5xx, with SendGrid's own (redacted) error text.</summary>
    public static DeliveryException For(HttpStatusCode code, string errors, TimeSpan? retryAfter)
    {
        var status = (int)code;
        if (code == HttpStatusCode.RequestEntityTooLarge)
        {
            return new DeliveryException(
                $"SendGrid refused the message as too large (413): {errors} It is sent again in smaller parts.",
                transient: true
            )
            {
                TooLarge = true,
            };
        }

        if (code == HttpStatusCode.TooManyRequests)
        {
            var after = retryAfter is { } later ? $"Retry-After {later.TotalSeconds:0} s" : "no Retry-After";
            return Again($"SendGrid is rate limiting (429, {after}): {errors}");
        }

        if (status >= 500 || code == HttpStatusCode.RequestTimeout)
        {
            return Again($"SendGrid failed ({status}): {errors}");
        }

        return code is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? AccountRefused(status, errors)
            : new DeliveryException($"SendGrid refused the message ({status}): {errors}", transient: false);
    }

    private static DeliveryException Again(string problem) =>
        new($"{problem} The next evaluation sends the digest again.", transient: true);

    /// <summary>
    /// SendGrid refuses the account, not this email: a revoked or under-privileged key, an unverified sender. Fixing
    /// that makes the same digest deliverable, so it stays pending instead of counting as told.
    /// </summary>
    private static DeliveryException AccountRefused(int status, string errors) =>
        DeliveryException.Misconfiguration(
            $"SendGrid refused the message ({status}): {errors} Check TokenWatch:Email:SendGridApiKey "
                + "(the key must exist and have the Mail Send permission) and that TokenWatch:Email:From is a "
                + "verified sender; the digest stays pending until then."
        );
}
