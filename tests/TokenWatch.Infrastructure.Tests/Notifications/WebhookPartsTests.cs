using System.Text.Json;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Notifications;
using TokenWatch.Infrastructure.Notifications.Webhook;

namespace TokenWatch.Infrastructure.Tests.Notifications;

/// <summary>
/// The webhook's size bound: every part within it, every event in exactly one part and in order, the same cut for
/// the same digest, and no single event that could outgrow the smallest bound allowed.
/// </summary>
public sealed class WebhookPartsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Far longer than anything is kept (each field is clipped before it reaches the body), and made of what JSON
    /// escapes to six bytes a character.
    /// </summary>
    private static readonly string Long = string.Concat(Enumerable.Repeat("Ünïcödé \"quoted\" <tag> & ", 400));

    private static readonly MonitoredTenant Tenant = new("11111111-2222-3333-4444-555555555555", Long, ["a@b.example"]);

    [Fact]
    public void The_largest_event_of_any_condition_or_monitoring_failure_fits_the_smallest_bound_twice_over()
    {
        var events = ConditionCatalog
            .All.SelectMany(d => d.Kinds.Select(kind => Event(AlertEventKind.Entered, d.Condition, kind)))
            .Append(Event(AlertEventKind.Milestone, Condition.Expiring, TokenKind.Ade) with { MilestoneDays = 30 })
            .Append(Event(AlertEventKind.Renewed, null, TokenKind.Vpp) with { Previous = Token(TokenKind.Vpp) })
            .Append(Monitoring())
            .ToList();

        var sizes = WebhookPayload.EventSizes(Digest(events)).ToList();
        var largest = events[sizes.IndexOf(sizes.Max())];
        var alone = WebhookPayload.Serialize(Digest([largest]), (999, 999)).Length;

        Assert.True(events.Count > 20, $"only {events.Count} events walked");
        Assert.True(
            alone <= WebhookOptions.MinBodyKilobytes * 1024 / 2,
            $"a part of one event is {alone} bytes: raise WebhookOptions.MinBodyKilobytes"
        );
    }

    [Fact]
    public void A_digest_past_the_bound_is_cut_into_parts_within_it_each_event_once_in_order_the_same_way_twice()
    {
        var events = Enumerable
            .Range(1, 300)
            .Select(i =>
                Event(AlertEventKind.Entered, Condition.SyncError, TokenKind.Ade) with
                {
                    Token = new TokenObservation
                    {
                        TenantId = Tenant.TenantId,
                        Kind = TokenKind.Ade,
                        Id = $"token-{i:D3}",
                        Name = $"Location {i}",
                        ExpiresAt = Now.AddDays(200),
                        SyncErrorCode = 3,
                    },
                }
            )
            .ToList();
        var digest = Digest(events);
        const int bound = 16 * 1024;

        var groups = WebhookParts.Plan(digest, events, bound);
        var parts = groups.Select((g, i) => WebhookParts.Part(digest, g, i + 1, groups.Count)).ToList();

        Assert.True(WebhookPayload.Serialize(digest).Length > 10 * bound);
        Assert.True(parts.Count > 10, $"{parts.Count} parts");
        Assert.All(parts, p => Assert.InRange(p.Body.Length, bound / 2, bound));
        Assert.Equal(events, parts.SelectMany(p => p.Events));
        var received = parts.Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.Equal(
            events.Select(e => e.Token!.Id),
            received
                .SelectMany(r => r.GetProperty("events").EnumerateArray())
                .Select(e => e.GetProperty("token").GetProperty("id").GetString())
        );
        Assert.All(received.Select((r, i) => (r, i)), x =>
        {
            var (body, i) = x;
            Assert.Equal("digest-1", body.GetProperty("digestId").GetString());
            Assert.Equal(
                (i + 1, parts.Count),
                (
                    body.GetProperty("part").GetProperty("number").GetInt32(),
                    body.GetProperty("part").GetProperty("count").GetInt32()
                )
            );
            Assert.StartsWith($"[{i + 1}/{parts.Count}] [TokenWatch] ", body.GetProperty("subject").GetString());
            Assert.Equal($"digest-1:{i + 1}/{parts.Count}", parts[i].Id);
        });
        var again = WebhookParts.Plan(digest, events, bound);
        Assert.Equal(groups.Select(g => g.Count), again.Select(g => g.Count));
    }

    [Fact]
    public void A_digest_within_the_bound_is_one_request_under_the_digest_id_without_a_part()
    {
        var events = new[] { Event(AlertEventKind.Entered, Condition.Expired, TokenKind.Apns) };
        var digest = Digest(events);

        var part = WebhookParts.Part(digest, events, 1, 1);

        Assert.Equal("digest-1", part.Id);
        Assert.Equal(WebhookPayload.Serialize(digest), part.Body);
        Assert.False(JsonDocument.Parse(part.Body).RootElement.TryGetProperty("part", out _));
    }

    private static Digest Digest(IReadOnlyList<AlertEvent> events) => new("digest-1", Tenant, events, Now);

    private static AlertEvent Event(AlertEventKind kind, Condition? condition, TokenKind tokenKind) =>
        new()
        {
            Kind = kind,
            Severity = HealthStatus.Critical,
            At = Now,
            Condition = condition,
            Token = Token(tokenKind),
        };

    private static TokenObservation Token(TokenKind kind) =>
        new()
        {
            TenantId = Tenant.TenantId,
            Kind = kind,
            Id = Long,
            Name = Long,
            Organization = Long,
            Location = Long,
            LastAction = Long,
            AppleId = Long,
            ExpiresAt = Now.AddDays(-3),
            LastSyncAt = Now.AddDays(-9),
            LastSyncAttemptAt = Now.AddDays(-1),
            SyncErrorCode = 3,
            State = Long,
            SyncStatus = Long,
            FailureReason = Long,
            TopicId = Long,
            TokenType = Long,
            Problems = [Long, Long, Long],
        };

    private static AlertEvent Monitoring() =>
        new()
        {
            Kind = AlertEventKind.MonitoringFailed,
            Severity = HealthStatus.Unknown,
            At = Now,
            Failure = new PollFailure(TokenKind.Ade, Long, Long, FailureFix.ReadFailed, Long, Long),
            Endpoints = [TokenKind.Ade, TokenKind.Vpp, TokenKind.Apns],
            ConsecutiveFailures = 12,
        };
}
