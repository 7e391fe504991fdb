using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// Evaluates the ARM template expressions `bicep snapshot` leaves standing (an object built from a secure parameter,
/// values known only at deployment): parameters(), createObject(), union(), format(), concat(), string literals and
/// property access. reference() is answered by <see cref="References"/>, or, when that knows nothing, kept as the
/// expression text it came from (so a test can say which runtime value a setting holds).
/// </summary>
internal sealed class ArmExpression
{
    private readonly string _text;
    private int _position;

    private ArmExpression(
        string text,
        IReadOnlyDictionary<string, JsonNode?> parameters,
        Func<string, JsonObject?> references
    )
    {
        _text = text;
        Parameters = parameters;
        References = references;
    }

    private IReadOnlyDictionary<string, JsonNode?> Parameters { get; }

    /// <summary>
    /// The runtime state of a resource by id, as reference() returns it; null: unknown before deployment.
    /// </summary>
    private Func<string, JsonObject?> References { get; }

    /// <summary>
    /// A template value: a string "[...]" is evaluated, "[[..." is the escaped literal, an object or array is
    /// evaluated member by member, anything else is itself.
    /// </summary>
    public static JsonNode? Evaluate(
        JsonNode? value,
        IReadOnlyDictionary<string, JsonNode?> parameters,
        Func<string, JsonObject?> references
    )
    {
        switch (value)
        {
            case JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith('[') && text.EndsWith(']'):
                if (text.StartsWith("[[", StringComparison.Ordinal))
                {
                    return JsonValue.Create(text[1..]);
                }

                var parser = new ArmExpression(text[1..^1], parameters, references);
                var result = parser.ParseExpression();
                parser.SkipSpaces();
                if (parser._position != parser._text.Length)
                {
                    throw new FormatException($"Unexpected text at {parser._position} in {text}");
                }

                return result is Runtime runtime ? JsonValue.Create($"[{runtime.Source}]") : Unwrap(result);
            case JsonObject o:
                return new JsonObject(
                    o.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value, parameters, references)))
                );
            case JsonArray a:
                return new JsonArray(a.Select(i => Evaluate(i, parameters, references)).ToArray());
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>A value known only once deployed: the expression text that yields it.</summary>
    private sealed record Runtime(string Source);

    private static JsonNode? Unwrap(object? value) =>
        value switch
        {
            Runtime r => JsonValue.Create($"[{r.Source}]"),
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
            JsonNode n => n.DeepClone(),
            null => null,
            _ => throw new InvalidOperationException($"Unexpected value {value}"),
        };

    private object? ParseExpression()
    {
        SkipSpaces();
        var start = _position;
        object? value;
        if (Peek() == '\'')
        {
            value = JsonValue.Create(ParseString());
        }
        else if (char.IsDigit(Peek()) || Peek() == '-')
        {
            var begin = _position++;
            while (_position < _text.Length && char.IsDigit(_text[_position]))
            {
                _position++;
            }

            value = JsonValue.Create(long.Parse(_text[begin.._position], CultureInfo.InvariantCulture));
        }
        else
        {
            var name = ParseIdentifier();
            Expect('(');
            var arguments = new List<object?>();
            SkipSpaces();
            while (Peek() != ')')
            {
                arguments.Add(ParseExpression());
                SkipSpaces();
                if (Peek() == ',')
                {
                    _position++;
                }
            }

            Expect(')');
            value = Call(name, arguments, _text[start.._position]);
        }

        return ParseAccessors(value, start);
    }

    private object? ParseAccessors(object? value, int start)
    {
        while (_position < _text.Length && (Peek() == '.' || Peek() == '['))
        {
            string member;
            if (Peek() == '.')
            {
                _position++;
                member = ParseIdentifier();
            }
            else
            {
                _position++;
                member = ((JsonNode)ParseExpression()!).ToString();
                Expect(']');
            }

            value = value switch
            {
                Runtime => new Runtime(_text[start.._position]),
                JsonObject o => o.TryGetPropertyValue(member, out var found)
                    ? found
                    : throw new KeyNotFoundException($"No property {member} in {_text[start.._position]}"),
                _ => throw new InvalidOperationException($"Cannot read {member} of {value}"),
            };
        }

        return value;
    }

    private object? Call(string name, List<object?> arguments, string source)
    {
        if (arguments.Any(a => a is Runtime) && name is not ("createObject" or "union"))
        {
            return new Runtime(source);
        }

        switch (name)
        {
            case "parameters":
                var parameter = Text(arguments[0]);
                return Parameters.TryGetValue(parameter, out var value)
                    ? value?.DeepClone()
                    : throw new KeyNotFoundException($"No value for parameters('{parameter}')");
            case "reference":
                var reference = References(Text(arguments[0]));
                return reference is null ? new Runtime(source) : reference.DeepClone();
            case "createObject":
                var created = new JsonObject();
                for (var i = 0; i + 1 < arguments.Count; i += 2)
                {
                    created[Text(arguments[i])] = Unwrap(arguments[i + 1]);
                }

                return created;
            case "union":
                var union = new JsonObject();
                foreach (var part in arguments.Cast<JsonObject>())
                {
                    foreach (var (key, member) in part)
                    {
                        union[key] = member?.DeepClone();
                    }
                }

                return union;
            case "format":
                var values = arguments.Skip(1).Select(a => (object)Text(a)).ToArray();
                return JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(arguments[0]), values));
            case "concat":
                return JsonValue.Create(string.Concat(arguments.Select(Text)));
            case "environment":
                // The public cloud, as a deployment to it sees environment().
                return new JsonObject
                {
                    ["name"] = "AzureCloud",
                    ["suffixes"] = new JsonObject
                    {
                        ["keyvaultDns"] = ".vault.azure.net",
                        ["storage"] = "core.windows.net",
                    },
                    ["authentication"] = new JsonObject { ["loginEndpoint"] = "https://login.microsoftonline.com/" },
                };
            default:
                throw new NotSupportedException($"ARM function {name}() is not evaluated here: {source}");
        }
    }

    private static string Text(object? value) =>
        value switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonNode n => n.ToJsonString(),
            _ => throw new InvalidOperationException($"Expected a value, got {value}"),
        };

    private string ParseString()
    {
        Expect('\'');
        var text = new StringBuilder();
        while (true)
        {
            var c = _text[_position++];
            if (c == '\'')
            {
                if (_position < _text.Length && _text[_position] == '\'')
                {
                    text.Append('\'');
                    _position++;
                    continue;
                }

                return text.ToString();
            }

            text.Append(c);
        }
    }

    private string ParseIdentifier()
    {
        var begin = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        return begin == _position
            ? throw new FormatException($"Expected a name at {begin} in {_text}")
            : _text[begin.._position];
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (Peek() != c)
        {
            throw new FormatException($"Expected '{c}' at {_position} in {_text}");
        }

        _position++;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipSpaces()
    {
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }
    }
}
