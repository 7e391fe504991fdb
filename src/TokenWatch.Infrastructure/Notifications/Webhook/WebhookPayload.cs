using System.Text.Json;
using System.Text.Json.Nodes;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Notifications.Webhook;

/// <summary>
/// The webhook's body, version 1: the JSON Schema is <c>docs/webhook/tokenwatch-digest-v1.schema.json</c>, the
/// description <c>docs/webhooks.md</c>. Additive changes keep version 1; anything a receiver could trip over gets a
/// new version. It formats the channel-neutral <see cref="DigestNotice"/>, so the ticket reads like the email.
/// </summary>
public static class WebhookPayload
{
    public const int Version = 1;
    public const string Type = "tokenwatch.digest";

    public static byte[] Serialize(Digest digest) => Serialize(digest, null);

    /// <summary>
    /// The body of a whole digest, or of part <c>Number</c> of <c>Count</c> (<see cref="WebhookParts"/>): a complete
    /// digest of its own events, its subject numbered as the email's parts are, with a <c>part</c> object.
    /// </summary>
    public static byte[] Serialize(Digest digest, (int Number, int Count)? part) =>
        JsonSerializer.SerializeToUtf8Bytes(Build(digest, part));

    public static JsonObject Build(Digest digest, (int Number, int Count)? part = null)
    {
        var subject = DigestComposer.Subject(digest);
        var view = Notices.Of(digest, part is var (n, of) ? $"[{n}/{of}] {subject}" : subject);
        var body = new JsonObject
        {
            ["version"] = Version,
            ["type"] = Type,
            ["digestId"] = digest.DigestId,
        };
        if (part is var (number, count))
        {
            body["part"] = new JsonObject { ["number"] = number, ["count"] = count };
        }

        body["createdAt"] = digest.ComposedAt.UtcDateTime;
        body["severity"] = digest.Severity.ToSlug();
        body["subject"] = view.Subject;
        body["tenant"] = new JsonObject { ["id"] = view.TenantId, ["displayName"] = view.TenantName };
        body["events"] = new JsonArray(digest.Events.Zip(view.Events, Event).ToArray<JsonNode?>());
        if (view.Silenced.Count > 0)
        {
            body["silenced"] = new JsonArray(view.Silenced.Select(s => (JsonNode)s).ToArray());
        }

        return body;
    }

    /// <summary>Each event's bytes in the body, in order (the separating commas not counted).</summary>
    public static IReadOnlyList<int> EventSizes(Digest digest) =>
        Build(digest)["events"]!.AsArray().Select(e => JsonSerializer.SerializeToUtf8Bytes(e).Length).ToList();

    private static JsonObject Event(AlertEvent e, EventNotice view)
    {
        var body = EventBody(e, view);
        if (view.Actions.Count > 0)
        {
            // Optional (version 1 grows by optional properties): present only when action links are configured.
            body["actions"] = new JsonArray(
                view.Actions.Select(a => (JsonNode)new JsonObject { ["label"] = a.Label, ["url"] = a.Url }).ToArray()
            );
        }

        if (e.Health?.Reasons.FirstOrDefault(r => r.Condition == e.Condition)?.Finding is { } finding)
        {
            // Optional (version 1 grows by optional properties): on events of an enrollment condition.
            body["enrollment"] = JsonSerializer.SerializeToNode(finding, FindingJson);
        }

        return body;
    }

    private static readonly JsonSerializerOptions FindingJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static JsonObject EventBody(AlertEvent e, EventNotice view) =>
        new()
        {
            ["kind"] = Slug(e.Kind.ToString()),
            ["severity"] = e.Severity.ToSlug(),
            ["at"] = e.At.UtcDateTime,
            ["condition"] = ConditionOf(e),
            ["alertKey"] = NoticeText.Clean(EventIdentity.AlertKey(e)),
            ["label"] = view.Label,
            ["title"] = view.Title,
            ["headline"] = view.Headline,
            ["message"] = view.Message,
            ["milestoneDays"] = e.MilestoneDays,
            ["token"] = e.Token is { } token ? Token(token) : null,
            ["steps"] = new JsonArray(view.Steps.Select(s => (JsonNode)s).ToArray()),
            ["links"] = new JsonArray(
                view.Links.Select(l => (JsonNode)new JsonObject { ["label"] = l.Label, ["url"] = l.Url }).ToArray()
            ),
            ["knownErrors"] = new JsonArray(view.KnownErrors.Select(KnownError).ToArray<JsonNode?>()),
        };

    /// <summary>A row of Intune's sync error table, which the steps of an ADE sync error refer to.</summary>
    private static JsonObject KnownError(KnownSyncError known) =>
        new()
        {
            ["portalMessage"] = known.PortalMessage,
            ["cause"] = known.Cause,
            ["fix"] = known.Fix,
        };

    private static JsonObject Token(TokenObservation token) =>
        new()
        {
            ["kind"] = token.Kind.ToSlug(),
            ["id"] = NoticeText.Clean(token.Id),
            ["name"] = NoticeText.Clean(token.DisplayName, NoticeText.MaxName),
            ["appleId"] = string.IsNullOrWhiteSpace(token.AppleId) ? null : NoticeText.Clean(token.AppleId),
            ["expiresAt"] = token.ExpiresAt?.UtcDateTime,
            ["lastSyncAt"] = token.LastSyncAt?.UtcDateTime,
            ["state"] = string.IsNullOrWhiteSpace(token.State) ? null : NoticeText.Clean(token.State),
        };

    /// <summary>
    /// The condition's code (<c>sync-error</c>), or for an event without one its kind (<c>renewed</c>).
    /// </summary>
    private static string ConditionOf(AlertEvent e) => e.Condition?.Code() ?? Slug(e.Kind.ToString());

    /// <summary><c>MonitoringFailed</c> → <c>monitoring-failed</c>.</summary>
    private static string Slug(string name) =>
        string.Concat(
            name.Select(
                (c, i) =>
                    char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()
            )
        );
}
