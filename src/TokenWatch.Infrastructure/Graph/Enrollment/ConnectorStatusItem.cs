using Microsoft.Kiota.Abstractions.Serialization;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Infrastructure.Graph.Enrollment;

/// <summary>
/// The beta <c>deviceManagement</c> singleton read with <c>$select=connectorStatus</c>: Intune's own verdict per
/// connector instance (<c>connectorStatusDetails</c>: <c>connectorName</c>, <c>connectorInstanceId</c>,
/// <c>status</c>, <c>eventDateTime</c>; Graph beta reference, "connectorStatusDetails resource type"). An answer
/// without the array says nothing of the connectors: it is a read failure, not "no connectors".
/// </summary>
public sealed class ConnectorStatusItem : GraphItem
{
    private readonly List<ConnectorVerdict> _verdicts = [];

    public bool HasConnectorStatus { get; private set; }

    public IReadOnlyList<ConnectorVerdict> Verdicts => _verdicts;

    public static ConnectorStatusItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields) =>
        fields["connectorStatus"] = n =>
        {
            if (ReadNode(n, "connectorStatus") is not UntypedArray array)
            {
                return;
            }

            HasConnectorStatus = true;
            var index = 0;
            foreach (var element in array.GetValue())
            {
                Add(element, $"connectorStatus[{index++}]");
            }
        };

    private void Add(UntypedNode element, string where)
    {
        if (element is not UntypedObject item)
        {
            AddProblem($"{where} is {Describe(element)}, not an object");
            return;
        }

        var fields = new Dictionary<string, UntypedNode>(item.GetValue(), StringComparer.OrdinalIgnoreCase);
        var name = TextOf(fields.GetValueOrDefault("connectorName"), $"{where}.connectorName");
        if (string.IsNullOrWhiteSpace(name))
        {
            AddProblem($"{where} has no connectorName");
            return;
        }

        _verdicts.Add(
            new ConnectorVerdict(
                name,
                TextOf(fields.GetValueOrDefault("connectorInstanceId"), $"{where}.connectorInstanceId"),
                TextOf(fields.GetValueOrDefault("status"), $"{where}.status") ?? "unknown",
                DateOf(fields.GetValueOrDefault("eventDateTime"), $"{where}.eventDateTime")
            )
        );
    }
}
