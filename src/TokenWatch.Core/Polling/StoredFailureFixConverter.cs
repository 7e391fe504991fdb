using System.Text.Json;
using System.Text.Json.Serialization;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Polling;

/// <summary>
/// Reads a stored fix as its code; rows written before codes were stored hold an English sentence, read as null so
/// that the failure code decides the words (<see cref="FailureFixes.Of"/>) and an old ledger never fails to load.
/// </summary>
public sealed class StoredFailureFixConverter : JsonConverter<FailureFix?>
{
    public override bool HandleNull => true;

    public override FailureFix? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : null;

    public override void Write(Utf8JsonWriter writer, FailureFix? value, JsonSerializerOptions options)
    {
        if (value is { } fix)
        {
            writer.WriteStringValue(fix.ToString());
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>The code written by <see cref="FailureFix"/>'s name; anything else (an old sentence) is null.</summary>
    public static FailureFix? Parse(string? stored) =>
        Enum.TryParse<FailureFix>(stored, ignoreCase: false, out var fix) && Enum.IsDefined(fix) ? fix : null;
}
