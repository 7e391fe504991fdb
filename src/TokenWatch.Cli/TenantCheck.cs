using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;

namespace TokenWatch.Cli;

/// <summary>One tenant as <c>check</c> read it, with the rules it is judged by.</summary>
internal sealed record TenantCheck(
    string TenantId,
    string DisplayName,
    bool Paused,
    TenantReading Reading,
    HealthRules Rules
);
