using System.Globalization;
using System.Text.Json.Serialization;
using TokenWatch.Core.Health;

namespace TokenWatch.Cli;

/// <summary>One line of <c>tokenwatch status</c>: a token of a tenant as last stored, judged now.</summary>
internal sealed record StatusRow(
    string TenantId,
    string Tenant,
    string Kind,
    string Token,
    string Id,
    string Status,
    int? DaysLeft,
    DateTime? ExpiresAt,
    string? AppleId,
    bool Paused,
    string Detail
)
{
    [JsonIgnore]
    public HealthStatus Health { get; init; }

    /// <summary>When the token's running snooze ends: its events are recorded, not sent, until then.</summary>
    public DateTime? SnoozedUntil { get; init; }

    /// <summary>The running snooze or acknowledgement as the audit records it: until when, by whom, why.</summary>
    public string? Silenced { get; init; }

    /// <summary>Every field, for CSV: the snooze last, so the columns scripts read keep their place.</summary>
    public string[] Cells() =>
        [
            TenantId,
            Tenant,
            Kind,
            Token,
            Id,
            Status,
            DaysLeft?.ToString(CultureInfo.InvariantCulture) ?? "",
            ExpiresAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            AppleId ?? "",
            Paused ? "paused" : "",
            Detail,
            SnoozedUntil?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
        ];

    public static readonly string[] Header =
    [
        "TENANT ID",
        "TENANT",
        "KIND",
        "TOKEN",
        "ID",
        "STATUS",
        "DAYS",
        "EXPIRES",
        "APPLE ID",
        "PAUSED",
        "DETAIL",
        "SNOOZED UNTIL",
    ];
}
