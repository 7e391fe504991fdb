namespace TokenWatch.Core.Incidents;

/// <summary>The deployment's incidents across tenants, each stored once and replaced only at its loaded
/// version.</summary>
public interface IIncidentStore
{
    /// <summary>The incidents still open.</summary>
    Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>One incident by id; null when there is none.</summary>
    Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="incident"/> in place of the version it was loaded at (added when it has none); the stored
    /// incident, or null when another writer changed it first.
    /// </summary>
    Task<Incident?> TrySaveAsync(Incident incident, CancellationToken cancellationToken);
}
