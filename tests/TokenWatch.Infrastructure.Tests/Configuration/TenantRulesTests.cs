using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Tests.Configuration;

/// <summary>
/// A tenant is judged by the same rules in app settings and in the catalog. A configuration that passed before the
/// rules were joined still starts, or stops with one message that says what to change.
/// </summary>
public sealed class TenantRulesTests
{
    private const string ClientId = "11111111-2222-3333-4444-555555555555";

    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["TokenWatch:Graph:Auth"] = "ManagedIdentity",
        ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
        ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
        ["TokenWatch:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
    };

    private static IReadOnlyList<string> ProblemsOf(params (string Key, string Value)[] tenant)
    {
        var settings = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in tenant)
        {
            settings[$"TokenWatch:Tenants:0:{key}"] = value;
        }

        using var services = new ServiceCollection()
            .AddLogging()
            .AddTokenWatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return services.ConfigurationProblems();
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10")]
    [InlineData("contoso.com")]
    public void A_tenant_that_started_before_still_starts(string tenantId)
    {
        Assert.Empty(ProblemsOf(("TenantId", tenantId)));
        Assert.Empty(ProblemsOf(("TenantId", tenantId), ("Auth", "FederatedManagedIdentity"), ("ClientId", ClientId)));
    }

    [Fact]
    public void A_tenant_id_with_a_semicolon_now_stops_the_app_with_one_message()
    {
        Assert.Equal(
            ["TokenWatch:Tenants:0:TenantId 'contoso;fabrikam' is not a tenant id or domain."],
            ProblemsOf(("TenantId", "contoso;fabrikam"))
        );
    }

    [Fact]
    public void A_client_id_that_is_not_a_guid_now_stops_the_app_with_one_message()
    {
        Assert.Equal(
            [
                "TokenWatch:Tenants:0:ClientId must be the app registration's client id (a GUID) "
                    + "for auth 'FederatedManagedIdentity'.",
            ],
            ProblemsOf(
                ("TenantId", "contoso.com"),
                ("Auth", "FederatedManagedIdentity"),
                ("ClientId", "tokenwatch-app")
            )
        );
    }

    [Theory]
    [InlineData("contoso;fabrikam", null, "TenantId 'contoso;fabrikam' is not a tenant id or domain.")]
    [InlineData("..", null, "TenantId '..' is not a tenant id or domain.")]
    [InlineData("contoso.com", "not-a-guid", "ClientId must be the app registration's client id (a GUID)")]
    [InlineData("contoso.com", "", "ClientId is required for auth 'FederatedManagedIdentity'")]
    public void App_settings_and_the_catalog_refuse_the_same_tenant_alike(
        string tenantId,
        string? clientId,
        string says
    )
    {
        var options = new TokenWatchOptions();
        options.Email.Recipients.Add("admins@contoso.example");
        var row = new CatalogTenant
        {
            TenantId = tenantId,
            Auth = GraphAuth.FederatedManagedIdentity,
            ClientId = clientId ?? ClientId,
        };
        var settings = ProblemsOf(
            ("TenantId", tenantId),
            ("Auth", "FederatedManagedIdentity"),
            ("ClientId", clientId ?? ClientId)
        );

        var catalog = Assert.Single(CatalogTenantValidator.Problems(row, options));
        var configured = Assert.Single(settings);

        var camel = char.ToLowerInvariant(says[0]) + says[1..];
        Assert.StartsWith(camel, catalog, StringComparison.Ordinal);
        Assert.StartsWith($"TokenWatch:Tenants:0:{says}", configured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_problem_names_the_setting_as_it_is_configured()
    {
        var settings = new Dictionary<string, string?>(Valid)
        {
            ["TokenWatch:Tenants:0:TenantId"] = "contoso.com",
            ["TokenWatch:Graph:MaxRetries"] = "11",
        };
        using var services = new ServiceCollection()
            .AddLogging()
            .AddTokenWatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

        Assert.Equal(
            ["TokenWatch:Graph:MaxRetries: The field TokenWatch:Graph:MaxRetries must be between 0 and 10."],
            services.ConfigurationProblems()
        );
    }
}
