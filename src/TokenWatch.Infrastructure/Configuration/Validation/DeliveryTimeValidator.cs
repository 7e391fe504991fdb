using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// One post of each channel in use must fit inside the time an evaluation has for a tenant
/// (<c>TokenWatch:Cycle:TenantTimeoutSeconds</c>), with as much again left for reading and claiming the digest:
/// delivery starts no post its time left cannot cover, so a channel whose one post cannot fit would never send, and
/// a digest in parts would never finish.
/// </summary>
internal sealed class DeliveryTimeValidator : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options)
    {
        var tenantSeconds = options.Cycle.TenantTimeoutSeconds;
        var posts = new List<(string Setting, int Seconds)>();
        if (options.Email.UsesSendGrid())
        {
            posts.Add(("TokenWatch:Email:SendTimeoutSeconds", options.Email.SendTimeoutSeconds));
        }

        if (!string.IsNullOrWhiteSpace(options.Teams.WebhookUrl))
        {
            posts.Add(("TokenWatch:Teams:TimeoutSeconds", options.Teams.TimeoutSeconds));
        }

        if (!string.IsNullOrWhiteSpace(options.Webhook.Url))
        {
            posts.Add(("TokenWatch:Webhook:TimeoutSeconds", options.Webhook.TimeoutSeconds));
        }

        // Out-of-range values have their own message; this rule is only about values that are each fine alone.
        var problems = posts
            .Where(p => p.Seconds >= 1 && tenantSeconds >= 1 && 2 * p.Seconds > tenantSeconds)
            .Select(p =>
                $"{p.Setting} ({p.Seconds} s) does not fit inside TokenWatch:Cycle:TenantTimeoutSeconds "
                + $"({tenantSeconds} s), the time one evaluation has for a tenant: one post may take at most half of "
                + $"it (the rest reads and claims the digest). Set it to at most {tenantSeconds / 2}, or "
                + $"TenantTimeoutSeconds to at least {2 * p.Seconds}."
            )
            .ToList();
        return ConfigurationValues.Result(problems);
    }
}
