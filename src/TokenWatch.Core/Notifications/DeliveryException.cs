using System.Globalization;

namespace TokenWatch.Core.Notifications;

/// <summary>The provider refused or could not take the message; <see cref="Transient"/> says whether to
/// retry.</summary>
public sealed class DeliveryException(string message, bool transient, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Transient { get; } = transient;

    /// <summary>
    /// The digest was never judged: TokenWatch's own delivery settings are wrong (a SendGrid key missing, unresolved
    /// or refused; a Teams or webhook URL not found, a webhook secret refused). Always transient, since fixing the
    /// setting makes the same digest deliverable.
    /// </summary>
    public bool Misconfigured { get; private init; }

    /// <summary>A configuration fault: the digest stays pending until the setting is fixed.</summary>
    public static DeliveryException Misconfiguration(string message, Exception? inner = null) =>
        new(message, transient: true, inner) { Misconfigured = true };

    /// <summary>The provider refused the message for its size (413): smaller parts may pass where the whole did
    /// not.</summary>
    public bool TooLarge { get; init; }

    /// <summary>
    /// Not a provider's answer: the evaluation's time for the tenant could not cover one more post, so none was
    /// started. The channel stays pending and is taken up by the next evaluation, without a back-off.
    /// </summary>
    public bool OutOfTime { get; private init; }

    /// <summary>No time left in this evaluation for the next post; <paramref name="accepted"/> parts went.</summary>
    public static DeliveryException NoTimeFor(TimeSpan post, TimeSpan left, int accepted)
    {
        var parts = accepted == 1 ? "1 part" : $"{accepted.ToString(CultureInfo.InvariantCulture)} parts";
        var seconds = post.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        var remaining = Math.Max(0, left.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
        return new(
            $"{parts} accepted so far; the next post may take {seconds} s and this evaluation has {remaining} s left "
                + "for the tenant, so the rest goes in the next evaluation.",
            transient: true
        )
        {
            OutOfTime = true,
        };
    }

    /// <summary>How long the provider asked to wait before the next attempt (a 429's or 503's Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
