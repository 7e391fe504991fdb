namespace TokenWatch.Simulator;

/// <summary>
/// One of Intune's connector verdicts (<c>connectorStatusDetails</c>) on the beta deviceManagement singleton.
/// </summary>
public sealed record SimulatedConnector(
    string ConnectorName,
    string ConnectorInstanceId,
    string Status,
    DateTimeOffset? EventDateTime
);
