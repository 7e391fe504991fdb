using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Configuration;
using Xunit.Abstractions;

namespace TokenWatch.Infrastructure.Tests.Configuration;

/// <summary>
/// Bad configurations, each one mistake on top of a valid configuration, bound and checked exactly as the Functions
/// host and the CLI do it (<c>AddTokenWatch</c>, then <c>ConfigurationProblems()</c>). Each must stop the app at start
/// with one clear message that names the setting, on one line, without echoing a secret; never an exception, and
/// never a start that fails later, in the middle of a cycle.
/// </summary>
public sealed class ConfigurationCorpusTests(ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private const string StorageKeySecret = "U2VjcmV0LXN0b3JhZ2Uta2V5LW5vdC1yZWFs";
    private const string SendGridSecret = "SG.config-corpus-secret";

    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["TokenWatch:Graph:BaseUrl"] = "https://graph.microsoft.com",
        ["TokenWatch:Graph:Auth"] = "ManagedIdentity",
        ["TokenWatch:Tenants:0:TenantId"] = "contoso.onmicrosoft.com",
        ["TokenWatch:Tenants:0:DisplayName"] = "Contoso",
        ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
        ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
        ["TokenWatch:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
    };

    /// <summary>
    /// A name, the settings to change (null removes one), a fragment the one message must contain, and the scope
    /// checked: the Functions app and <c>run</c> (full) or <c>check</c> (read-only).
    /// </summary>
    public sealed record BadConfiguration(
        string Name,
        IReadOnlyDictionary<string, string?> Changes,
        string Names,
        TokenWatchScope Scope = TokenWatchScope.Full
    )
    {
        public override string ToString() => Name;
    }

    private static BadConfiguration Bad(string name, string names, params (string Key, string? Value)[] changes) =>
        new(name, changes.ToDictionary(c => c.Key, c => c.Value), names);

    public static readonly IReadOnlyList<BadConfiguration> Corpus =
    [
        // The full app may watch catalog tenants alone; so may check, but only with a catalog to read.
        Bad(
            "no tenants and no catalog",
            "TokenWatch:Tenants is empty and no tenant catalog is configured",
            ("TokenWatch:Tenants:0:TenantId", null),
            ("TokenWatch:Tenants:0:DisplayName", null),
            ("TokenWatch:Storage:ConnectionString", null)
        ) with
        {
            Scope = TokenWatchScope.ReadOnly,
        },
        Bad("tenant without id", "TokenWatch:Tenants:0:TenantId is missing", ("TokenWatch:Tenants:0:TenantId", "")),
        Bad(
            "tenant id with a slash",
            "TokenWatch:Tenants:0:TenantId",
            ("TokenWatch:Tenants:0:TenantId", "contoso/../fabrikam")
        ),
        Bad(
            "tenant id with a space",
            "TokenWatch:Tenants:0:TenantId",
            ("TokenWatch:Tenants:0:TenantId", "contoso onmicrosoft.com")
        ),
        Bad(
            "tenant id with a line break",
            "TokenWatch:Tenants:0:TenantId",
            ("TokenWatch:Tenants:0:TenantId", "contoso\r\nX-Evil: 1")
        ),
        Bad(
            "tenant listed twice",
            "lists tenant 'contoso.onmicrosoft.com' 2 times",
            ("TokenWatch:Tenants:1:TenantId", "CONTOSO.onmicrosoft.com")
        ),
        Bad(
            "recipient not an address",
            "TokenWatch:Tenants:0:Recipients",
            ("TokenWatch:Tenants:0:Recipients:0", "intune admins")
        ),
        Bad(
            "recipient with a header injection",
            "TokenWatch:Tenants:0:Recipients",
            ("TokenWatch:Tenants:0:Recipients:0", "a@contoso.example\r\nBcc: x@evil.example")
        ),
        Bad("empty recipient", "TokenWatch:Email:Recipients", ("TokenWatch:Email:Recipients:1", "")),
        Bad(
            "critical recipient not an address",
            "TokenWatch:Email:CriticalRecipients",
            ("TokenWatch:Email:CriticalRecipients:0", "pager")
        ),
        Bad(
            "tenant critical recipient not an address",
            "TokenWatch:Tenants:0:CriticalRecipients",
            ("TokenWatch:Tenants:0:CriticalRecipients:0", "on call")
        ),
        Bad("no recipients at all", "has no recipients", ("TokenWatch:Email:Recipients:0", null)),
        Bad("sender missing", "TokenWatch:Email:From is missing", ("TokenWatch:Email:From", null)),
        Bad("sender not an address", "TokenWatch:Email:From", ("TokenWatch:Email:From", "tokenwatch")),
        Bad(
            "sender with a display name",
            "TokenWatch:Email:From",
            ("TokenWatch:Email:From", "TokenWatch <tokenwatch@contoso.example>")
        ),
        Bad(
            "SendGrid host not a URL",
            "TokenWatch:Email:SendGridHost",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret),
            ("TokenWatch:Email:SendGridHost", "api sendgrid com")
        ),
        Bad(
            "SendGrid key with a line break",
            "TokenWatch:Email:SendGridApiKey",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret + "\r\nX-Evil: 1")
        ),
        Bad(
            "SendGrid Retry-After limit out of range",
            "TokenWatch:Email:MaxRetryAfterSeconds",
            ("TokenWatch:Email:MaxRetryAfterSeconds", "86400")
        ),
        Bad(
            "emails would go nowhere",
            "Neither TokenWatch:Email:SendGridApiKey nor TokenWatch:Email:OutboxPath",
            ("TokenWatch:Email:OutboxPath", "")
        ),
        Bad(
            "no storage",
            "TokenWatch:Storage needs ConnectionString or TableServiceUri",
            ("TokenWatch:Storage:ConnectionString", null)
        ),
        Bad(
            "storage connection string garbled",
            "TokenWatch:Storage:ConnectionString",
            ("TokenWatch:Storage:ConnectionString", $"AccountName=contoso;AccountKey={StorageKeySecret};oops")
        ),
        Bad(
            "table service over http",
            "TokenWatch:Storage:TableServiceUri",
            ("TokenWatch:Storage:ConnectionString", null),
            ("TokenWatch:Storage:TableServiceUri", "http://contoso.table.core.windows.net")
        ),
        Bad(
            "table service not a URL",
            "TokenWatch:Storage:TableServiceUri",
            ("TokenWatch:Storage:ConnectionString", null),
            ("TokenWatch:Storage:TableServiceUri", "contoso tables")
        ),
        Bad("Graph URL not a URL", "TokenWatch:Graph:BaseUrl", ("TokenWatch:Graph:BaseUrl", "graph microsoft com")),
        Bad(
            "Graph URL not http",
            "TokenWatch:Graph:BaseUrl",
            ("TokenWatch:Graph:BaseUrl", "ftp://graph.microsoft.com")
        ),
        Bad(
            "Graph over plain http",
            "TokenWatch:Graph:BaseUrl",
            ("TokenWatch:Graph:BaseUrl", "http://graph.microsoft.com")
        ),
        Bad(
            "no credential for real Graph",
            "Auth 'None' is only allowed for a loopback Graph URL",
            ("TokenWatch:Graph:Auth", "None")
        ),
        Bad(
            "one tenant without credential for real Graph",
            "Auth 'None' is only allowed for a loopback Graph URL",
            ("TokenWatch:Tenants:0:Auth", "None")
        ),
        Bad("unknown auth mode", "TokenWatch:Graph:Auth", ("TokenWatch:Graph:Auth", "Kerberos")),
        Bad("unknown storage sign-in", "TokenWatch:Storage:SignIn", ("TokenWatch:Storage:SignIn", "Kerberos")),
        Bad(
            "operator sign-in without table endpoint",
            "TokenWatch:Storage:SignIn 'AzureCli' needs TokenWatch:Storage:TableServiceUri",
            ("TokenWatch:Storage:SignIn", "AzureCli")
        ),
        Bad(
            "client secret without client id",
            "TokenWatch:Tenants:0:ClientId is required",
            ("TokenWatch:Tenants:0:Auth", "ClientSecret"),
            ("TokenWatch:Tenants:0:ClientSecret", "not-the-point")
        ),
        Bad(
            "client secret auth without secret",
            "TokenWatch:Tenants:0:ClientSecret or TokenWatch:Tenants:0:SecretName (a Key Vault secret) is required",
            ("TokenWatch:Tenants:0:Auth", "ClientSecret"),
            ("TokenWatch:Tenants:0:ClientId", "11111111-2222-3333-4444-555555555555")
        ),
        Bad(
            "certificate auth without certificate",
            "TokenWatch:Tenants:0:CertificatePath or TokenWatch:Tenants:0:SecretName is required",
            ("TokenWatch:Tenants:0:Auth", "ClientCertificate"),
            ("TokenWatch:Tenants:0:ClientId", "11111111-2222-3333-4444-555555555555")
        ),
        Bad(
            "certificate file missing",
            "TokenWatch:Tenants:0:CertificatePath",
            ("TokenWatch:Tenants:0:Auth", "ClientCertificate"),
            ("TokenWatch:Tenants:0:ClientId", "11111111-2222-3333-4444-555555555555"),
            ("TokenWatch:Tenants:0:CertificatePath", "/nonexistent/tokenwatch.pem")
        ),
        Bad(
            "federated identity without client id",
            "TokenWatch:Tenants:0:ClientId is required",
            ("TokenWatch:Tenants:0:Auth", "FederatedManagedIdentity")
        ),
        Bad("too many Graph retries", "TokenWatch:Graph:MaxRetries", ("TokenWatch:Graph:MaxRetries", "11")),
        Bad("negative retry delay", "TokenWatch:Graph:RetryDelaySeconds", ("TokenWatch:Graph:RetryDelaySeconds", "-1")),
        Bad("no retry budget", "TokenWatch:Graph:MaxRetryWaitSeconds", ("TokenWatch:Graph:MaxRetryWaitSeconds", "0")),
        Bad(
            "no request timeout",
            "TokenWatch:Graph:RequestTimeoutSeconds",
            ("TokenWatch:Graph:RequestTimeoutSeconds", "0")
        ),
        Bad("retries not a number", "TokenWatch:Graph:MaxRetries", ("TokenWatch:Graph:MaxRetries", "three")),
        Bad("no parallelism", "TokenWatch:Cycle:MaxParallelism", ("TokenWatch:Cycle:MaxParallelism", "0")),
        Bad(
            "tenant timeout too long",
            "TokenWatch:Cycle:TenantTimeoutSeconds",
            ("TokenWatch:Cycle:TenantTimeoutSeconds", "601")
        ),
        Bad("no expiry warning", "TokenWatch:Health:ExpiryWarningDays", ("TokenWatch:Health:ExpiryWarningDays", "0")),
        Bad(
            "sync critical after two months",
            "TokenWatch:Health:AdeSyncCriticalHours",
            ("TokenWatch:Health:AdeSyncCriticalHours", "99999")
        ),
        Bad("VPP warning after critical", "VppSyncWarningHours", ("TokenWatch:Health:VppSyncWarningHours", "80")),
        Bad("milestone twice", "TokenWatch:Alerts:Milestones", ("TokenWatch:Alerts:Milestones", "30,30")),
        Bad("milestone zero", "TokenWatch:Alerts:Milestones", ("TokenWatch:Alerts:Milestones", "0")),
        Bad("milestone in words", "TokenWatch:Alerts:Milestones", ("TokenWatch:Alerts:Milestones", "thirty")),
        Bad("no reminder interval", "TokenWatch:Alerts:ReminderHours", ("TokenWatch:Alerts:ReminderHours", "0")),
        Bad("recovery after 100 polls", "TokenWatch:Alerts:RecoveryPolls", ("TokenWatch:Alerts:RecoveryPolls", "100")),
        Bad(
            "monitoring failed at once",
            "TokenWatch:Alerts:MonitoringFailurePolls",
            ("TokenWatch:Alerts:MonitoringFailurePolls", "0")
        ),
        Bad(
            "send lease shorter than a send",
            "TokenWatch:Alerts:SendLeaseMinutes",
            ("TokenWatch:Alerts:SendLeaseMinutes", "1")
        ),
        Bad("tenant id '.'", "TokenWatch:Tenants:0:TenantId '.'", ("TokenWatch:Tenants:0:TenantId", ".")),
        Bad("tenant id '..'", "TokenWatch:Tenants:0:TenantId '..'", ("TokenWatch:Tenants:0:TenantId", "..")),
        Bad(
            "SendGrid host over plain http",
            "TokenWatch:Email:SendGridHost 'http://api.sendgrid.com' uses plain http",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret),
            ("TokenWatch:Email:SendGridHost", "http://api.sendgrid.com")
        ),
        Bad(
            "SendGrid host over ftp",
            "TokenWatch:Email:SendGridHost 'ftp://api.sendgrid.com' uses 'ftp:'",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret),
            ("TokenWatch:Email:SendGridHost", "ftp://api.sendgrid.com")
        ),
        Bad(
            "SendGrid host a file",
            "TokenWatch:Email:SendGridHost 'file:///etc/hosts' uses 'file:'",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret),
            ("TokenWatch:Email:SendGridHost", "file:///etc/hosts")
        ),
        Bad(
            "send lease as long as a send",
            "TokenWatch:Alerts:SendLeaseMinutes (2) must be longer than the longest send",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret),
            ("TokenWatch:Alerts:SendLeaseMinutes", "2")
        ),
        Bad(
            "send lease shorter than a slow send",
            "TokenWatch:Alerts:SendLeaseMinutes (15) must be longer than the longest send",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret),
            ("TokenWatch:Email:SendTimeoutSeconds", "300"),
            ("TokenWatch:Email:MaxRetryAfterSeconds", "300"),
            ("TokenWatch:Cycle:TenantTimeoutSeconds", "600"), // one send fits inside a tenant's time
            ("TokenWatch:Cycle:FunctionTimeoutSeconds", "1300")
        ),
        Bad(
            "SendGrid timeout past half the tenant's time",
            "TokenWatch:Email:SendTimeoutSeconds (31 s) does not fit inside TokenWatch:Cycle:TenantTimeoutSeconds "
                + "(60 s)",
            ("TokenWatch:Email:SendGridApiKey", SendGridSecret),
            ("TokenWatch:Email:SendTimeoutSeconds", "31")
        ),
        Bad(
            "webhook timeout past the tenant's time",
            "TokenWatch:Webhook:TimeoutSeconds (300 s) does not fit inside TokenWatch:Cycle:TenantTimeoutSeconds "
                + "(12 s)",
            ("TokenWatch:Webhook:Url", "https://psa.example/hooks/tokenwatch"),
            ("TokenWatch:Webhook:Secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw9r3HkL9mVJ0="),
            ("TokenWatch:Webhook:TimeoutSeconds", "300"),
            ("TokenWatch:Cycle:TenantTimeoutSeconds", "12")
        ),
        Bad(
            "SendGrid timeout zero",
            "TokenWatch:Email:SendTimeoutSeconds",
            ("TokenWatch:Email:SendTimeoutSeconds", "0")
        ),
        Bad(
            "no response size",
            "TokenWatch:Graph:MaxResponseMegabytes",
            ("TokenWatch:Graph:MaxResponseMegabytes", "0")
        ),
        Bad(
            "digest bound too small",
            "TokenWatch:Alerts:MaxDigestKilobytes",
            ("TokenWatch:Alerts:MaxDigestKilobytes", "1")
        ),
        Bad(
            "storage timeout zero",
            "TokenWatch:Storage:OperationTimeoutSeconds",
            ("TokenWatch:Storage:OperationTimeoutSeconds", "0")
        ),
        Bad("storage retries unbounded", "TokenWatch:Storage:MaxRetries", ("TokenWatch:Storage:MaxRetries", "1000")),
        Bad(
            "routing level in other words",
            "TokenWatch:Routing:Teams 'loud' is not a level",
            ("TokenWatch:Routing:Teams", "loud")
        ),
        Bad("every channel of a tenant off", "TokenWatch:Tenants:0 (", ("TokenWatch:Tenants:0:Routing:Email", "off")),
        Bad(
            "Teams URL over plain http",
            "TokenWatch:Teams:WebhookUrl uses plain http",
            ("TokenWatch:Teams:WebhookUrl", TeamsUrlSecret.Replace("https:", "http:"))
        ),
        Bad(
            "webhook without a signing secret",
            "TokenWatch:Webhook:Secret is missing",
            ("TokenWatch:Webhook:Url", WebhookUrl)
        ),
        Bad(
            "webhook secret not whsec_",
            "TokenWatch:Webhook:Secret is not whsec_",
            ("TokenWatch:Webhook:Url", WebhookUrl),
            ("TokenWatch:Webhook:Secret", WebhookSecret)
        ),
        Bad(
            "webhook body bound below the largest event",
            "TokenWatch:Webhook:MaxBodyKilobytes",
            ("TokenWatch:Webhook:MaxBodyKilobytes", "4")
        ),
        Bad(
            "send lease shorter than a Teams post",
            "TokenWatch:Alerts:SendLeaseMinutes (2) must be longer than TokenWatch:Teams:TimeoutSeconds",
            ("TokenWatch:Teams:WebhookUrl", TeamsUrlSecret),
            ("TokenWatch:Teams:TimeoutSeconds", "300"),
            ("TokenWatch:Alerts:SendLeaseMinutes", "2"),
            ("TokenWatch:Cycle:TenantTimeoutSeconds", "600"), // one post fits inside a tenant's time
            ("TokenWatch:Cycle:FunctionTimeoutSeconds", "1300")
        ),
    ];

    /// <summary>A Workflows URL: its query is a signature, so it is a secret.</summary>
    private const string TeamsUrlSecret =
        "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=Zk9yZWFsLW5vdC1zaWc";

    private const string WebhookUrl = "https://psa.contoso.example/hooks/tokenwatch";

    /// <summary>A webhook secret in the wrong form: refused without being repeated.</summary>
    private const string WebhookSecret = "hunter2-not-whsec-formatted-3c1f";

    /// <summary>By name, so that each entry is its own test case in a runner.</summary>
    public static TheoryData<string> Entries() => [.. Corpus.Select(e => e.Name)];

    /// <summary>The secrets a configuration problem must never repeat: they would land in startup logs.</summary>
    private static readonly string[] Secrets =
    [
        StorageKeySecret,
        SendGridSecret,
        TeamsUrlSecret,
        "Zk9yZWFsLW5vdC1zaWc",
        WebhookSecret,
    ];

    private static IReadOnlyList<string> ProblemsOf(BadConfiguration entry)
    {
        var settings = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in entry.Changes)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTokenWatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), entry.Scope)
            .BuildServiceProvider();
        return services.ConfigurationProblems();
    }

    /// <summary>Null when the entry got what a user needs; else what went wrong.</summary>
    private static string? Verdict(BadConfiguration entry)
    {
        IReadOnlyList<string> problems;
        try
        {
            problems = ProblemsOf(entry);
        }
        catch (Exception ex)
        {
            return $"crashed: {ex.GetType().Name}: {ex.Message}";
        }

        if (problems.Count != 1)
        {
            return $"{problems.Count} messages instead of one: {string.Join(" | ", problems)}";
        }

        var problem = problems[0];
        if (!problem.Contains(entry.Names, StringComparison.Ordinal))
        {
            return $"the message does not name '{entry.Names}': {problem}";
        }

        if (problem.Any(c => c is '\r' or '\n'))
        {
            return $"the message is not one line: {problem}";
        }

        return Secrets.FirstOrDefault(s => problem.Contains(s, StringComparison.Ordinal)) is { } secret
            ? $"the message repeats a secret ({secret[..6]}…): {problem}"
            : null;
    }

    [Fact]
    public void The_valid_base_configuration_starts()
    {
        Assert.Empty(ProblemsOf(new BadConfiguration("valid", new Dictionary<string, string?>(), "")));
    }

    [Fact]
    public void An_app_without_configured_tenants_starts_for_the_tenant_catalog()
    {
        var noTenant = new Dictionary<string, string?>
        {
            ["TokenWatch:Tenants:0:TenantId"] = null,
            ["TokenWatch:Tenants:0:DisplayName"] = null,
        };
        var catalogOnly = new BadConfiguration("catalog only", noTenant, "");

        Assert.Empty(ProblemsOf(catalogOnly));
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void A_bad_configuration_stops_the_app_at_start_with_one_clear_message(string name)
    {
        var entry = Corpus.Single(e => e.Name == name);
        Assert.True(Verdict(entry) is null, $"{entry.Name}: {Verdict(entry)}");
    }

    [Fact]
    public void The_whole_configuration_corpus_is_refused_with_one_message_each()
    {
        var verdicts = Corpus.Select(e => (Entry: e, Verdict: Verdict(e))).ToList();
        var crashes = verdicts.Count(v => v.Verdict?.StartsWith("crashed", StringComparison.Ordinal) == true);
        var accepted = verdicts.Count(v => v.Verdict?.StartsWith("0 messages", StringComparison.Ordinal) == true);

        report.Line(
            output,
            $"configuration corpus: {Corpus.Count} bad configurations, {verdicts.Count(v => v.Verdict is null)} "
                + $"refused with one clear message, {crashes} crashes, {accepted} accepted"
        );

        Assert.True(Corpus.Count >= 30, $"only {Corpus.Count} bad configurations");
        Assert.Equal(Corpus.Count, Corpus.Select(e => e.Name).Distinct().Count());
        Assert.All(verdicts, v => Assert.True(v.Verdict is null, $"{v.Entry.Name}: {v.Verdict}"));
    }
}
