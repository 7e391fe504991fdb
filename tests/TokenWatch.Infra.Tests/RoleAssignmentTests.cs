using System.Text.RegularExpressions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>The app's identity holds exactly the documented roles, each named guid(scope, principal, role).</summary>
[Collection(InfraTestGroup.Name)]
public sealed partial class RoleAssignmentTests(InfraFixture infra)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private enum ScopeKind
    {
        HostStorage,
        DataStorage,
        KeyVault,
        AppInsights,
    }

    /// <summary>What the app needs (see infra/modules/role-assignments.bicep for why), and nothing more.</summary>
    private static readonly HashSet<(ScopeKind Scope, string Role)> Needed =
    [
        (ScopeKind.HostStorage, StorageBlobDataOwner),
        (ScopeKind.HostStorage, StorageTableDataContributor),
        (ScopeKind.DataStorage, StorageTableDataContributor),
        (ScopeKind.KeyVault, KeyVaultSecretsUser),
        (ScopeKind.AppInsights, MonitoringMetricsPublisher),
    ];

    private DeploymentSnapshot Snapshot => infra.DefaultSnapshot;

    [Fact]
    public void Identity_holds_exactly_the_needed_roles()
    {
        Assert.Equal(Needed.OrderBy(n => n.ToString()), Granted().OrderBy(n => n.ToString()));
    }

    [Fact]
    public void Every_role_assignment_is_for_the_app_identity_as_a_service_principal()
    {
        var identityId = Snapshot.SingleOf("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!.ToString();
        var expectedPrincipal = $"[reference('{identityId}', '2023-01-31').principalId]";
        var assignments = Snapshot.OfType("Microsoft.Authorization/roleAssignments");
        Assert.NotEmpty(assignments);
        foreach (var assignment in assignments)
        {
            Assert.Equal(expectedPrincipal, assignment["properties"]!["principalId"]!.ToString());
            Assert.Equal("ServicePrincipal", assignment["properties"]!["principalType"]!.ToString());
        }
    }

    [Fact]
    public void Role_assignments_are_named_guid_of_scope_principal_and_role()
    {
        foreach (var assignment in Snapshot.OfType("Microsoft.Authorization/roleAssignments"))
        {
            var parsed = Parse(assignment);
            var name = assignment["name"]!.ToString();
            var principal = assignment["properties"]!["principalId"]!.ToString().Trim('[', ']');
            Assert.Equal($"[guid('{parsed.Scope}', {principal}, '{parsed.Role}')]", name);
        }
    }

    [Fact]
    public void Deploy_docs_list_the_same_roles()
    {
        // docs/deploy.md has a table between <!-- roles:begin --> and <!-- roles:end -->: scope | role | role id | why.
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "deploy.md"));
        var begin = text.IndexOf("<!-- roles:begin -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- roles:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/deploy.md has no roles table markers");
        var documented = text[begin..end]
            .Split('\n')
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length >= 5 && RoleId().IsMatch(cells[3]))
            .Select(cells => (DocumentedScope(cells[1]), RoleId().Match(cells[3]).Value))
            .ToList();
        Assert.Equal(Needed.OrderBy(n => n.ToString()), documented.OrderBy(n => n.ToString()));
    }

    private List<(ScopeKind Scope, string Role)> Granted()
    {
        var settings = Snapshot.AppSettings;
        var hostAccount = DeploymentSnapshot.ResourceId(
            "Microsoft.Storage/storageAccounts",
            settings["AzureWebJobsStorage__accountName"]
        );
        var dataAccount = StorageAccountId().Match(settings["TokenWatch__Storage__TableServiceUri"]).Groups["id"].Value;
        var keyVault = Snapshot.SingleOf("Microsoft.KeyVault/vaults")["id"]!.ToString();
        var appInsights = Snapshot.SingleOf("Microsoft.Insights/components")["id"]!.ToString();
        Assert.NotEqual(hostAccount, dataAccount);

        return Snapshot
            .OfType("Microsoft.Authorization/roleAssignments")
            .Select(Parse)
            .Select(a =>
            {
                Assert.Equal(
                    $"/subscriptions/{DeploymentSnapshot.SubscriptionId}/providers/"
                        + $"Microsoft.Authorization/roleDefinitions/{a.Role}",
                    a.RoleDefinitionId
                );
                var scope = a.Scope switch
                {
                    _ when a.Scope == hostAccount => ScopeKind.HostStorage,
                    _ when a.Scope == dataAccount => ScopeKind.DataStorage,
                    _ when a.Scope == keyVault => ScopeKind.KeyVault,
                    _ when a.Scope == appInsights => ScopeKind.AppInsights,
                    _ => throw new InvalidOperationException(
                        $"Role {a.Role} granted on an unexpected scope: {a.Scope}"
                    ),
                };
                return (scope, a.Role);
            })
            .ToList();
    }

    private static (string Scope, string Role, string RoleDefinitionId) Parse(
        System.Text.Json.Nodes.JsonObject assignment
    )
    {
        var id = assignment["id"]!.ToString();
        var match = AssignmentId().Match(id);
        Assert.True(match.Success, $"Unexpected role assignment id: {id}");
        return (
            match.Groups["scope"].Value,
            match.Groups["role"].Value,
            assignment["properties"]!["roleDefinitionId"]!.ToString()
        );
    }

    private static ScopeKind DocumentedScope(string cell) =>
        cell.ToLowerInvariant() switch
        {
            var c when c.Contains("host storage", StringComparison.Ordinal) => ScopeKind.HostStorage,
            var c when c.Contains("data storage", StringComparison.Ordinal) => ScopeKind.DataStorage,
            var c when c.Contains("key vault", StringComparison.Ordinal) => ScopeKind.KeyVault,
            var c when c.Contains("application insights", StringComparison.Ordinal) => ScopeKind.AppInsights,
            _ => throw new InvalidOperationException($"Unknown scope in docs/deploy.md: {cell}"),
        };

    // [extensionResourceId('<scope>', 'Microsoft.Authorization/roleAssignments', guid('<scope>', <principal>,
    // '<role>'))]
    [GeneratedRegex(
        @"^\[extensionResourceId\('(?<scope>[^']+)', 'Microsoft\.Authorization/roleAssignments', "
            + @"guid\('\k<scope>', .+, '(?<role>[0-9a-f-]{36})'\)\)\]$"
    )]
    private static partial Regex AssignmentId();

    [GeneratedRegex(@"reference\('(?<id>/subscriptions/[^']+/providers/Microsoft\.Storage/storageAccounts/[^']+)'")]
    private static partial Regex StorageAccountId();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleId();
}
