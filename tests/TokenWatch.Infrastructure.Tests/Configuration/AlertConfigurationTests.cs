using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Tests.Configuration;

/// <summary>
/// <c>TokenWatch:Alerts:*</c> and the critical recipients, bound and checked at start like every other setting.
/// </summary>
public sealed class AlertConfigurationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["TokenWatch:Graph:BaseUrl"] = "http://127.0.0.1:5000",
        ["TokenWatch:Graph:Auth"] = "None",
        ["TokenWatch:Tenants:0:TenantId"] = "contoso.onmicrosoft.com",
        ["TokenWatch:Tenants:0:DisplayName"] = "Contoso",
        ["TokenWatch:Tenants:1:TenantId"] = "fabrikam.onmicrosoft.com",
        ["TokenWatch:Tenants:1:CriticalRecipients:0"] = "fabrikam-oncall@fabrikam.example",
        ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
        ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
        ["TokenWatch:Email:CriticalRecipients:0"] = "oncall@contoso.example",
        ["TokenWatch:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
    };

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTokenWatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Defaults_follow_the_design_and_settings_replace_them()
    {
        using var defaults = Services(Valid);
        using var configured = Services(
            new Dictionary<string, string?>(Valid)
            {
                ["TokenWatch:Alerts:Milestones"] = "90, 45, 10",
                ["TokenWatch:Alerts:ReminderHours"] = "12",
                ["TokenWatch:Alerts:RecoveryPolls"] = "3",
                ["TokenWatch:Alerts:MonitoringFailurePolls"] = "5",
            }
        );

        Assert.Empty(defaults.ConfigurationProblems());
        var standard = defaults.GetRequiredService<AlertSettings>();
        Assert.Equal([60, 30, 14, 7, 3, 1], standard.MilestoneDays);
        Assert.Equal((24, 2, 3), (standard.ReminderHours, standard.RecoveryPolls, standard.MonitoringFailurePolls));
        var custom = configured.GetRequiredService<AlertSettings>();
        Assert.Equal([90, 45, 10], custom.MilestoneDays);
        Assert.Equal((12, 3, 5), (custom.ReminderHours, custom.RecoveryPolls, custom.MonitoringFailurePolls));
    }

    [Fact]
    public void Critical_recipients_come_from_the_tenant_or_the_global_default()
    {
        using var services = Services(Valid);

        // The configured half of the catalog: this test has no storage to read the table half from.
        var tenants = TenantCatalog.Configured(services.GetRequiredService<IOptions<TokenWatchOptions>>().Value);

        Assert.Equal(["oncall@contoso.example"], tenants[0].CriticalRecipients);
        Assert.Equal(["fabrikam-oncall@fabrikam.example"], tenants[1].CriticalRecipients);
        Assert.Equal(["admins@contoso.example"], tenants[1].Recipients);
    }

    [Fact]
    public void Bad_alert_settings_stop_the_app_with_one_message_each()
    {
        using var services = Services(
            new Dictionary<string, string?>(Valid)
            {
                ["TokenWatch:Alerts:Milestones"] = "30,thirty",
                ["TokenWatch:Alerts:ReminderHours"] = "0",
                ["TokenWatch:Alerts:RecoveryPolls"] = "100",
                ["TokenWatch:Alerts:SendLeaseMinutes"] = "1",
                ["TokenWatch:Email:CriticalRecipients:0"] = "on call",
                ["TokenWatch:Tenants:1:CriticalRecipients:0"] = "pager",
            }
        );

        var problems = services.ConfigurationProblems();

        Assert.Equal(6, problems.Count);
        Assert.Contains(problems, p =>
            p.StartsWith(
                "TokenWatch:Alerts:Milestones '30,thirty': 'thirty' is not a whole number of days from 1 to 366.",
                StringComparison.Ordinal
            )
        );
        Assert.Contains(problems, p => p.StartsWith("TokenWatch:Alerts:ReminderHours:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TokenWatch:Alerts:RecoveryPolls:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TokenWatch:Alerts:SendLeaseMinutes:", StringComparison.Ordinal));
        Assert.Contains("TokenWatch:Email:CriticalRecipients has 'on call', which is not an email address.", problems);
        Assert.Contains(
            "TokenWatch:Tenants:1:CriticalRecipients has 'pager', which is not an email address.",
            problems
        );
    }
}
