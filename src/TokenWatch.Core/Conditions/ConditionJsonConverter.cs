using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// Writes a condition as its stable code (<c>sync-error</c>), also as a dictionary key. A code this version does not
/// know is an error here; <see cref="OptionalConditionJsonConverter"/> reads it as null where a record may hold one.
/// </summary>
public sealed class ConditionJsonConverter : JsonConverter<Condition>
{
    public override Condition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, Condition value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Code());

    public override Condition ReadAsPropertyName(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => Parse(reader.GetString());

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Condition value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.Code());

    /// <summary>
    /// The code; or the member name, as a version between the catalog and this fix wrote health reasons.
    /// </summary>
    private static Condition Parse(string? code) =>
        ConditionCatalog.TryParse(code, out var condition)
        || (Enum.TryParse(code, ignoreCase: false, out condition) && Enum.IsDefined(condition))
            ? condition
            : throw new JsonException($"'{code}' is not a condition TokenWatch knows.");
}
