using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Cycle;

/// <summary>What one evaluation did, in counts: the same size for ten tenants or ten thousand.</summary>
/// <param name="DigestsSent">Digests at least one channel accepted.</param>
/// <param name="FailedTenants">Tenants that could not be evaluated, or whose digest was not sent this time.</param>
/// <param name="Events">Events decided (to be sent), over all tenants.</param>
public sealed record EvaluationSummary(int Tenants, int DigestsSent, int FailedTenants, int Events, TimeSpan Duration);
