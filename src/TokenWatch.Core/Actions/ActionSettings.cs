using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Core.Actions;

/// <summary>
/// Signed action links in digests (<c>TokenWatch:Actions:*</c>). Off until <see cref="PageUrl"/> is set: without an
/// action page to open, a digest shows no snooze or acknowledge links.
/// </summary>
public sealed class ActionSettings
{
    /// <summary>The action page's address (the <c>ActOnAlert</c> function), e.g.
    /// <c>https://func-tokenwatch.azurewebsites.net/api/act</c>; empty: no action links.</summary>
    public string? PageUrl { get; set; }

    /// <summary>
    /// The id of <see cref="SigningKey"/>, carried in every link so a rotated key can still be told apart.
    /// </summary>
    public string SigningKeyId { get; set; } = "k1";

    /// <summary>
    /// The HMAC-SHA256 key, base64, at least 32 bytes (a Key Vault reference in Azure; never in a file).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The key used before the last rotation: links it signed still open until they expire.</summary>
    public string? PreviousSigningKeyId { get; set; }

    public string? PreviousSigningKey { get; set; }

    /// <summary>The longest <see cref="LinkLifetimeDays"/> allowed: a used link's record is kept at most this
    /// long.</summary>
    public const int MaxLinkLifetimeDays = 90;

    /// <summary>How long a link stays valid after its digest was composed.</summary>
    [Range(1, MaxLinkLifetimeDays)]
    public int LinkLifetimeDays { get; set; } = 14;

    /// <summary>Requests one client address may make to the action page in a minute; more are refused.</summary>
    [Range(1, 10_000)]
    public int RequestsPerMinute { get; set; } = 30;

    /// <summary>
    /// Whether App Service Authentication guards the action page: only then is the platform's principal header
    /// trusted as the person who acted (the Bicep sets it with the sign-in it configures).
    /// </summary>
    public bool PlatformSignIn { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(PageUrl);
}
