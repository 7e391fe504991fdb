using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Actions;
using TokenWatch.Infrastructure.Notifications;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The rules across the fields of <c>TokenWatch:Actions</c>: with a page address, a signing key of at least 32 bytes
/// and a key id must be set, since a link nobody can check, or one signed with a guessable key, must never be sent.
/// </summary>
public sealed partial class ActionSettingsValidator : IValidateOptions<TokenWatchOptions>
{
    private const string Section = "TokenWatch:Actions";

    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result([.. Problems(options.Actions)]);

    private static IEnumerable<string> Problems(ActionSettings actions)
    {
        foreach (var range in SectionRanges.Of(new ActionSettingsRanges(), Section, actions))
        {
            yield return range;
        }

        if (!actions.Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(actions.PageUrl, UriKind.Absolute, out var page) || !IsAllowed(page))
        {
            yield return $"{Section}:PageUrl must be an absolute https address (http only on a loopback address), "
                + "without a fragment: the address of the ActOnAlert function, e.g. "
                + "https://func-tokenwatch.azurewebsites.net/api/act.";
        }

        // An unresolved Key Vault reference starts the app without links, as an unresolved channel secret does.
        if (ActionKeys.Decode(actions.SigningKey) is null && !ChannelSecrets.IsUnresolvedReference(actions.SigningKey))
        {
            yield return $"{Section}:SigningKey must be a base64 key of at least {ActionKeys.MinimumBytes} bytes "
                + "(a Key Vault reference in Azure; 'openssl rand -base64 32' makes one) when PageUrl is set.";
        }

        if (!KeyId().IsMatch(actions.SigningKeyId ?? ""))
        {
            yield return $"{Section}:SigningKeyId must be 1 to 16 letters, digits, '-' or '_' (e.g. k1).";
        }

        if (!string.IsNullOrWhiteSpace(actions.PreviousSigningKey) && !PreviousUsable(actions))
        {
            yield return $"{Section}:PreviousSigningKey needs a PreviousSigningKeyId other than SigningKeyId and "
                + $"must be a base64 key of at least {ActionKeys.MinimumBytes} bytes.";
        }
    }

    private static bool IsAllowed(Uri page) =>
        string.IsNullOrEmpty(page.Fragment)
        && (
            page.Scheme == Uri.UriSchemeHttps
            || (page.Scheme == Uri.UriSchemeHttp && ConfigurationValues.IsLoopback(page))
        );

    private static bool PreviousUsable(ActionSettings actions) =>
        ActionKeys.Decode(actions.PreviousSigningKey) is not null
        && KeyId().IsMatch(actions.PreviousSigningKeyId ?? "")
        && actions.PreviousSigningKeyId != actions.SigningKeyId;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,16}$")]
    private static partial Regex KeyId();
}
