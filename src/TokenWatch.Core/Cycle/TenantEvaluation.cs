using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Cycle;

/// <summary>What one evaluation did for one tenant.</summary>
/// <param name="Events">The events decided by this evaluation (to be sent; see <see cref="Snoozed"/> for the
/// rest).</param>
/// <param name="Email">The email the provider accepted during this evaluation, if any; it may also carry events of an
/// earlier digest that could not be sent then.</param>
/// <param name="Error">
/// Why the tenant could not be evaluated, or why its digest was not sent this time (on some channel).
/// </param>
public sealed record TenantEvaluation(
    string TenantId,
    IReadOnlyList<AlertEvent> Events,
    OutgoingEmail? Email,
    string? Error
)
{
    /// <summary>Events of snoozed tokens: recorded in the ledger and the outbox, not sent.</summary>
    public IReadOnlyList<AlertEvent> Snoozed { get; init; } = [];

    /// <summary>The channels that accepted a digest during this evaluation, email included.</summary>
    public IReadOnlyList<DeliveryChannel> Delivered { get; init; } = [];

    /// <summary>The tenant is paused (maintenance): it was not evaluated, and nobody was told anything.</summary>
    public bool Paused { get; init; }
}
