using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// How often and when admins are told (<c>TokenWatch:Alerts:*</c>). The defaults follow the design notes: expiry
/// milestones 60, 30, 14, 7, 3 and 1 days; a reminder every 24 h while critical; recovered after 2 clean polls;
/// monitoring failed after 3 failed polls in a row.
/// </summary>
public sealed class AlertSettings
{
    public const string DefaultMilestones = "60,30,14,7,3,1";

    /// <summary>
    /// Days before expiry at which admins are told, comma-separated. A string rather than a list because the
    /// configuration binder appends a bound list to its default instead of replacing it.
    /// </summary>
    public string Milestones { get; set; } = DefaultMilestones;

    /// <summary>
    /// Milestones this close to expiry are told even while the token is in error: a sync error that lasts weeks must
    /// not hide the last days, and expiry is the most common cause of sync errors.
    /// </summary>
    [Range(0, 366)]
    public int MilestonesDuringErrorDays { get; set; } = 7;

    /// <summary>
    /// After a renewal of an ADE or VPP token, how long TokenWatch waits for its first successful sync before it
    /// says the renewal did not take (ADE syncs every 12 h, VPP once a day: two days cover both with margin).
    /// </summary>
    [Range(13, 24 * 14)]
    public int RenewalConfirmationHours { get; set; } = 48;

    /// <summary>A condition still critical this long after admins were last told about it is told again.</summary>
    [Range(1, 24 * 30)]
    public int ReminderHours { get; set; } = 24;

    /// <summary>
    /// Polls in a row, each reading the token's endpoint, on which a condition must be gone before "recovered".
    /// </summary>
    [Range(1, 48)]
    public int RecoveryPolls { get; set; } = 2;

    /// <summary>Polls in a row on which an endpoint of a tenant could not be read before "monitoring failed".</summary>
    [Range(1, 48)]
    public int MonitoringFailurePolls { get; set; } = 3;

    /// <summary>
    /// How long an evaluator holds a digest while sending it; another evaluator takes it over only after this,
    /// so it must outlast a send (checked at start against the SendGrid timeout and Retry-After wait).
    /// </summary>
    [Range(2, 24 * 60)]
    public int SendLeaseMinutes { get; set; } = 15;

    /// <summary>
    /// Largest email (HTML and text together) sent as one: a digest above it, thousands of tokens in error at once,
    /// goes out in numbered parts, each below it. SendGrid takes at most 30 MB a message.
    /// </summary>
    [Range(16, 20 * 1024)]
    public int MaxDigestKilobytes { get; set; } = 10 * 1024;

    public long MaxDigestBytes => MaxDigestKilobytes * 1024L;

    /// <summary>
    /// First wait after a Teams or webhook delivery was throttled or failed for a while; it doubles with each attempt
    /// (a longer Retry-After wins) up to <see cref="MaxRetryBackoffMinutes"/>. Email is retried at every evaluation.
    /// </summary>
    [Range(0, 3600)]
    public int RetryBackoffSeconds { get; set; } = 60;

    /// <summary>
    /// The longest wait between two attempts of one channel; below the evaluation interval, so none is skipped for
    /// long.
    /// </summary>
    [Range(1, 24 * 60)]
    public int MaxRetryBackoffMinutes { get; set; } = 30;

    /// <summary>The milestones, largest first.</summary>
    public IReadOnlyList<int> MilestoneDays => TryParseMilestones(Milestones, out var days, out _) ? days : [];

    public TimeSpan ReminderInterval => TimeSpan.FromHours(ReminderHours);

    public TimeSpan RenewalConfirmation => TimeSpan.FromHours(RenewalConfirmationHours);

    public TimeSpan SendLease => TimeSpan.FromMinutes(SendLeaseMinutes);

    /// <summary>
    /// When a channel that failed <paramref name="attempts"/> times may be tried again; null: at the next evaluation.
    /// </summary>
    public DateTimeOffset? NextAttempt(
        Notifications.DeliveryChannel channel,
        int attempts,
        TimeSpan? retryAfter,
        DateTimeOffset now
    )
    {
        if (channel == Notifications.DeliveryChannel.Email)
        {
            return null; // as before channels: SendGrid's short Retry-After is waited out by its notifier
        }

        var max = TimeSpan.FromMinutes(MaxRetryBackoffMinutes);
        var doubling = TimeSpan.FromSeconds(RetryBackoffSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20)));
        var wait = retryAfter is { } asked && asked > doubling ? asked : doubling;
        return now + (wait > max ? max : wait);
    }

    /// <summary>
    /// Parses <c>60,30,14</c>: whole days from 1 to 366, each once; an empty list turns milestones off.
    /// </summary>
    public static bool TryParseMilestones(string? text, out IReadOnlyList<int> days, out string? problem)
    {
        var parsed = new List<int>();
        foreach (
            var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        )
        {
            if (
                !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 366
            )
            {
                days = [];
                problem = $"'{part}' is not a whole number of days from 1 to 366.";
                return false;
            }

            if (parsed.Contains(day))
            {
                days = [];
                problem = $"{day} is listed twice.";
                return false;
            }

            parsed.Add(day);
        }

        days = parsed.OrderDescending().ToList();
        problem = null;
        return true;
    }
}
