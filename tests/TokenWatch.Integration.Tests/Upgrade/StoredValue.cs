using System.Globalization;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace TokenWatch.Integration.Tests.Upgrade;

/// <summary>One property: its Table type and its value as text (binary as base64, times as ISO 8601).</summary>
internal sealed record StoredValue(string Type, string? Value)
{
    public static StoredValue Of(object? value) =>
        value switch
        {
            null => new("Null", null),
            string s => new("String", s),
            int i => new("Int32", i.ToString(CultureInfo.InvariantCulture)),
            long l => new("Int64", l.ToString(CultureInfo.InvariantCulture)),
            bool b => new("Boolean", b ? "true" : "false"),
            double d => new("Double", d.ToString("R", CultureInfo.InvariantCulture)),
            DateTimeOffset t => new("DateTime", t.ToString("O", CultureInfo.InvariantCulture)),
            DateTime t => new(
                "DateTime",
                new DateTimeOffset(t.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture)
            ),
            Guid g => new("Guid", g.ToString()),
            byte[] bytes => new("Binary", Convert.ToBase64String(bytes)),
            BinaryData data => new("Binary", Convert.ToBase64String(data.ToArray())),
            _ => throw new NotSupportedException(
                $"A table property of type {value.GetType()} is not in the sample format."
            ),
        };

    public object? ToObject() =>
        Type switch
        {
            "Null" => null,
            "String" => Value,
            "Int32" => int.Parse(Value!, CultureInfo.InvariantCulture),
            "Int64" => long.Parse(Value!, CultureInfo.InvariantCulture),
            "Boolean" => Value == "true",
            "Double" => double.Parse(Value!, CultureInfo.InvariantCulture),
            "DateTime" => DateTimeOffset.Parse(Value!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            "Guid" => Guid.Parse(Value!),
            "Binary" => Convert.FromBase64String(Value!),
            _ => throw new NotSupportedException($"Unknown sample property type {Type}."),
        };
}
