using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The row of one digest, <c>outbox|digest id</c>: written before it is sent and marked after; its events stored
/// compressed, with a summary and the tokens concerned for people and queries.
/// </summary>
internal static class OutboxRow
{
    public const string Prefix = "outbox|";

    private static readonly RowMap<OutboxEntry> Columns = new RowMap<OutboxEntry>()
        .Text("DigestId", e => e.DigestId, (e, _) => e) // read with the status and time, as the row's identity
        .Text("Status", e => e.Status.ToString(), (e, _) => e)
        .Time("CreatedAt", e => e.CreatedAt, (e, _) => e)
        .Written("Severity", e => e.Severity.ToSlug())
        .Written("EventCount", e => e.Events.Count)
        .Written("Summary", e => KeptText.Cap(string.Join('\n', e.Events.Select(Summary))))
        .Written("TokenKeys", e => KeptText.Cap("|" + string.Join('|', TokenKeys(e)) + "|"))
        .Number("Attempts", e => e.Attempts, (e, v) => e with { Attempts = v })
        .Time("LeaseUntil", e => e.LeaseUntil, (e, v) => e with { LeaseUntil = v })
        .Text("LastError", e => KeptText.Cap(e.LastError), (e, v) => e with { LastError = v })
        .Time("SentAt", e => e.SentAt, (e, v) => e with { SentAt = v })
        .Text("Subject", e => KeptText.Cap(e.Subject), (e, v) => e with { Subject = v })
        .Text(
            "Recipients",
            e => e.Recipients.Count == 0 ? null : KeptText.Cap(string.Join(", ", e.Recipients)),
            (e, v) => e with { Recipients = v.Split(", ") }
        )
        .Text(
            "Channels",
            e => e.Channels.Count == 0 ? null : AlertJson.Serialize(e.Channels),
            (e, v) => v.Length == 0 ? e : e with { Channels = AlertJson.DeserializeChannels(v) }
        )
        .Blob(
            "Events",
            e => AlertJson.Serialize(e.Events),
            (e, v) => e with { Events = AlertJson.DeserializeEvents(v) }
        );

    public static string Key(string digestId) => Prefix + TableKeys.Escape(digestId);

    public static TableEntity Write(string partition, OutboxEntry entry)
    {
        var row = new TableEntity(partition, Key(entry.DigestId)) { [StorageSchema.Property] = StorageSchema.Current };
        Columns.Write(entry, row);
        return row;
    }

    /// <summary>The digest a row holds; null for a row without its id, status or time.</summary>
    public static OutboxEntry? Read(string tenantId, TableEntity row)
    {
        if (
            row.GetString("DigestId") is not { } digestId
            || !Enum.TryParse<OutboxStatus>(row.GetString("Status"), out var status)
            || row.GetDateTimeOffset("CreatedAt") is not { } createdAt
        )
        {
            return null;
        }

        var seed = new OutboxEntry
        {
            DigestId = digestId,
            TenantId = tenantId,
            CreatedAt = createdAt,
            Status = status,
            Events = [],
            Version = row.ETag.ToString(),
        };
        var entry = Columns.Read(row, seed);
        return row.GetString("Channels") is { Length: > 0 } ? entry : entry with { Channels = EmailOnly(entry) };
    }

    private static string Summary(AlertEvent e) => $"{e.Kind}: {EventWording.Title(e)} {EventWording.Headline(e)}";

    private static IEnumerable<string> TokenKeys(OutboxEntry entry) =>
        entry.Events.Select(e => e.Token?.Key).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>A digest stored before channels existed was an email carrying all of its events.</summary>
    private static Dictionary<DeliveryChannel, ChannelDelivery> EmailOnly(OutboxEntry entry) =>
        entry.Status is OutboxStatus.Pending or OutboxStatus.Sent or OutboxStatus.Failed
            ? new()
            {
                [DeliveryChannel.Email] = new ChannelDelivery
                {
                    Status = entry.Status,
                    Events = [.. Enumerable.Range(0, entry.Events.Count)],
                    Attempts = entry.Attempts,
                },
            }
            : [];
}
