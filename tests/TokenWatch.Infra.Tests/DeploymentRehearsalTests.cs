using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Functions;
using TokenWatch.Infra.Tests.Support;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The first deployment, rehearsed offline: for each walkthrough of docs/deploy.md, the app settings the template
/// renders, with Key Vault references resolved as App Service would, start the Functions app's own service
/// container (options validated on start), and both functions can be created from it.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class DeploymentRehearsalTests(InfraFixture infra)
{
    public static TheoryData<string> DocumentedWalkthroughs => new(Walkthroughs.All);

    [Theory]
    [MemberData(nameof(DocumentedWalkthroughs))]
    public async Task A_documented_walkthrough_starts_the_app_and_both_functions_resolve(string walkthrough)
    {
        var settings = PlatformSettings.Resolve(infra.Walkthrough(walkthrough), Walkthroughs.Secrets);

        await using var app = await RehearsedApp.StartAsync(settings);

        Assert.NotNull(app.Create<PollTokens>());
        Assert.NotNull(app.Create<EvaluateAlerts>());
        Assert.NotNull(app.Create<ScanEnrollment>());
        Assert.Empty(app.Logs.Where(r => r.Level >= LogLevel.Warning).Select(r => $"{r.Id.Name}: {r.Message}"));
        foreach (var schedule in TimerScheduleSettings())
        {
            Assert.True(
                settings.TryGetValue(schedule, out var cron),
                $"the timer reads %{schedule}%, which is not set"
            );
            Assert.Equal(6, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        // Telemetry is sent with the app's identity (the exporter itself is not started here: it would reach Azure).
        Assert.Equal(
            PlatformSettings.IdentityClientId,
            AppInsightsAuthentication.ManagedIdentityClientId(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"])
        );
        Assert.Equal("SG.rehearsal-not-a-key", Options(app).Email.SendGridApiKey);
    }

    [Fact]
    public async Task A_walkthrough_that_names_no_recipient_sends_the_digests_to_the_ops_address()
    {
        var settings = PlatformSettings.Resolve(infra.Walkthrough(Walkthroughs.SingleTenant), Walkthroughs.Secrets);

        await using var app = await RehearsedApp.StartAsync(settings);

        var options = Options(app);
        Assert.Equal([InfraFixture.OpsEmail], options.Email.Recipients);
        Assert.Empty(Assert.Single(options.Tenants).Recipients);
    }

    [Fact]
    public async Task The_MSP_walkthrough_signs_in_to_the_customer_with_the_federated_credential()
    {
        var settings = PlatformSettings.Resolve(infra.Walkthrough(Walkthroughs.Msp), Walkthroughs.Secrets);

        await using var app = await RehearsedApp.StartAsync(settings);

        var tenants = Options(app).Tenants;
        Assert.Equal(2, tenants.Count);
        Assert.Equal(
            (GraphAuth.FederatedManagedIdentity, Walkthroughs.CustomerClientId),
            (tenants[0].Auth, tenants[0].ClientId)
        );
        Assert.Equal(GraphAuth.ManagedIdentity, tenants[1].Auth);
        Assert.Equal(PlatformSettings.IdentityClientId, Options(app).Graph.ManagedIdentityClientId);
    }

    [Fact]
    public async Task Additional_settings_reach_the_app_with_their_Key_Vault_reference_resolved()
    {
        var settings = PlatformSettings.Resolve(
            infra.Walkthrough(Walkthroughs.AdditionalSettings),
            Walkthroughs.Secrets
        );

        await using var app = await RehearsedApp.StartAsync(settings);

        Assert.Equal("rehearsal-client-secret", Assert.Single(Options(app).Tenants).ClientSecret);
    }

    [Fact]
    public async Task An_unresolved_SendGrid_reference_starts_the_app_and_says_once_what_is_wrong()
    {
        // The secret is not set yet (or the role assignment has not propagated): the platform leaves the reference.
        var snapshot = infra.Walkthrough(Walkthroughs.SingleTenant);
        var settings = PlatformSettings.Resolve(snapshot, new Dictionary<string, string>());
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        Assert.StartsWith(
            "@Microsoft.KeyVault(",
            settings["TokenWatch__Email__SendGridApiKey"],
            StringComparison.Ordinal
        );

        await using var app = await RehearsedApp.StartAsync(settings);

        Assert.NotNull(app.Create<EvaluateAlerts>());
        var said = Assert.Single(app.Logs, r => r.Level >= LogLevel.Warning);
        Assert.Equal(("EmailDeliveryMisconfigured", 3002, LogLevel.Error), (said.Id.Name, said.Id.Id, said.Level));
        Assert.StartsWith(
            "Email delivery misconfigured: TokenWatch:Email:SendGridApiKey is an unresolved Key Vault reference "
                + $"(@Microsoft.KeyVault(VaultName={vault};SecretName=SendGridApiKey)): the secret does not exist yet",
            said.Message
        );
    }

    [Fact]
    public async Task An_empty_SendGrid_key_starts_the_app_and_says_once_what_is_wrong()
    {
        var settings = PlatformSettings.Resolve(
            infra.Walkthrough(Walkthroughs.SingleTenant),
            new Dictionary<string, string> { ["SendGridApiKey"] = "" }
        );

        await using var app = await RehearsedApp.StartAsync(settings);

        Assert.NotNull(app.Create<EvaluateAlerts>());
        var said = Assert.Single(app.Logs, r => r.Level >= LogLevel.Warning);
        Assert.Equal("EmailDeliveryMisconfigured", said.Id.Name);
        Assert.StartsWith("Email delivery misconfigured: TokenWatch:Email:SendGridApiKey is empty.", said.Message);
    }

    [Fact]
    public async Task The_channels_walkthrough_hands_the_app_its_Teams_and_webhook_secrets_from_Key_Vault()
    {
        var settings = PlatformSettings.Resolve(infra.Walkthrough(Walkthroughs.Channels), Walkthroughs.Secrets);

        await using var app = await RehearsedApp.StartAsync(settings);

        var options = Options(app);
        Assert.Equal(
            (InfraFixture.FakeTeamsUrl, InfraFixture.FakeWebhookUrl, InfraFixture.FakeWebhookSecret),
            (options.Teams.WebhookUrl, options.Webhook.Url, options.Webhook.Secret)
        );
        Assert.Equal(("critical", "warning"), (options.Routing.Teams, options.Routing.Webhook));
    }

    [Fact]
    public async Task Unresolved_channel_references_start_the_app_and_say_at_start_which_channel_waits()
    {
        // The channels are routed but their secrets are not set yet: the platform leaves the references.
        var snapshot = infra.Walkthrough(Walkthroughs.Channels);
        var settings = PlatformSettings.Resolve(
            snapshot,
            new Dictionary<string, string> { ["SendGridApiKey"] = "SG.rehearsal-not-a-key" }
        );
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();

        await using var app = await RehearsedApp.StartAsync(settings);

        Assert.NotNull(app.Create<EvaluateAlerts>());
        var said = app.Logs.Where(r => r.Level >= LogLevel.Warning).ToList();
        Assert.All(said, r =>
            Assert.Equal(("ChannelDeliveryMisconfigured", 3003, LogLevel.Error), (r.Id.Name, r.Id.Id, r.Level))
        );
        Assert.Equal(
            [
                "Teams delivery misconfigured: TokenWatch:Teams:WebhookUrl is an unresolved Key Vault reference "
                    + $"(@Microsoft.KeyVault(VaultName={vault};SecretName=TeamsWebhookUrl)): the secret does not "
                    + "exist yet",
                "Webhook delivery misconfigured: TokenWatch:Webhook:Url is an unresolved Key Vault reference "
                    + $"(@Microsoft.KeyVault(VaultName={vault};SecretName=WebhookUrl)): the secret does not exist yet",
                "Webhook delivery misconfigured: TokenWatch:Webhook:Secret is an unresolved Key Vault reference "
                    + $"(@Microsoft.KeyVault(VaultName={vault};SecretName=WebhookSecret)): the secret does not "
                    + "exist yet",
            ],
            said.Select(r => r.Message[..r.Message.IndexOf(", or the app", StringComparison.Ordinal)])
        );
    }

    [Fact]
    public async Task A_broken_setting_stops_the_rehearsal_as_it_stops_the_app()
    {
        // The rehearsal can fail: without recipients anywhere, the validator refuses to start.
        var settings = PlatformSettings.Resolve(infra.Walkthrough(Walkthroughs.SingleTenant), Walkthroughs.Secrets);
        settings.Remove("TokenWatch__Email__Recipients__0");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => RehearsedApp.StartAsync(settings));

        Assert.Contains(
            "has no recipients, and TokenWatch:Email:Recipients names no default.",
            Assert.Single(refused.Failures)
        );
    }

    private static TokenWatchOptions Options(RehearsedApp app) =>
        app.Host.Services.GetRequiredService<IOptions<TokenWatchOptions>>().Value;

    /// <summary>The app settings the two timer triggers read their schedules from (%PollSchedule% and so on).</summary>
    private static IEnumerable<string> TimerScheduleSettings() =>
        new[] { typeof(PollTokens), typeof(EvaluateAlerts), typeof(ScanEnrollment) }
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>())
            .OfType<TimerTriggerAttribute>()
            .Select(a => a.Schedule.Trim('%'));
}
