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

    public string[] Cells() =>
        [
            TenantId,
            Tenant,
            Kind,
            Token,
            Id,
            Status,
            DaysLeft?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ExpiresAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            AppleId ?? "",
            Paused ? "paused" : "",
            Detail,
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
    ];
}
