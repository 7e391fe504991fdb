using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The email settings a process that sends needs: a sender, addresses that are addresses, a SendGrid endpoint and
/// key that can work, somewhere for emails to go, and a send lease that outlasts one send.
/// </summary>
public sealed class EmailSettingsValidator : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result([.. Addresses(options.Email), .. SendGrid(options.Email), .. SendLease(options)]);

    private static IEnumerable<string> Addresses(EmailOptions email)
    {
        if (string.IsNullOrWhiteSpace(email.From))
        {
            yield return "TokenWatch:Email:From is missing: set the sender address.";
        }
        else if (!ConfigurationValues.IsEmail(email.From))
        {
            yield return $"TokenWatch:Email:From '{email.From}' is not an email address.";
        }

        foreach (var recipient in email.Recipients.Where(r => !ConfigurationValues.IsEmail(r)))
        {
            yield return $"TokenWatch:Email:Recipients has '{recipient}', which is not an email address.";
        }

        foreach (var recipient in email.CriticalRecipients.Where(r => !ConfigurationValues.IsEmail(r)))
        {
            yield return $"TokenWatch:Email:CriticalRecipients has '{recipient}', which is not an email address.";
        }
    }

    private static IEnumerable<string> SendGrid(EmailOptions email)
    {
        if (email.SendGridHost is { Length: > 0 } host && SendGridHostProblem(host) is { } hostProblem)
        {
            yield return $"TokenWatch:Email:SendGridHost '{host}' {hostProblem}";
        }

        if (!string.IsNullOrEmpty(email.SendGridApiKey) && email.SendGridApiKey.Any(c => c <= ' ' || c > '~'))
        {
            // Such a key fails every send, in an HTTP header whose error would quote it: refused here, and not shown.
            yield return "TokenWatch:Email:SendGridApiKey holds spaces, line breaks or other characters an API key "
                + "never has; copy the key again (it is not shown here).";
        }

        if (string.IsNullOrWhiteSpace(email.SendGridApiKey) && string.IsNullOrWhiteSpace(email.OutboxPath))
        {
            yield return "Neither TokenWatch:Email:SendGridApiKey nor TokenWatch:Email:OutboxPath is set: "
                + "emails would go nowhere.";
        }
    }

    /// <summary>https anywhere, plain http only on loopback (a test endpoint): the key is in every request.</summary>
    private static string? SendGridHostProblem(string host)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
        {
            return "is not an absolute URL.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !ConfigurationValues.IsLoopback(uri))
        {
            return "uses plain http on a non-loopback host: the API key would travel in clear text. Use https.";
        }

        return uri.Scheme is "https" or "http" ? null : $"uses '{uri.Scheme}:'; SendGrid is reached over https only.";
    }

    /// <summary>
    /// The send lease must outlast one send, or a second evaluator takes the digest over mid-send and both deliver
    /// it. A digest sent in parts renews the lease before each part, so one email's send is the bound.
    /// </summary>
    private static IEnumerable<string> SendLease(TokenWatchOptions options)
    {
        var longest = options.Email.LongestSend;
        if (
            string.IsNullOrWhiteSpace(options.Email.SendGridApiKey)
            || options.Alerts.SendLeaseMinutes < 2
            || options.Alerts.SendLease > longest
        )
        {
            yield break;
        }

        yield return $"TokenWatch:Alerts:SendLeaseMinutes ({options.Alerts.SendLeaseMinutes}) must be longer than "
            + $"the longest send of one email, {longest.TotalSeconds:0} s (two SendGrid attempts of "
            + "TokenWatch:Email:SendTimeoutSeconds and a Retry-After wait of up to "
            + "TokenWatch:Email:MaxRetryAfterSeconds): set it to at least "
            + $"{(int)Math.Floor(longest.TotalMinutes) + 1}.";
    }
}
