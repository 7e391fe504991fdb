using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The Microsoft Teams channel (<c>TokenWatch:Teams</c>).</summary>
public sealed class TeamsOptions
{
    /// <summary>
    /// The URL of a Workflows flow "When a Teams webhook request is received" that posts the card to a channel. A
    /// secret (it carries its own signature): a Key Vault reference in Azure, never logged. Empty: cards are written
    /// to the email outbox folder.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>How long one post may take, its answer included.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}
