using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// `bicep build` and `bicep lint` report nothing at all, with the linter configured in infra/bicepconfig.json.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed partial class BicepDiagnosticsTests(InfraFixture infra)
{
    // Rules that stay off, and why. Anything else set to "off" fails LinterIsOnForEveryRule.
    private static readonly Dictionary<string, string> RulesAllowedOff = new()
    {
        // Judges API versions against today's date: the same commit would start failing with time.
        ["use-recent-api-versions"] = "date-dependent",
        // Only about registry modules, which this repository does not use.
        ["use-recent-module-versions"] = "no registry modules",
    };

    [Fact]
    public void Build_of_main_bicep_succeeds_without_any_diagnostic()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.Describe());
        var diagnostics = DiagnosticLine()
            .Matches(infra.Build.StdErr + infra.Build.StdOut)
            .Select(m => m.Value)
            .ToList();
        Assert.True(diagnostics.Count == 0, "bicep build reported:\n" + string.Join('\n', diagnostics));
        Assert.True(File.Exists(infra.CompiledTemplatePath));
    }

    [Fact]
    public void Lint_of_every_bicep_file_reports_nothing()
    {
        var result = BicepCli.Run(["lint", "--pattern", "infra/**/*.bicep", "--diagnostics-format", "sarif"]);
        Assert.True(result.ExitCode == 0, result.Describe());
        var diagnostics = Sarif.Parse(result.StdOut);
        Assert.True(diagnostics.Count == 0, "bicep lint reported:\n" + string.Join('\n', diagnostics));
    }

    [Fact]
    public void Lint_of_the_parameters_file_reports_nothing()
    {
        var result = BicepCli.Run(
            ["lint", RepositoryPaths.MainBicepParam, "--diagnostics-format", "sarif"],
            InfraFixture.DefaultEnvironment
        );
        Assert.True(result.ExitCode == 0, result.Describe());
        var diagnostics = Sarif.Parse(result.StdOut);
        Assert.True(diagnostics.Count == 0, "bicep lint reported:\n" + string.Join('\n', diagnostics));
    }

    [Fact]
    public void Lint_catches_a_known_problem_with_this_configuration()
    {
        // The control for the two tests above: the same CLI, the same bicepconfig.json, a file with
        // an unused parameter and a hard-coded secret default must produce diagnostics.
        var directory = Directory.CreateTempSubdirectory("tokenwatch-lint-");
        try
        {
            File.Copy(
                Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"),
                Path.Combine(directory.FullName, "bicepconfig.json")
            );
            var file = Path.Combine(directory.FullName, "bad.bicep");
            File.WriteAllText(
                file,
                """
                param unused string
                @secure()
                param apiKey string = 'SG.not-a-real-key'
                output key string = apiKey
                resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
                  name: 'id-test'
                  location: 'westus'
                }
                """
            );
            var result = BicepCli.Run(["lint", file, "--diagnostics-format", "sarif"]);
            var rules = Sarif.Parse(result.StdOut).Select(d => d.RuleId).ToHashSet();
            Assert.Contains("no-unused-params", rules);
            Assert.Contains("secure-parameter-default", rules);
            Assert.Contains("outputs-should-not-contain-secrets", rules);
            // Off by default: reported only because infra/bicepconfig.json was read and turns it on.
            Assert.Contains("no-hardcoded-location", rules);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bicep_files_are_formatted()
    {
        // `bicep format` on a copy must change nothing: one layout, no formatting noise in reviews.
        var copy = Directory.CreateTempSubdirectory("tokenwatch-format-");
        try
        {
            var files = Directory
                .GetFiles(RepositoryPaths.Infra, "*.bicep*", SearchOption.AllDirectories)
                .Where(f =>
                    f.EndsWith(".bicep", StringComparison.Ordinal)
                    || f.EndsWith(".bicepparam", StringComparison.Ordinal)
                )
                .ToList();
            Assert.NotEmpty(files);
            var unformatted = new List<string>();
            foreach (var file in files)
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Infra, file);
                var target = Path.Combine(copy.FullName, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                var result = BicepCli.Run(["format", target]);
                Assert.True(result.ExitCode == 0, result.Describe());
                if (File.ReadAllText(target) != File.ReadAllText(file))
                {
                    unformatted.Add(relative);
                }
            }

            Assert.True(unformatted.Count == 0, "Run `bicep format` on: " + string.Join(", ", unformatted));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parameters_file_builds_with_only_the_required_environment()
    {
        var result = BicepCli.Run(
            ["build-params", RepositoryPaths.MainBicepParam, "--stdout"],
            InfraFixture.DefaultEnvironment
        );
        Assert.True(result.ExitCode == 0, result.Describe());
        var parameters = JsonNode.Parse(JsonNode.Parse(result.StdOut)!["parametersJson"]!.ToString())![
            "parameters"
        ]!.AsObject();
        Assert.Equal(InfraFixture.OpsEmail, parameters["opsEmail"]!["value"]!.ToString());
        Assert.Equal("", parameters["sendGridApiKey"]!["value"]!.ToString());
    }

    [Fact]
    public void Parameters_file_refuses_to_build_without_the_ops_email()
    {
        // No silent placeholder address for platform alerts.
        var environment = new Dictionary<string, string?> { ["TOKENWATCH_EMAIL_FROM"] = InfraFixture.EmailFrom };
        var result = BicepCli.Run(["build-params", RepositoryPaths.MainBicepParam, "--stdout"], environment);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("TOKENWATCH_OPS_EMAIL", result.StdErr + result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Linter_is_on_for_every_rule()
    {
        var config = JsonNode.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json")),
            documentOptions: new System.Text.Json.JsonDocumentOptions
            {
                CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            }
        )!;
        var core = config["analyzers"]!["core"]!;
        Assert.True(core["enabled"]!.GetValue<bool>());
        var off = core["rules"]!
            .AsObject()
            .Where(r => r.Value!["level"]!.ToString() is "off" or "info")
            .Select(r => r.Key)
            .Where(name => !RulesAllowedOff.ContainsKey(name))
            .ToList();
        Assert.True(off.Count == 0, "Rules turned down without a reason: " + string.Join(", ", off));
        foreach (
            var rule in new[]
            {
                "outputs-should-not-contain-secrets",
                "secure-parameter-default",
                "secure-secrets-in-params",
                "use-secure-value-for-secure-inputs",
            }
        )
        {
            Assert.Equal("error", core["rules"]![rule]!["level"]!.ToString());
        }
    }

    [GeneratedRegex(@"^.*\) : (Error|Warning|Info) .*$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
