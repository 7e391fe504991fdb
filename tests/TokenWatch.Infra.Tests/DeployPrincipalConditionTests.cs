using System.Text.RegularExpressions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The deploy principal's Role Based Access Control Administrator is constrained (infra/deploy-principal-condition.txt,
/// docs/deploy.md) to exactly the roles the template assigns, and to service principals.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed partial class DeployPrincipalConditionTests(InfraFixture infra)
{
    private static readonly string ConditionFile = Path.Combine(
        RepositoryPaths.Infra,
        "deploy-principal-condition.txt"
    );

    [Fact]
    public void The_condition_allows_exactly_the_roles_the_template_assigns_to_service_principals()
    {
        var assignments = infra.DefaultSnapshot.OfType("Microsoft.Authorization/roleAssignments");
        var assigned = assignments
            .Select(a => a["properties"]!["roleDefinitionId"]!.ToString().Split('/')[^1])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", a["properties"]!["principalType"]!.ToString()));
        var condition = File.ReadAllText(ConditionFile);

        var lists = RoleList().Matches(condition).Select(m => m.Groups["ids"].Value).ToList();
        Assert.Equal(2, lists.Count); // one for writing an assignment, one for deleting it
        Assert.All(lists, list =>
            Assert.Equal(
                assigned.Order(StringComparer.OrdinalIgnoreCase),
                list.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.OrdinalIgnoreCase),
                StringComparer.OrdinalIgnoreCase
            )
        );
        Assert.Equal(2, PrincipalTypeServicePrincipal().Count(condition));
    }

    [Fact]
    public void The_deploy_guide_assigns_the_role_with_the_condition()
    {
        var deploy = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "deploy.md"));

        Assert.Contains(
            "--condition \"$(cat infra/deploy-principal-condition.txt)\" --condition-version 2.0",
            deploy,
            StringComparison.Ordinal
        );
    }

    [GeneratedRegex(@"RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{(?<ids>[^}]*)\}")]
    private static partial Regex RoleList();

    [GeneratedRegex(@"PrincipalType\] ForAnyOfAnyValues:StringEqualsIgnoreCase \{'ServicePrincipal'\}")]
    private static partial Regex PrincipalTypeServicePrincipal();
}
