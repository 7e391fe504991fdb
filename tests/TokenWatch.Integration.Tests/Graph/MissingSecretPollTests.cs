using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Polling;
using TokenWatch.Infra.Tests.Support;
using TokenWatch.Infrastructure.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Testing;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// A poll of three app-settings tenants, the third signing in with a client secret that names a Key Vault secret not
/// in the vault (a first deploy): the app starts, the other two are read, and the third is that tenant's sign-in
/// failure, stored, logged and told in its digest. The third tenant's sign-in is the real one: its Graph client (as
/// the app built it) asks its credential for a token, the credential reads the secret with the app's Key Vault client
/// from an HTTPS fake of the vault, and the vault's 404 fails the sign-in before any request leaves.
/// </summary>
/// <remarks>
/// The Graph SDK attaches a token only for Graph's own host names, so for the simulator's 127.0.0.1 it would never
/// ask the credential at all: the test adds that host to the one tenant's allowed hosts, which the SDK reads through
/// its public token provider. Nothing else of the client changes, and no request reaches login.microsoftonline.com
/// (the secret is never there to sign in with).
/// </remarks>
[Collection(AzuriteGroup.Name)]
public sealed class MissingSecretPollTests(AzuriteFixture azurite)
{
    private const string SecretName = "NorthwindClientSecret";

    [Fact]
    public async Task A_tenant_whose_secret_is_missing_fails_its_sign_in_alone_and_its_digest_says_so()
    {
        await using var vault = await FakeKeyVault.StartAsync([]);
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString());
        await using var app = await TestApp.StartAsync(
            azurite,
            tenants: 3,
            outbox: outbox,
            configure: s =>
            {
                s["TokenWatch:Graph:KeyVaultUri"] = vault.Uri.ToString();
                s["TokenWatch:Tenants:2:Auth"] = "ClientSecret";
                s["TokenWatch:Tenants:2:ClientId"] = "11111111-2222-3333-4444-555555555555";
                s["TokenWatch:Tenants:2:SecretName"] = SecretName;
            },
            services: s => s.AddSingleton(vault.Client())
        );
        for (var i = 0; i < 3; i++)
        {
            app.Tenant(i).OneOfEach(app.Clock.GetUtcNow());
        }

        Assert.Empty(TokenWatch.Infrastructure.ServiceCollectionExtensions.ConfigurationProblems(app.Services));
        AllowTokenFor(app.Services.GetRequiredService<GraphClientProvider>().For(app.TenantIds[2]));

        var readings = await app.PollAsync();

        foreach (var good in readings.Take(2))
        {
            Assert.Empty(good.Failures);
            Assert.Equal(3, good.Tokens.Count);
        }

        var failure = Assert.Single(readings[2].Failures.Select(f => (f.Code, f.Message)).Distinct());
        Assert.Equal(FailureCodes.AuthFailed, failure.Code);
        Assert.Contains($"Key Vault secret '{SecretName}' could not be read (404)", failure.Message);
        Assert.NotEmpty(vault.ReadRequests);
        Assert.All(vault.ReadRequests, r => Assert.Equal(SecretName, r));
        Assert.Empty(app.Tenant(2).Requests); // the sign-in failed before a request was sent
        Assert.NotEmpty(app.Tenant(0).Requests);

        var stored = Assert.IsType<PollRunRecord>((await app.StoredAsync(2)).LastPoll);
        Assert.False(stored.Succeeded);
        Assert.All(stored.Failures, f => Assert.Equal(FailureCodes.AuthFailed, f.Code));
        Assert.True((await app.StoredAsync(0)).LastPoll!.Succeeded);
        Assert.NotEmpty(app.FailureLogs(2));
        Assert.Empty(app.FailureLogs(0));

        // The tenant's recipients hear of a monitoring failure at its third failed poll in a row (the default).
        var told = await EvaluateAsync(app);
        for (var poll = 2; poll <= 3; poll++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            await app.PollAsync();
            told.AddRange(await EvaluateAsync(app));
        }

        var failed = Assert.Single(told.Where(r => r.TenantId == app.TenantIds[2]).SelectMany(r => r.Events), e =>
            e.Kind == AlertEventKind.MonitoringFailed
        );
        Assert.Equal(FailureCodes.AuthFailed, failed.Failure?.Code);
        Assert.DoesNotContain(told.Where(r => r.TenantId != app.TenantIds[2]).SelectMany(r => r.Events), e =>
            e.Kind == AlertEventKind.MonitoringFailed
        );
        Assert.Equal(3, failed.ConsecutiveFailures);
        Assert.Equal([app.TenantIds[2]], told.Where(r => r.Email is not null).Select(r => r.TenantId));
        var digest = await MimeKit.MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(outbox, "*.eml")));
        Assert.Contains("Tenant 3", digest.Subject + digest.TextBody, StringComparison.Ordinal);
        // What the recipients read, the text's line wrapping undone.
        var text = System.Text.RegularExpressions.Regex.Replace(digest.TextBody ?? "", @"\s+", " ");
        Assert.Contains("Monitoring failed (auth failed)", digest.Subject, StringComparison.Ordinal);
        Assert.Contains($"Key Vault secret '{SecretName}' could not be read (404)", text, StringComparison.Ordinal);
        Directory.Delete(outbox, recursive: true);
    }

    private static async Task<List<TenantEvaluation>> EvaluateAsync(TestApp app) =>
        [
            .. await app
                .Services.GetRequiredService<EvaluationService>()
                .EvaluateEachAsync(CancellationToken.None)
                .WaitAsync(TestApp.Patience()),
        ];

    /// <summary>
    /// Lets the tenant's own token provider (the SDK's, holding the app's credential) attach a token for the
    /// simulator's host, as it does for graph.microsoft.com.
    /// </summary>
    private static void AllowTokenFor(TenantGraph graph)
    {
        var adapter = Assert.IsAssignableFrom<HttpClientRequestAdapter>(graph.Client.RequestAdapter);
        var provider = typeof(HttpClientRequestAdapter)
            .GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Single(f => f.FieldType == typeof(IAuthenticationProvider))
            .GetValue(adapter);
        var tokens = Assert.IsAssignableFrom<BaseBearerTokenAuthenticationProvider>(provider).AccessTokenProvider;
        Assert.False(tokens.AllowedHostsValidator.IsUrlHostValid(graph.Root), "the SDK already allows the host");
        tokens.AllowedHostsValidator.AllowedHosts = [.. tokens.AllowedHostsValidator.AllowedHosts, graph.Root.Host];
    }
}
