using System.Diagnostics.Metrics;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Diagnostics;

/// <summary>
/// TokenWatch's metrics, on the <c>TokenWatch</c> meter (exported to Azure Monitor by the Functions app). Days
/// until expiry per token is what a dashboard or an Azure Monitor alert wants, independent of any email.
/// </summary>
public sealed class TokenWatchMetrics : IDisposable
{
    public const string MeterName = "TokenWatch";
    public const string DaysUntilExpiry = "tokenwatch.token.days_until_expiry";
    public const string DeliveryMisconfiguredName = "tokenwatch.alerts.delivery_misconfigured";

    private readonly Meter _meter;
    private readonly Gauge<int> _daysUntilExpiry;
    private readonly Histogram<double> _pollDuration;
    private readonly Counter<long> _tenantsFailed;
    private readonly Counter<long> _alertsSent;
    private readonly Counter<long> _deliveryMisconfigured;
    private readonly Gauge<long> _storedRows;

    public TokenWatchMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _daysUntilExpiry = _meter.CreateGauge<int>(
            DaysUntilExpiry,
            "d",
            "Whole days until the token expires (negative once expired)."
        );
        _pollDuration = _meter.CreateHistogram<double>(
            "tokenwatch.poll.duration",
            "s",
            "Time to read and store one tenant."
        );
        _tenantsFailed = _meter.CreateCounter<long>(
            "tokenwatch.poll.tenants_failed",
            "{tenant}",
            "Tenant endpoints that could not be read, by cause."
        );
        _alertsSent = _meter.CreateCounter<long>(
            "tokenwatch.alerts.sent",
            "{digest}",
            "Digests accepted, by severity and channel (email, teams, webhook)."
        );
        _deliveryMisconfigured = _meter.CreateCounter<long>(
            DeliveryMisconfiguredName,
            "{digest}",
            "Delivery misconfigured: digests kept pending on a channel whose key, URL or secret is missing or "
                + "refused."
        );
        _storedRows = _meter.CreateGauge<long>(
            "tokenwatch.storage.rows",
            "{row}",
            "Rows of each table and kind after the daily clean-up."
        );
    }

    /// <summary>
    /// Records the days left with the token's status as the poll judged it, so the workbook can list tokens worst
    /// first as <c>tokenwatch status</c> does. The status changes rarely (a renewal, a sync error), so it adds a few
    /// series over a token's life, not one per poll.
    /// </summary>
    public void TokenObserved(TokenObservation token, TokenHealth health)
    {
        if (health.DaysUntilExpiry is { } days)
        {
            _daysUntilExpiry.Record(
                days,
                new KeyValuePair<string, object?>("tenant", token.TenantId),
                new KeyValuePair<string, object?>("kind", token.Kind.ToSlug()),
                new KeyValuePair<string, object?>("token", token.Id),
                new KeyValuePair<string, object?>("status", health.Status.ToSlug())
            );
        }
    }

    /// <summary>
    /// No tenant tag: a series per tenant would grow with an MSP's tenant count for a figure read as a whole.
    /// </summary>
    public void TenantPolled(TimeSpan duration) => _pollDuration.Record(duration.TotalSeconds);

    /// <summary>An endpoint (<paramref name="kind"/>) or, with no kind, the whole tenant failed.</summary>
    public void TenantFailed(string cause, TokenKind? kind) =>
        _tenantsFailed.Add(
            1,
            new KeyValuePair<string, object?>("cause", cause),
            new KeyValuePair<string, object?>("kind", kind?.ToSlug() ?? "all")
        );

    public void AlertSent(HealthStatus severity, DeliveryChannel channel) =>
        _alertsSent.Add(
            1,
            new KeyValuePair<string, object?>("severity", severity.ToSlug()),
            new KeyValuePair<string, object?>("channel", Slug(channel))
        );

    /// <summary>
    /// A digest was kept pending on a channel because its delivery is misconfigured (the cause is in the log).
    /// </summary>
    public void DeliveryMisconfigured(DeliveryChannel channel) =>
        _deliveryMisconfigured.Add(1, new KeyValuePair<string, object?>("channel", Slug(channel)));

    /// <summary>Counted by the clean-up over the configured tenants; a handful of series (table × kind).</summary>
    public void StoredRows(string table, string kind, long rows) =>
        _storedRows.Record(
            rows,
            new KeyValuePair<string, object?>("table", table),
            new KeyValuePair<string, object?>("kind", kind)
        );

    public void Dispose() => _meter.Dispose();

    private static string Slug(DeliveryChannel channel) => channel.ToString().ToLowerInvariant();
}
