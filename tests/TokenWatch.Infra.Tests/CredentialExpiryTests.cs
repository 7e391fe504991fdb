using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Functions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// TokenWatch's own credentials expire seen: the deployed app, with the real Key Vault client against a local HTTPS
/// fake of the vault, logs each secret at the expiry milestone it has reached (what the credential alert counts).
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class CredentialExpiryTests(InfraFixture infra)
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 6, 45, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_secret_is_told_at_its_milestone_and_once_expired()
    {
        await using var vault = await FakeKeyVault.StartAsync([
            ("ContosoClientSecret", Now.AddDays(29.5)),
            ("FabrikamClientSecret", Now.AddDays(200)),
            ("SendGridApiKey", null),
            ("WebhookSecret", Now.AddDays(-2)),
            ("NorthwindClientSecret", Now.AddHours(20)),
        ]);

        var said = await RunWatch(vault);

        Assert.Equal(1, vault.ListRequests);
        Assert.Equal(
            [
                ("CredentialExpiring", "ContosoClientSecret", "30"),
                ("CredentialExpiryUnknown", "SendGridApiKey", null),
                ("CredentialExpired", "WebhookSecret", null),
                ("CredentialExpiring", "NorthwindClientSecret", "1"),
            ],
            said.Select(r =>
                (r.Id.Name!, r.GetStructuredStateValue("SecretName")!, r.GetStructuredStateValue("Milestone"))
            )
        );
        Assert.StartsWith(
            "Key Vault secret ContosoClientSecret expires 2027-03-30 (29 days left, within the 30-day milestone)",
            said[0].Message
        );
        Assert.Equal(LogLevel.Error, said[2].Level);
    }

    [Fact]
    public async Task A_vault_whose_secrets_all_have_time_left_says_nothing()
    {
        await using var vault = await FakeKeyVault.StartAsync([("ContosoClientSecret", Now.AddDays(61))]);

        Assert.Empty(await RunWatch(vault));
        Assert.Equal(1, vault.ListRequests);
    }

    /// <summary>The deployed app's container, its Key Vault client pointed at the fake, runs the watch once.</summary>
    private async Task<IReadOnlyList<FakeLogRecord>> RunWatch(FakeKeyVault vault)
    {
        var settings = PlatformSettings.Resolve(infra.Walkthrough(Walkthroughs.SingleTenant), Walkthroughs.Secrets);
        settings.Remove("APPLICATIONINSIGHTS_CONNECTION_STRING"); // no exporter: it would send to Azure
        Assert.True(settings.ContainsKey("CredentialWatchSchedule"));
        using var host = RehearsedApp.BuildFunctionsHost(settings, services =>
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).AddSingleton(vault.Client()).AddFakeLogging()
        );

        var function = ActivatorUtilities.CreateInstance<WatchCredentials>(host.Services);
        await function.RunAsync(null!, CancellationToken.None);

        return host
            .Services.GetFakeLogCollector()
            .GetSnapshot()
            .Where(r => r.Category == typeof(CredentialExpiryWatch).FullName)
            .ToList();
    }
}
