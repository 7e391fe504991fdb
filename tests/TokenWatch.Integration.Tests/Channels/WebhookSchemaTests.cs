using System.Text.Json;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Notifications;
using TokenWatch.Infrastructure.Notifications.Webhook;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// The published schema against what the webhook can send: a receiver that validates strictly must accept every
/// event kind, and a part of a digest sent in parts.
/// </summary>
public sealed class WebhookSchemaTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly MonitoredTenant Tenant = new("11111111-2222-3333-4444-555555555555", "Contoso", []);

    public static TheoryData<AlertEventKind> Kinds => new(Enum.GetValues<AlertEventKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_digest_with_an_event_of_each_kind_is_valid_whole_and_as_a_part(AlertEventKind kind)
    {
        var token = new TokenObservation
        {
            TenantId = Tenant.TenantId,
            Kind = TokenKind.Ade,
            Id = "ade-1",
            Name = "Main ABM",
            ExpiresAt = Now.AddDays(20),
        };
        var e = new AlertEvent
        {
            Kind = kind,
            Severity = HealthStatus.Warning,
            At = Now,
            Condition = kind
                is AlertEventKind.Entered
                    or AlertEventKind.Milestone
                    or AlertEventKind.Recovered
                    or AlertEventKind.Reminder
                ? Condition.Expiring
                : null,
            Token = token,
            Previous = token with { ExpiresAt = Now.AddDays(-300) },
            MilestoneDays = kind == AlertEventKind.Milestone ? 30 : null,
        };
        var digest = new Digest("digest-1", Tenant, [e], Now);

        WebhookSchema.AssertValid(JsonDocument.Parse(WebhookPayload.Serialize(digest)).RootElement);
        WebhookSchema.AssertValid(JsonDocument.Parse(WebhookPayload.Serialize(digest, (2, 3))).RootElement);
    }
}
