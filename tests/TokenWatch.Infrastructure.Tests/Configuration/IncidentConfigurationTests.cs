using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Incidents;
using TokenWatch.Core.Retention;

namespace TokenWatch.Infrastructure.Tests.Configuration;

/// <summary>
/// <c>TokenWatch:Incidents:*</c> and the audit's retention, bound and checked at start, one message per problem.
/// </summary>
public sealed class IncidentConfigurationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["TokenWatch:Graph:BaseUrl"] = "http://127.0.0.1:5000",
        ["TokenWatch:Graph:Auth"] = "None",
        ["TokenWatch:Tenants:0:TenantId"] = "contoso.onmicrosoft.com",
        ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
        ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
        ["TokenWatch:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
    };

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTokenWatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void The_defaults_are_three_tenants_within_a_day_and_audit_kept_400_days()
    {
        using var services = Services(Valid);

        Assert.Empty(services.ConfigurationProblems());
        var incidents = services.GetRequiredService<IncidentSettings>();
        Assert.Equal((3, 24, "Incidents"), (incidents.MinTenants, incidents.WindowHours, incidents.Table));
        Assert.Equal(400, services.GetRequiredService<RetentionSettings>().AuditDays);
    }

    [Fact]
    public void Each_bad_setting_is_one_message_naming_its_key()
    {
        using var services = Services(
            new Dictionary<string, string?>(Valid)
            {
                ["TokenWatch:Incidents:MinTenants"] = "1",
                ["TokenWatch:Incidents:WindowHours"] = "0",
                ["TokenWatch:Incidents:Table"] = "TokenState",
                ["TokenWatch:Retention:AuditDays"] = "7",
            }
        );

        var problems = services.ConfigurationProblems();

        Assert.Equal(4, problems.Count);
        Assert.Single(problems, p => p.StartsWith("TokenWatch:Incidents:MinTenants", StringComparison.Ordinal));
        Assert.Single(problems, p => p.StartsWith("TokenWatch:Incidents:WindowHours", StringComparison.Ordinal));
        Assert.Single(problems, p =>
            p.StartsWith("TokenWatch:Incidents:Table must not be 'TokenState'", StringComparison.Ordinal)
        );
        Assert.Single(problems, p => p.StartsWith("TokenWatch:Retention:AuditDays", StringComparison.Ordinal));
    }
}
