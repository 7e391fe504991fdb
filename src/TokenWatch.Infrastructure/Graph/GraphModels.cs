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

    /// <summary>A whole number in Int32 range; a numeric string is taken (and noted), anything else is a problem.</summary>
    protected int? ReadInt(IParseNode node, string field)
    {
        var value = Untyped(node, field);
        if (value is UntypedNull or null)
        {
            return null;
        }

        if (value is UntypedString text)
        {
            var raw = text.GetValue() ?? "";
            if (int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                _problems.Add($"{field} is text where a number was expected: '{Shorten(raw)}'");
                return parsed;
            }

            _problems.Add($"{field} is not a number: '{Shorten(raw)}'");
            return null;
        }

        decimal? number = value switch
        {
            UntypedInteger i => i.GetValue(),
            UntypedLong l => l.GetValue(),
            UntypedDecimal m => m.GetValue(),
            UntypedDouble d when double.IsFinite(d.GetValue()) => (decimal)d.GetValue(),
            UntypedFloat f when float.IsFinite(f.GetValue()) => (decimal)f.GetValue(),
            _ => null,
        };
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

    /// <summary>
    /// An ISO 8601 date and time; anything else is a problem. Intune reports "never" as <c>0001-01-01T00:00:00Z</c>, which
    /// is read as no date at all: a token that never synced is not one that last synced 2,000 years ago.
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

        // Exact ISO 8601 only: a lenient parse reads "01/02/2027" as 2 January and "May 2027" as 1 May, a guess
        // that could report a token as healthy on a date Graph never sent.
        if (
            !DateTimeOffset.TryParseExact(
                raw.Trim(),
                IsoFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var date
            )
        )
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

    private static readonly DateTimeOffset EarliestDate = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The shapes Graph gives an <c>Edm.DateTimeOffset</c>: seconds, up to 7 decimals, <c>Z</c>, an offset or none.</summary>
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

    /// <summary>Problems end up in emails and tables: a hostile value must not bring its size or its line breaks.</summary>
    private static string Shorten(string text) => Words.Clean(text, 41);
}

/// <summary>
/// VPP location token (<c>vppToken</c>), read from Graph beta: v1.0 has no <c>displayName</c>, <c>locationName</c>
/// or <c>tokenActionResults</c>, and no <c>duplicateLocationId</c> state. Every beta field may be missing (an answer
/// shaped like v1.0 still reads); <c>token</c> itself is deliberately not read.
/// </summary>
public sealed class VppTokenItem : GraphItem
{
    private readonly List<VppActionResult> _actions = [];

    public string? OrganizationName { get; private set; }
    public string? DisplayName { get; private set; }
    public string? LocationName { get; private set; }
    public string? AppleId { get; private set; }
    public string? AccountType { get; private set; }
    public DateTimeOffset? ExpirationDateTime { get; private set; }
    public DateTimeOffset? LastSyncDateTime { get; private set; }
    public string? State { get; private set; }
    public string? LastSyncStatus { get; private set; }

    /// <summary>
    /// The name admins know the token by. The location comes first: Apple issues one token per location, lists them
    /// by location (Apple Business Manager → Apps and Books → Content Tokens) and lets that location's Content
    /// Managers renew it, so "Berlin (Contoso Ltd)" tells apart the tokens that <c>organizationName</c> alone names
    /// alike. The admin-typed <c>displayName</c> only stands in when Graph sends no location.
    /// </summary>
    public string? Name
    {
        get
        {
            var location = Present(LocationName);
            var organization = Present(OrganizationName);
            var same = string.Equals(location?.Trim(), organization?.Trim(), StringComparison.OrdinalIgnoreCase);
            return location is null ? Present(DisplayName) ?? organization
                : organization is null || same ? location
                : $"{location} ({organization})";
        }
    }

    /// <summary>
    /// The latest failed action, unless a later run of the same action completed (then the failure is over), as
    /// "action: failed at 2026-03-01T04:00:00Z"; null when no action failed.
    /// </summary>
    public string? LastFailedAction
    {
        get
        {
            var failed = _actions.Where(a => Is(a.State, "failed")).MaxBy(a => a.At ?? DateTimeOffset.MinValue);
            if (failed is null || _actions.Any(a => Is(a.State, "done") && SameAction(a, failed) && a.At > failed.At))
            {
                return null;
            }

            var at = failed.At is { } time ? $" at {time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "";
            return $"{Present(failed.Name) ?? "an action"}: {failed.State!.Trim()}{at}";
        }
    }

