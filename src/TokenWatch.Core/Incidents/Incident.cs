using System.Text.Json.Serialization;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Incidents;

/// <summary>
/// One condition with one cause in several tenants: which tenants, since when, and what the ops recipients were told
/// (stored, so a restart does not tell it again). Open until no tenant holds the condition.
/// </summary>
public sealed record Incident
{
    /// <summary><c>inc-20260504090000-1a2b3c4d</c>: when it opened and a hash of its identity.</summary>
    public required string Id { get; init; }

    public required string IdentityKey { get; init; }

    [JsonConverter(typeof(ConditionJsonConverter))]
    public required Condition Condition { get; init; }

    /// <summary>The token of the first tenant as seen then: the shared cause is worded from it.</summary>
    public required TokenObservation Example { get; init; }

    /// <summary>The earliest opening of the condition among its tenants.</summary>
    public required DateTimeOffset Since { get; init; }

    public IReadOnlyList<IncidentTenant> Tenants { get; init; } = [];

    /// <summary>Tenants (affected or recovered) the last summary named; 0 before the first.</summary>
    public int ToldTenants { get; init; }

    public int Summaries { get; init; }

    /// <summary>A summary decided and not yet accepted by the provider: sent by the next evaluation if this one
    /// fails.</summary>
    public IncidentNews? Owed { get; init; }

    /// <summary>When the last tenant recovered; the incident is closed from then on.</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>"by … on …: reason" once someone acknowledged the incident's tenants from its link.</summary>
    public string? Acknowledged { get; init; }

    /// <summary>Hashes of the links that acknowledged it: each acts once.</summary>
    public IReadOnlyList<string> UsedLinks { get; init; } = [];

    /// <summary>The stored row's version, for a guarded replace; null before it is stored.</summary>
    [JsonIgnore]
    public string? Version { get; init; }

    [JsonIgnore]
    public bool Open => RecoveredAt is null;

    [JsonIgnore]
    public IReadOnlyList<IncidentTenant> Affected => Tenants.Where(t => t.Affected).ToList();

    /// <summary>The id of the summary being sent now: the incident's, then which one it is.</summary>
    [JsonIgnore]
    public string SummaryId => $"{Id}-{Summaries + 1}";

    [JsonIgnore]
    public TokenKind Kind => Example.Kind;
}
