using System.Globalization;
using Microsoft.Kiota.Abstractions.Serialization;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Base of TokenWatch's own Graph models. Every field is read defensively: a value of the wrong type or an
/// invalid date becomes a recorded problem on that token (and an <c>unknown</c> status), never an exception that
/// loses the whole tenant. Enum-like fields stay raw strings, so a value Microsoft adds later is shown, not nulled.
/// Secret fields (<c>token</c>, <c>certificate</c>) are not read at all.
/// </summary>
/// <remarks>
/// Fields are read as Kiota <see cref="UntypedNode"/>s rather than with <c>GetStringValue</c>/<c>GetIntValue</c>,
/// because the JSON parse node answers a wrong type silently with null (a number where a string belongs, a string
/// "3" where <c>lastSyncErrorCode</c> belongs: a sync error that would vanish) and throws <c>JsonException</c> for
/// a number that is not an Int32 (3.5, 99999999999), which would have lost every token of the endpoint.
/// </remarks>
public abstract class GraphItem : IParsable
{
    private readonly List<string> _problems = [];

    public string? Id { get; private set; }

    public IReadOnlyList<string> Problems => _problems;

    public IDictionary<string, Action<IParseNode>> GetFieldDeserializers()
    {
        var fields = new Dictionary<string, Action<IParseNode>>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = n => Id = ReadString(n, "id"),
        };
        AddFields(fields);
        return OncePerObject(fields, field => _problems.Add($"{field} appears more than once in the object"));
    }

    /// <summary>
    /// The same deserializers, each noting when its key comes again: JSON lets an object repeat a key, and the
    /// parser hands over every copy, so the last would silently win (<c>"lastSyncErrorCode": 3, …,
    /// "lastSyncErrorCode": 0</c> would read as no error). An object that says two things cannot be judged.
    /// </summary>
    internal static Dictionary<string, Action<IParseNode>> OncePerObject(
        Dictionary<string, Action<IParseNode>> fields,
        Action<string> repeated
    )
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return fields.ToDictionary(
            f => f.Key,
            f =>
                (Action<IParseNode>)(
                    node =>
                    {
                        if (!seen.Add(f.Key))
                        {
                            repeated(f.Key);
                        }

                        f.Value(node);
                    }
                ),
            StringComparer.OrdinalIgnoreCase
        );
    }

    public void Serialize(ISerializationWriter writer) =>
        throw new NotSupportedException("TokenWatch only reads from Graph.");

    /// <summary>Records a problem found outside the item's own fields (e.g. the item was not a JSON object).</summary>
    internal void AddProblem(string problem) => _problems.Add(problem);

    protected abstract void AddFields(Dictionary<string, Action<IParseNode>> fields);

    /// <summary>A string; a number or boolean is kept as its text (and noted), anything else is a problem.</summary>
    protected string? ReadString(IParseNode node, string field) => TextOf(Untyped(node, field), field);

    /// <summary>The field as Kiota's untyped node, for fields with structure; null when unreadable.</summary>
    protected UntypedNode? ReadNode(IParseNode node, string field) => Untyped(node, field);

    /// <summary><see cref="ReadString"/> of a value already read, e.g. a property of an object in an array.</summary>
    protected string? TextOf(UntypedNode? value, string field)
    {
        switch (value)
        {
            case UntypedString text:
                return text.GetValue();
            case UntypedNull or null:
                return null;
            case var other when Scalar(other) is { } scalar:
                _problems.Add($"{field} is {Describe(other)} where text was expected: '{Shorten(scalar)}'");
                return scalar;
            case var other:
                _problems.Add($"{field} is {Describe(other)} where text was expected");
                return null;
        }
    }

    /// <summary>
    /// A whole number in Int32 range; a numeric string is taken (and noted), anything else is a problem.
    /// </summary>
    protected int? ReadInt(IParseNode node, string field)
    {
        var value = Untyped(node, field);
        if (value is UntypedNull or null)
        {
            return null;
        }

        if (value is UntypedString text)
        {
            return IntOfText(text.GetValue() ?? "", field);
        }

        var number = NumberOf(value);
        if (number is { } n && decimal.Truncate(n) == n && n is >= int.MinValue and <= int.MaxValue)
        {
            return (int)n;
        }

        _problems.Add(
            number is { } bad
                ? $"{field} is not a whole number in range: {Shorten(bad.ToString(CultureInfo.InvariantCulture))}"
                : $"{field} is {Describe(value)} where a number was expected"
        );
        return null;
    }

    /// <summary>A number sent as text is read, and noted; other text is a problem.</summary>
    private int? IntOfText(string raw, string field)
    {
        if (int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            _problems.Add($"{field} is text where a number was expected: '{Shorten(raw)}'");
            return parsed;
        }

        _problems.Add($"{field} is not a number: '{Shorten(raw)}'");
        return null;
    }

    private static decimal? NumberOf(UntypedNode value) =>
        value switch
        {
            UntypedInteger i => i.GetValue(),
            UntypedLong l => l.GetValue(),
            UntypedDecimal m => m.GetValue(),
            UntypedDouble d when double.IsFinite(d.GetValue()) => (decimal)d.GetValue(),
            UntypedFloat f when float.IsFinite(f.GetValue()) => (decimal)f.GetValue(),
            _ => null,
        };

    /// <summary>
    /// An ISO 8601 date and time; anything else is a problem. Intune reports "never" as <c>0001-01-01T00:00:00Z</c>,
    /// which is read as no date at all: a token that never synced is not one that last synced 2,000 years ago.
    /// </summary>
    protected DateTimeOffset? ReadDate(IParseNode node, string field) => DateOf(Untyped(node, field), field);

    /// <summary><see cref="ReadDate"/> of a value already read, e.g. a property of an object inside an array.</summary>
    protected DateTimeOffset? DateOf(UntypedNode? value, string field)
    {
        if (value is UntypedNull or null)
        {
            return null;
        }

        if (value is not UntypedString { } text || text.GetValue() is not { } raw)
        {
            _problems.Add($"{field} is {Describe(value)} where a date was expected");
            return null;
        }

        if (ParseIso(raw) is not { } date)
        {
            _problems.Add($"{field} is not a date: '{Shorten(raw)}'");
            return null;
        }

        if (date.Year <= 1)
        {
            return null;
        }

        // Table storage holds no date before 1601 (Windows file time starts there): such a date from Graph is a
        // problem of this token, never a failed write of the whole tenant.
        if (date < EarliestDate)
        {
            _problems.Add($"{field} is before the year 1601: '{Shorten(raw)}'");
            return null;
        }

        return date;
    }

    /// <summary>
    /// Exact ISO 8601 only: a lenient parse reads "01/02/2027" as 2 January and "May 2027" as 1 May, a guess that
    /// could report a token as healthy on a date Graph never sent.
    /// </summary>
    private static DateTimeOffset? ParseIso(string raw) =>
        DateTimeOffset.TryParseExact(
            raw.Trim(),
            IsoFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var date
        )
            ? date
            : null;

    private static readonly DateTimeOffset EarliestDate = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The shapes Graph gives an <c>Edm.DateTimeOffset</c>: seconds, up to 7 decimals, <c>Z</c>, an offset or none.
    /// </summary>
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    private UntypedNode? Untyped(IParseNode node, string field)
    {
        try
        {
            return node.GetObjectValue(UntypedNode.CreateFromDiscriminatorValue);
        }
        catch (Exception ex)
            when (ex
                    is InvalidOperationException
                        or FormatException
                        or OverflowException
                        or ArgumentException
                        or System.Text.Json.JsonException
            )
        {
            _problems.Add($"{field} could not be read");
            return null;
        }
    }

    private static string? Scalar(UntypedNode node) =>
        node switch
        {
            UntypedInteger i => i.GetValue().ToString(CultureInfo.InvariantCulture),
            UntypedLong l => l.GetValue().ToString(CultureInfo.InvariantCulture),
            UntypedDecimal m => m.GetValue().ToString(CultureInfo.InvariantCulture),
            UntypedDouble d => d.GetValue().ToString(CultureInfo.InvariantCulture),
            UntypedFloat f => f.GetValue().ToString(CultureInfo.InvariantCulture),
            UntypedBoolean b => b.GetValue() ? "true" : "false",
            _ => null,
        };

    internal static string Describe(UntypedNode? node) =>
        node switch
        {
            UntypedString => "text",
            UntypedBoolean => "a boolean",
            UntypedObject => "an object",
            UntypedArray => "an array",
            UntypedNull or null => "null",
            _ => "a number",
        };

    /// <summary>
    /// Problems end up in emails and tables: a hostile value must not bring its size or its line breaks.
    /// </summary>
    private static string Shorten(string text) => Words.Clean(text, 41);
}