    public static VppTokenItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["organizationName"] = n => OrganizationName = ReadString(n, "organizationName");
        fields["displayName"] = n => DisplayName = ReadString(n, "displayName");
        fields["locationName"] = n => LocationName = ReadString(n, "locationName");
        fields["appleId"] = n => AppleId = ReadString(n, "appleId");
        fields["vppTokenAccountType"] = n => AccountType = ReadString(n, "vppTokenAccountType");
        fields["expirationDateTime"] = n => ExpirationDateTime = ReadDate(n, "expirationDateTime");
        fields["lastSyncDateTime"] = n => LastSyncDateTime = ReadDate(n, "lastSyncDateTime");
        fields["state"] = n => State = ReadString(n, "state");
        fields["lastSyncStatus"] = n => LastSyncStatus = ReadString(n, "lastSyncStatus");
        fields["tokenActionResults"] = ReadActions;
    }

    /// <summary>An array of <c>vppTokenActionResult</c>; anything else in it is a problem, as in any field.</summary>
    private void ReadActions(IParseNode node)
    {
        const string field = "tokenActionResults";
        switch (ReadNode(node, field))
        {
            case UntypedNull or null:
                return;
            case UntypedArray array:
                var index = 0;
                foreach (var item in array.GetValue())
                {
                    ReadAction(item, $"{field}[{index++}]");
                }

                return;
            case var other:
                AddProblem($"{field} is {Describe(other)} where a list was expected");
                return;
        }
    }

    private void ReadAction(UntypedNode item, string field)
    {
        if (item is not UntypedObject action)
        {
            AddProblem($"{field} is {Describe(item)}, not an object");
            return;
        }

        // By hand, not the copy constructor: a property sent twice (in another case) must not throw; the last wins,
        // as it does for the token's own fields.
        var properties = new Dictionary<string, UntypedNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in action.GetValue())
        {
            properties[name] = value;
        }

        UntypedNode? Property(string name) => properties.GetValueOrDefault(name);
        var updated = DateOf(Property("lastUpdatedDateTime"), $"{field}.lastUpdatedDateTime");
        var started = DateOf(Property("startDateTime"), $"{field}.startDateTime");
        _actions.Add(
            new VppActionResult(
                TextOf(Property("actionName"), $"{field}.actionName"),
                TextOf(Property("actionState"), $"{field}.actionState"),
                updated ?? started
            )
        );
    }

    private static bool SameAction(VppActionResult a, VppActionResult b) =>
        string.Equals(a.Name?.Trim(), b.Name?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool Is(string? value, string expected) =>
        string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value verbatim (names come through as Graph sent them), or null when it says nothing.</summary>
    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>One <c>vppTokenActionResult</c>: name, state verbatim, when last updated (else started).</summary>
    private sealed record VppActionResult(string? Name, string? State, DateTimeOffset? At);
}

/// <summary>
/// One page of a Graph collection: <c>value</c> and <c>@odata.nextLink</c>. The adapter's collection call wants a
/// top-level array, so collections are read through this wrapper. A page whose <c>value</c> is missing or not an
/// array, or whose nextLink is not text, is malformed: read as "no tokens", it would report a broken answer as a
/// tenant without tokens.
/// </summary>
public sealed class GraphPage<T> : IParsable
    where T : GraphItem
{
    private readonly ParsableFactory<T> _itemFactory;

    public GraphPage(ParsableFactory<T> itemFactory) => _itemFactory = itemFactory;

    public List<T> Value { get; private set; } = [];

    public string? NextLink { get; private set; }

    private string? _valueProblem = "the page has no 'value' array";
    private string? _nextLinkProblem;

    /// <summary>Null when the page has the shape of a Graph collection page; else what is wrong with it.</summary>
    public string? ShapeProblem => _repeatedProblem ?? _valueProblem ?? _nextLinkProblem;

    private string? _repeatedProblem;

    public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() =>
        GraphItem.OncePerObject(
            new Dictionary<string, Action<IParseNode>>(StringComparer.OrdinalIgnoreCase)
            {
                ["value"] = ReadValue,
                ["@odata.nextLink"] = n =>
                {
                    switch (n.GetObjectValue(UntypedNode.CreateFromDiscriminatorValue))
                    {
                        case UntypedString link:
                            NextLink = link.GetValue();
                            break;
                        case UntypedNull or null:
                            NextLink = null;
                            break;
                        case var other:
                            _nextLinkProblem = $"'@odata.nextLink' is {GraphItem.Describe(other)}, not a URL";
                            break;
                    }
                },
            },
            field => _repeatedProblem ??= $"'{field}' appears more than once in the page"
        );

    public void Serialize(ISerializationWriter writer) =>
        throw new NotSupportedException("TokenWatch only reads from Graph.");

    private void ReadValue(IParseNode node)
    {
        if (node.GetObjectValue(UntypedNode.CreateFromDiscriminatorValue) is not UntypedArray array)
        {
            _valueProblem = "'value' is not an array";
            return;
        }

        _valueProblem = null;

        var shapes = array.GetValue().ToList();
        Value = node.GetCollectionOfObjectValues(_itemFactory)?.ToList() ?? [];
        for (var i = 0; i < Value.Count && i < shapes.Count; i++)
        {
            if (shapes[i] is not UntypedObject)
            {
                Value[i].AddProblem($"value[{i}] is {GraphItem.Describe(shapes[i])}, not an object");
            }
        }
    }
}
