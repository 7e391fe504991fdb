using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// Reads an optional condition: a code this version does not know (an event of an older or newer version, such as
/// <c>renewed</c>) is null, so a stored digest stays readable across upgrades and rollbacks.
/// </summary>
public sealed class OptionalConditionJsonConverter : JsonConverter<Condition?>
{
    public override bool HandleNull => true;

    public override Condition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && ConditionCatalog.TryParse(reader.GetString(), out var condition)
            ? condition
            : null;

    public override void Write(Utf8JsonWriter writer, Condition? value, JsonSerializerOptions options)
    {
        if (value is { } condition)
        {
            writer.WriteStringValue(condition.Code());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
