using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// The stored form of ledgers and outbox events. Deterministic for equal values (dictionaries are kept in ordinal
/// order), so "nothing changed" is a byte comparison and an evaluation that changes nothing writes nothing.
/// </summary>
public static class AlertJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(AlertLedger ledger) => JsonSerializer.SerializeToUtf8Bytes(ledger, Options);

    public static AlertLedger DeserializeLedger(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<AlertLedger>(json, Options) ?? AlertLedger.Empty;

    public static byte[] Serialize(IReadOnlyList<AlertEvent> events) =>
        JsonSerializer.SerializeToUtf8Bytes(events, Options);

    public static string Serialize(IReadOnlyDictionary<Notifications.DeliveryChannel, ChannelDelivery> channels) =>
        JsonSerializer.Serialize(channels.OrderBy(c => c.Key).ToDictionary(), Options);

    public static IReadOnlyDictionary<Notifications.DeliveryChannel, ChannelDelivery> DeserializeChannels(
        string json
    ) => JsonSerializer.Deserialize<Dictionary<Notifications.DeliveryChannel, ChannelDelivery>>(json, Options) ?? [];

    public static IReadOnlyList<AlertEvent> DeserializeEvents(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<List<AlertEvent>>(json, Options) ?? [];
}
