using Microsoft.Kiota.Abstractions.Serialization;

namespace TokenWatch.Infrastructure.Graph;

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
