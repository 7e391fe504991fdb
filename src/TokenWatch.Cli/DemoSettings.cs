using System.Security.Cryptography;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// The demo's settings: the simulated Graph, Azurite, emails, Teams cards and webhook requests into the outbox
/// folder, and action links to the page the demo serves, signed with a key made up for this run.
/// </summary>
internal static class DemoSettings
{
    public static Dictionary<string, string?> Of(string graphUrl, string storage, string outbox, string pageUrl) =>
        new()
        {
            ["TokenWatch:Graph:BaseUrl"] = graphUrl + "/tenants/{tenantId}",
            ["TokenWatch:Graph:Auth"] = nameof(GraphAuth.None),
            ["TokenWatch:Tenants:0:TenantId"] = DemoTenant.TenantId,
            ["TokenWatch:Tenants:0:DisplayName"] = "Contoso",
            ["TokenWatch:Tenants:0:Recipients:0"] = "intune-admins@contoso.example",
            ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
            ["TokenWatch:Email:OutboxPath"] = outbox,
            ["TokenWatch:Email:SendGridApiKey"] = "",
            ["TokenWatch:Storage:ConnectionString"] = storage,

            // No URLs: the Teams cards and webhook requests land in the outbox folder next to the emails, the
            // webhook signed with a secret made up for this run.
            ["TokenWatch:Routing:Teams"] = "all",
            ["TokenWatch:Routing:Webhook"] = "critical",
            ["TokenWatch:Webhook:Secret"] = "whsec_" + RandomKey(),
            ["TokenWatch:Actions:PageUrl"] = pageUrl,
            ["TokenWatch:Actions:SigningKey"] = RandomKey(),
        };

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
