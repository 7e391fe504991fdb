using Microsoft.Extensions.Options;
using TokenWatch.Infrastructure.Notifications;
using TokenWatch.Infrastructure.Notifications.Webhook;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The start-time checks of routing, Teams, webhook and calendar settings. URLs and secrets are named, never shown:
/// a Workflows URL carries its own signature.
/// </summary>
internal sealed class ChannelOptionsValidator : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options)
    {
        var problems = new List<string>();
        Validate(options, problems);
        return ConfigurationValues.Result(problems);
    }

    private static void Validate(TokenWatchOptions options, List<string> problems)
    {
        ValidateRouting("TokenWatch:Routing", options.Routing, problems);
        ValidateTenantRoutes(options, problems);
        ValidateUrl("TokenWatch:Teams:WebhookUrl", options.Teams.WebhookUrl, problems);
        ValidateUrl("TokenWatch:Webhook:Url", options.Webhook.Url, problems);
        ValidateWebhookSecret(options.Webhook, problems);
        foreach (var recipient in options.Calendar.Recipients.Where(r => !ConfigurationValues.IsEmail(r)))
        {
            problems.Add($"TokenWatch:Calendar:Recipients has '{recipient}', which is not an email address.");
        }

        var alerts = options.Alerts;
        ValidateSendLease("TokenWatch:Teams", options.Teams.WebhookUrl, options.Teams.TimeoutSeconds, alerts, problems);
        ValidateSendLease("TokenWatch:Webhook", options.Webhook.Url, options.Webhook.TimeoutSeconds, alerts, problems);
    }

    private static void ValidateTenantRoutes(TokenWatchOptions options, List<string> problems)
    {
        for (var i = 0; i < options.Tenants.Count; i++)
        {
            var tenant = options.Tenants[i];
            ValidateRouting($"TokenWatch:Tenants:{i}:Routing", tenant.Routing, problems);
            var levels = TenantRoutes.Levels(tenant, options.Routing);
            if (levels.All(l => RouteLevels.TryParse(l.Level, out var lowest) && lowest is null))
            {
                problems.Add(
                    $"TokenWatch:Tenants:{i} ({tenant.TenantId}) has every channel off: its alerts would go nowhere."
                );
            }
        }
    }

    private static void ValidateWebhookSecret(WebhookOptions webhook, List<string> problems)
    {
        if (!string.IsNullOrWhiteSpace(webhook.Url) && string.IsNullOrWhiteSpace(webhook.Secret))
        {
            problems.Add(
                "TokenWatch:Webhook:Secret is missing: a webhook URL needs a signing secret (whsec_ followed "
                    + "by base64 of 24 to 64 random bytes)."
            );
        }
        else if (
            !string.IsNullOrWhiteSpace(webhook.Secret)
            && !ChannelSecrets.IsUnresolvedReference(webhook.Secret)
            && !WebhookSignature.TryReadSecret(webhook.Secret, out _)
        )
        {
            problems.Add(
                "TokenWatch:Webhook:Secret is not whsec_ followed by base64 of 24 to 64 bytes (it is not "
                    + "shown here); create one with: echo whsec_$(openssl rand -base64 32)."
            );
        }
    }

    /// <summary>
    /// The send lease must outlast one post, or a second evaluation takes the digest over mid-post and both deliver
    /// it. Each channel's outcome renews the lease for the next, so one post is the bound.
    /// </summary>
    private static void ValidateSendLease(
        string section,
        string? url,
        int timeoutSeconds,
        Core.Alerts.AlertSettings alerts,
        List<string> problems
    )
    {
        if (
            string.IsNullOrWhiteSpace(url)
            || alerts.SendLeaseMinutes < 2
            || alerts.SendLease > TimeSpan.FromSeconds(timeoutSeconds)
        )
        {
            return;
        }

        problems.Add(
            $"TokenWatch:Alerts:SendLeaseMinutes ({alerts.SendLeaseMinutes}) must be longer than "
                + $"{section}:TimeoutSeconds ({timeoutSeconds} s), the longest post of one digest: set it to at least "
                + $"{timeoutSeconds / 60 + 1}."
        );
    }

    private static void ValidateRouting(string section, RoutingOptions routing, List<string> problems)
    {
        var levels = new[] { ("Email", routing.Email), ("Teams", routing.Teams), ("Webhook", routing.Webhook) };
        foreach (var (name, value) in levels)
        {
            if (!string.IsNullOrWhiteSpace(value) && !RouteLevels.TryParse(value, out _))
            {
                problems.Add($"{section}:{name} '{value}' is not a level: use {RouteLevels.Allowed}.");
            }
        }
    }

    private static void ValidateUrl(string name, string? value, List<string> problems)
    {
        // An unresolved Key Vault reference is not a wrong URL but one not there yet: the app starts, and the
        // channel keeps its digests pending and says why (ChannelSecrets).
        if (string.IsNullOrWhiteSpace(value) || ChannelSecrets.IsUnresolvedReference(value))
        {
            return;
        }

        if (
            !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        )
        {
            problems.Add($"{name} is not an absolute https URL (it is not shown here: it is a secret).");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !ConfigurationValues.IsLoopback(uri))
        {
            problems.Add(
                $"{name} uses plain http (it is not shown here: it is a secret); alerts leave only over https."
            );
        }
    }
}
