using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Incidents;

/// <summary>One open condition of one token of one tenant that could take part in an incident.</summary>
public sealed record IncidentSighting(
    string TenantId,
    string TenantName,
    IncidentIdentity Identity,
    TokenObservation Token,
    DateTimeOffset OpenedAt
);
