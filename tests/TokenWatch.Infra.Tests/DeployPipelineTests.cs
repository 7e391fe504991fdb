using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The GitHub deployment deploys what azd deploys, only after CI passed, and its pull-request preview cannot change
/// anything even when a pull request edits the workflow.
/// </summary>
public sealed partial class DeployPipelineTests
{
    private static string DeployWorkflow => File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "deploy.yml"));

    [Fact]
    public void Deploy_workflow_sets_every_variable_the_parameters_file_reads()
    {
        // azd hands every variable of its environment to infra/main.bicepparam; the workflow must name each one,
        // or the next push to main deploys without it (and, e.g., drops the client-secret references).
        var read = ReadEnvironmentVariable()
            .Matches(File.ReadAllText(RepositoryPaths.MainBicepParam))
            .Select(m => m.Groups["name"].Value)
            .Distinct()
            .ToList();
        var set = EnvironmentKey().Matches(DeployWorkflow).Select(m => m.Groups["name"].Value).ToHashSet();

        Assert.Contains("TOKENWATCH_ADDITIONAL_APP_SETTINGS", read);
        Assert.True(read.Count >= 10, $"expected the parameters file's variables, found {string.Join(", ", read)}");
        var missing = read.Where(name => !set.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"deploy.yml does not set {string.Join(", ", missing)}");
    }

    [Fact]
    public void Azd_provisions_the_same_parameters_file()
    {
        var azure = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));
        Assert.Contains("path: infra", azure, StringComparison.Ordinal);
        Assert.Contains("module: main", azure, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryPaths.MainBicepParam));
    }

    [Fact]
    public void Deploy_runs_only_after_CI_passed_on_main_and_deploys_the_commit_CI_tested()
    {
        var workflow = DeployWorkflow;
        var on = workflow[
            workflow.IndexOf("\non:", StringComparison.Ordinal)..workflow.IndexOf(
                "\npermissions:",
                StringComparison.Ordinal
            )
        ];
        Assert.DoesNotContain("push:", on, StringComparison.Ordinal);
        Assert.DoesNotContain("workflow_dispatch", on, StringComparison.Ordinal);
        Assert.Contains(
            "workflow_run:\n    workflows: [ci]\n    types: [completed]\n    branches: [main]",
            on,
            StringComparison.Ordinal
        );

        var deploy = Job(workflow, "deploy");
        Assert.Contains("github.event.workflow_run.conclusion == 'success'", deploy, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.event == 'push'", deploy, StringComparison.Ordinal);
        Assert.Contains("ref: ${{ github.event.workflow_run.head_sha }}", deploy, StringComparison.Ordinal);
        Assert.Contains("environment: production", deploy, StringComparison.Ordinal);
        Assert.Contains("client-id: ${{ vars.AZURE_CLIENT_ID }}", deploy, StringComparison.Ordinal);

        var ci = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "ci.yml"));
        Assert.StartsWith(
            "name: ci\n",
            ci[ci.IndexOf("name: ci", StringComparison.Ordinal)..],
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void A_push_that_leaves_infra_unchanged_deploys_only_the_code_and_outside_the_poll_and_evaluation()
    {
        var deploy = Job(DeployWorkflow, "deploy");

        Assert.Contains("fetch-depth: 0", deploy, StringComparison.Ordinal);
        Assert.Contains(
            "git diff --quiet \"$previous\" HEAD -- infra/ .github/workflows/deploy.yml",
            deploy,
            StringComparison.Ordinal
        );
        // The deployment's name carries its commit, the next run's point of comparison.
        Assert.Contains("--name \"tokenwatch-$(git rev-parse HEAD)\"", deploy, StringComparison.Ordinal);
        var infraStep = deploy[deploy.IndexOf("- name: Deploy infra/main.bicep", StringComparison.Ordinal)..];
        Assert.StartsWith(
            "- name: Deploy infra/main.bicep\n        id: infra\n        if: steps.changes.outputs.infra == 'true'\n",
            infraStep,
            StringComparison.Ordinal
        );
        Assert.True(
            deploy.IndexOf("Wait until :10-:55", StringComparison.Ordinal)
                < deploy.IndexOf("uses: Azure/functions-action", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Pull_request_what_if_signs_in_as_a_read_only_identity()
    {
        var whatIf = Job(DeployWorkflow, "what-if");
        Assert.Contains("client-id: ${{ vars.AZURE_WHATIF_CLIENT_ID }}", whatIf, StringComparison.Ordinal);
        Assert.DoesNotContain("vars.AZURE_CLIENT_ID", whatIf, StringComparison.Ordinal);
        Assert.Contains("environment: what-if", whatIf, StringComparison.Ordinal);
        // Checks read permissions instead of write permissions: what-if works with the read-only role.
        Assert.Contains("--validation-level ProviderNoRbac", whatIf, StringComparison.Ordinal);
        Assert.DoesNotContain("az deployment group create", whatIf, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets.", whatIf, StringComparison.Ordinal);
    }

    [Fact]
    public void What_if_role_can_read_and_preview_and_nothing_else()
    {
        var role = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "what-if-role.json")))!;
        Assert.Equal(
            [
                "*/read",
                "Microsoft.Resources/deployments/whatIf/action",
                "Microsoft.Resources/deployments/validate/action",
            ],
            role["Actions"]!.AsArray().Select(a => a!.ToString())
        );
        Assert.Empty(role["DataActions"]!.AsArray());
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "deploy.md"));
        Assert.Contains("infra/what-if-role.json", docs, StringComparison.Ordinal);
        Assert.Contains("AZURE_WHATIF_CLIENT_ID", docs, StringComparison.Ordinal);
    }

    /// <summary>The text of one job of a workflow, up to the next job.</summary>
    private static string Job(string workflow, string name)
    {
        var start = workflow.IndexOf($"\n  {name}:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no job {name}");
        var next = NextJob().Match(workflow, start + name.Length + 4);
        return next.Success ? workflow[start..next.Index] : workflow[start..];
    }

    [GeneratedRegex(@"readEnvironmentVariable\('(?<name>[A-Z_]+)'")]
    private static partial Regex ReadEnvironmentVariable();

    [GeneratedRegex(@"^\s+(?<name>[A-Z][A-Z0-9_]+):", RegexOptions.Multiline)]
    private static partial Regex EnvironmentKey();

    [GeneratedRegex(@"\n  [a-z-]+:\n")]
    private static partial Regex NextJob();
}
