namespace TokenWatch.Core.Incidents;

/// <summary>What the ops recipients are told about an incident, once each.</summary>
public enum IncidentNews
{
    /// <summary>The condition reached the minimum number of tenants within the window.</summary>
    Opened,

    /// <summary>The incident reached twice the tenants of its last summary.</summary>
    Grew,

    /// <summary>No tenant of the incident holds the condition any more.</summary>
    Recovered,
}
