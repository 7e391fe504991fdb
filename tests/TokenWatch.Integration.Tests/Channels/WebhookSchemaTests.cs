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

    [Fact]
    public void An_enrollment_event_carries_its_devices_and_serials_and_is_valid()
    {
        var token = new TokenObservation
        {
            TenantId = Tenant.TenantId,
            Kind = TokenKind.Ade,
            Id = "ade-1",
            Name = "Main ABM",
        };
        var finding = new Core.Enrollment.EnrollmentFinding
        {
            SeenAt = Now,
            Devices = 12,
            Serials = ["DMPXK1AAQ1GC", "DMPXK1AAQ2GC"],
            Platforms = ["ios"],
        };
        var reason = new HealthReason(Condition.NoDefaultProfile, HealthStatus.Warning) { Finding = finding };
        var e = new AlertEvent
        {
            Kind = AlertEventKind.Entered,
            Severity = HealthStatus.Warning,
            At = Now,
            Condition = Condition.NoDefaultProfile,
            Token = token,
            Health = new TokenHealth(HealthStatus.Warning, [reason], null),
        };

        var body = JsonDocument.Parse(WebhookPayload.Serialize(new Digest("digest-1", Tenant, [e], Now))).RootElement;

        WebhookSchema.AssertValid(body);
        var enrollment = body.GetProperty("events")[0].GetProperty("enrollment");
        Assert.Equal(12, enrollment.GetProperty("devices").GetInt32());
        Assert.Equal(
            ["DMPXK1AAQ1GC", "DMPXK1AAQ2GC"],
            enrollment.GetProperty("serials").EnumerateArray().Select(s => s.GetString())
        );
        Assert.Equal("ios", enrollment.GetProperty("platforms")[0].GetString());
        Assert.Equal("no-default-profile", body.GetProperty("events")[0].GetProperty("condition").GetString());
    }
}
