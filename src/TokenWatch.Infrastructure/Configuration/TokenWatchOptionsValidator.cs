using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>What a process will do with TokenWatch, and so which settings it needs.</summary>
public enum TokenWatchScope
{
    /// <summary>Poll, store, evaluate and email: the Functions app and <c>tokenwatch run</c>.</summary>
    Full,

    /// <summary>Only read Graph and judge (<c>tokenwatch check</c>): no storage or email settings needed.</summary>
    ReadOnly,
}

/// <summary>
/// Checks the whole configuration at start and names every problem, one message each, so a bad setting stops
/// the app when it is deployed, not at 3 a.m. in the middle of a cycle.
/// </summary>
public sealed class TokenWatchOptionsValidator(TokenWatchScope scope = TokenWatchScope.Full)
    : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options)
    {
        var problems = new List<string>();
        var full = scope == TokenWatchScope.Full;
        ValidateGraph(options, problems);
        ValidateTenants(options, full, problems);
        if (full)
        {
            ValidateEmail(options.Email, problems);
            ValidateStorage(options.Storage, problems);
            ValidateRanges("TokenWatch:Storage", options.Storage, problems);
            ValidateSendLease(options, problems);
            ChannelOptionsValidator.Validate(options, problems);
        }

        ValidateDiscovery(options, problems);
        ValidateRanges("TokenWatch:Graph", options.Graph, problems);
        ValidateRanges("TokenWatch:Health", options.Health, problems);
        problems.AddRange(options.Health.Problems().Select(p => $"TokenWatch:Health: {p}"));
        var beforeCycle = problems.Count;
        ValidateRanges("TokenWatch:Cycle", options.Cycle, problems);
        var cycleInRange = problems.Count == beforeCycle;
        ValidateRanges("TokenWatch:Alerts", options.Alerts, problems);
        ValidateRanges("TokenWatch:Retention", options.Retention, problems);
        // Only checked when both timeouts are in range: an out-of-range one already has its message.
        if (cycleInRange && options.Cycle.PollBudget < CycleSettings.WriteReserve)
        {
            problems.Add(
                $"TokenWatch:Cycle:FunctionTimeoutSeconds {options.Cycle.FunctionTimeoutSeconds} leaves a poll too little time: it must be at least "
                    + $"TenantTimeoutSeconds ({options.Cycle.TenantTimeoutSeconds}) + {2 * CycleSettings.WriteReserve.TotalSeconds:0}, so tenants can be started and their writes finished before the host stops the function."
            );
        }

        if (!AlertSettings.TryParseMilestones(options.Alerts.Milestones, out _, out var milestoneProblem))
        {
            problems.Add(
                $"TokenWatch:Alerts:Milestones '{options.Alerts.Milestones}': {milestoneProblem} Give days before expiry, comma-separated, e.g. '{AlertSettings.DefaultMilestones}'."
            );
        }
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(OneLine));
    }

    /// <summary>
    /// A message quotes the value it refuses, and a value can hold a line break (a pasted recipient, an id): shown as
    /// <c>\n</c>, it cannot split the message or forge a second line in the startup log.
    /// </summary>
    private static string OneLine(string problem) =>
        string.Concat(
            problem.Select(c =>
                c switch
                {
                    '\r' => "\\r",
                    '\n' => "\\n",
                    _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                    _ => c.ToString(),
                }
            )
        );

    /// <summary>True for 127.0.0.0/8, ::1 and <c>localhost</c>: the only hosts a credential-free Graph may live on.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    private static void ValidateGraph(TokenWatchOptions options, List<string> problems)
    {
        var url = options.Graph.BaseUrl.Replace("{tenantId}", "tenant", StringComparison.Ordinal);
        if (
            !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        )
        {
            problems.Add($"TokenWatch:Graph:BaseUrl '{options.Graph.BaseUrl}' is not an absolute http(s) URL.");
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            problems.Add(
                $"TokenWatch:Graph:BaseUrl '{options.Graph.BaseUrl}' uses plain http on a non-loopback host; Graph must be reached over https."
            );
        }

        var usesNone =
            options.Graph.Auth == GraphAuth.None
            || options.Tenants.Any(t => t.Auth == GraphAuth.None)
            || (options.Discovery.PartnerTenantId is not null && options.Discovery.Auth == GraphAuth.None);
        if (usesNone && !IsLoopback(uri))
        {
            problems.Add(
                $"Auth 'None' is only allowed for a loopback Graph URL (a simulator), not '{options.Graph.BaseUrl}'."
            );
        }
    }

    private static void ValidateTenants(TokenWatchOptions options, bool full, List<string> problems)
    {
        if (options.Tenants.Count == 0 && !full && !Catalog.TenantCatalog.HasStorage(options))
        {
            // A full app may start with no configured tenant: its tenants may all come from the catalog table. So may
            // check, but only when storage is configured: without it there is no catalog to read.
            problems.Add(
                "TokenWatch:Tenants is empty and no tenant catalog is configured: configure at least one "
                    + "tenant (TokenWatch__Tenants__0__TenantId), or the catalog's storage "
                    + "(TokenWatch__Storage__ConnectionString or __TableServiceUri)."
            );
            return;
        }

        for (var i = 0; i < options.Tenants.Count; i++)
        {
            var tenant = options.Tenants[i];
            var at = $"TokenWatch:Tenants:{i}";
            if (string.IsNullOrWhiteSpace(tenant.TenantId))
            {
                problems.Add($"{at}:TenantId is missing.");
            }
            else if (
                tenant.TenantId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or '#' or '?')
                || tenant.TenantId.Trim('.').Length == 0
            )
            {
                // Dots alone are path steps, not names: in a Graph URL '..' would climb out of the tenant's path.
                problems.Add($"{at}:TenantId '{tenant.TenantId}' is not a tenant id or domain.");
            }

            foreach (var recipient in tenant.Recipients.Where(r => !IsEmail(r)))
            {
                problems.Add($"{at}:Recipients has '{recipient}', which is not an email address.");
            }

            foreach (var recipient in tenant.CriticalRecipients.Where(r => !IsEmail(r)))
            {
                problems.Add($"{at}:CriticalRecipients has '{recipient}', which is not an email address.");
            }

            if (
                full
                && tenant.Recipients.Count == 0
                && options.Email.Recipients.Count == 0
                && UsesEmail(tenant, options.Routing)
            )
            {
                problems.Add(
                    $"{at} ({tenant.TenantId}) has no recipients, and TokenWatch:Email:Recipients names no default."
                );
            }

            var auth = tenant.Auth ?? options.Graph.Auth;
            if (
                auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate or GraphAuth.FederatedManagedIdentity
                && string.IsNullOrWhiteSpace(tenant.ClientId)
            )
            {
                problems.Add($"{at}:ClientId is required for auth '{auth}'.");
            }

            if (auth == GraphAuth.ClientSecret && string.IsNullOrWhiteSpace(tenant.ClientSecret))
            {
                problems.Add($"{at}:ClientSecret is required for auth 'ClientSecret'.");
            }

            if (auth == GraphAuth.ClientCertificate && string.IsNullOrWhiteSpace(tenant.CertificatePath))
            {
                problems.Add($"{at}:CertificatePath is required for auth 'ClientCertificate'.");
            }
            else if (auth == GraphAuth.ClientCertificate && !File.Exists(tenant.CertificatePath))
            {
                // Found out at start, not at the first poll as an auth failure of every endpoint.
                problems.Add($"{at}:CertificatePath '{tenant.CertificatePath}' is not a file this app can read.");
            }
        }

        foreach (
            var duplicate in options
                .Tenants.Where(t => !string.IsNullOrWhiteSpace(t.TenantId))
                .GroupBy(t => t.TenantId.Trim(), StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1)
        )
        {
            problems.Add($"TokenWatch:Tenants lists tenant '{duplicate.Key}' {duplicate.Count()} times.");
        }
    }

    private static void ValidateDiscovery(TokenWatchOptions options, List<string> problems)
    {
        if (
            options.Graph.KeyVaultUri is { Length: > 0 } vault
            && (!Uri.TryCreate(vault, UriKind.Absolute, out var vaultUri) || vaultUri.Scheme != Uri.UriSchemeHttps)
        )
        {
            problems.Add($"TokenWatch:Graph:KeyVaultUri '{vault}' is not an https URL.");
        }

        var discovery = options.Discovery;
        if (string.IsNullOrWhiteSpace(discovery.PartnerTenantId))
        {
            return;
        }

        if (discovery.Auth != GraphAuth.None && !Guid.TryParse(discovery.ClientId, out _))
        {
            problems.Add(
                "TokenWatch:Discovery:ClientId must be the multi-tenant app's client id (a GUID): customers consent to it."
            );
        }

        if (discovery.Auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate or GraphAuth.AzureCli)
        {
            problems.Add(
                $"TokenWatch:Discovery:Auth '{discovery.Auth}' cannot sign in to a discovered tenant: use FederatedManagedIdentity."
            );
        }

        foreach (var recipient in discovery.OpsRecipients.Where(r => !IsEmail(r)))
        {
            problems.Add($"TokenWatch:Discovery:OpsRecipients has '{recipient}', which is not an email address.");
        }
    }

    private static void ValidateEmail(EmailOptions email, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(email.From))
        {
            problems.Add("TokenWatch:Email:From is missing: set the sender address.");
        }
        else if (!IsEmail(email.From))
        {
            problems.Add($"TokenWatch:Email:From '{email.From}' is not an email address.");
        }

        foreach (var recipient in email.Recipients.Where(r => !IsEmail(r)))
        {
            problems.Add($"TokenWatch:Email:Recipients has '{recipient}', which is not an email address.");
        }

        foreach (var recipient in email.CriticalRecipients.Where(r => !IsEmail(r)))
        {
            problems.Add($"TokenWatch:Email:CriticalRecipients has '{recipient}', which is not an email address.");
        }

        if (email.SendGridHost is { Length: > 0 } host && SendGridHostProblem(host) is { } hostProblem)
        {
            problems.Add($"TokenWatch:Email:SendGridHost '{host}' {hostProblem}");
        }

        if (!string.IsNullOrEmpty(email.SendGridApiKey) && email.SendGridApiKey.Any(c => c <= ' ' || c > '~'))
        {
            // Such a key fails every send, in an HTTP header whose error would quote it: refused here, and not shown.
            problems.Add(
                "TokenWatch:Email:SendGridApiKey holds spaces, line breaks or other characters an API key never has; copy the key again (it is not shown here)."
            );
        }

        ValidateRanges("TokenWatch:Email", email, problems);

        if (string.IsNullOrWhiteSpace(email.SendGridApiKey) && string.IsNullOrWhiteSpace(email.OutboxPath))
        {
            problems.Add(
                "Neither TokenWatch:Email:SendGridApiKey nor TokenWatch:Email:OutboxPath is set: emails would go nowhere."
            );
        }
    }

    /// <summary>https anywhere, plain http only on loopback (a test endpoint): the API key is in every request.</summary>
    private static string? SendGridHostProblem(string host)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
        {
            return "is not an absolute URL.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            return "uses plain http on a non-loopback host: the API key would travel in clear text. Use https.";
        }

        return uri.Scheme is "https" or "http" ? null : $"uses '{uri.Scheme}:'; SendGrid is reached over https only.";
    }

    /// <summary>
    /// The send lease must outlast one send, or a second evaluator takes the digest over mid-send and both deliver
    /// it. A digest sent in parts renews the lease before each part, so one email's send is the bound.
    /// </summary>
    private static void ValidateSendLease(TokenWatchOptions options, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(options.Email.SendGridApiKey) || options.Alerts.SendLeaseMinutes < 2)
        {
            return;
        }

        var longest = options.Email.LongestSend;
        if (options.Alerts.SendLease > longest)
        {
            return;
        }

        var needed = (int)Math.Floor(longest.TotalMinutes) + 1;
        problems.Add(
            $"TokenWatch:Alerts:SendLeaseMinutes ({options.Alerts.SendLeaseMinutes}) must be longer than the longest send of one email, {longest.TotalSeconds:0} s (two SendGrid attempts of TokenWatch:Email:SendTimeoutSeconds and a Retry-After wait of up to TokenWatch:Email:MaxRetryAfterSeconds): set it to at least {needed}."
        );
    }

    private static void ValidateStorage(StorageOptions storage, List<string> problems)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(storage.CatalogTable ?? "", "^[A-Za-z][A-Za-z0-9]{2,62}$"))
        {
            problems.Add(
                $"TokenWatch:Storage:CatalogTable '{storage.CatalogTable}' is not a table name (3-63 letters and digits, starting with a letter)."
            );
        }

        var hasConnection = !string.IsNullOrWhiteSpace(storage.ConnectionString);
        var hasUri = !string.IsNullOrWhiteSpace(storage.TableServiceUri);
        if (!hasConnection && !hasUri)
        {
            problems.Add("TokenWatch:Storage needs ConnectionString or TableServiceUri.");
        }
        else if (
            hasUri
            && (
                !Uri.TryCreate(storage.TableServiceUri, UriKind.Absolute, out var uri)
                || uri.Scheme != Uri.UriSchemeHttps
            )
        )
        {
            problems.Add($"TokenWatch:Storage:TableServiceUri '{storage.TableServiceUri}' is not an https URL.");
        }
        else if (hasConnection && !IsTableConnectionString(storage.ConnectionString!))
        {
            // The string holds the account key: say what is wrong, never what it is.
            problems.Add(
                "TokenWatch:Storage:ConnectionString is not a storage connection string with a table endpoint (it is not shown here: it holds the account key)."
            );
        }
    }

    /// <summary>The Tables client parses the string without connecting; what it cannot parse would fail every poll.</summary>
    private static bool IsTableConnectionString(string connectionString)
    {
        try
        {
            _ = new Azure.Data.Tables.TableServiceClient(connectionString);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    internal static void ValidateRanges(string section, object settings, List<string> problems)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }

    private static bool UsesEmail(TenantOptions tenant, RoutingOptions global) =>
        TenantRoutes.Of(tenant, global).Any(r => r.Channel == Core.Notifications.DeliveryChannel.Email);

    /// <summary>An address mail can reach: a dotted domain, so a typo such as <c>it@cust12</c> is refused.</summary>
    internal static bool IsEmail(string value) =>
        !string.IsNullOrWhiteSpace(value)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.')
        && !value.Any(char.IsControl);
}
