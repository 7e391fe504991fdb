using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>No secret in any output, any parameter default or any app setting of the compiled ARM template.</summary>
[Collection(InfraTestGroup.Name)]
public sealed partial class TemplateSecretTests(InfraFixture infra)
{
    [Fact]
    public void Compiled_template_has_modules_to_check()
    {
        // Guards the walks below against checking nothing (e.g. if the template shape changed).
        var paths = ArmTemplate.AllTemplates(infra.CompiledTemplate).Select(s => s.Path).ToList();
        Assert.Contains("main", paths);
        Assert.Contains(paths, p => p.EndsWith("/keyVault", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.EndsWith("/functionApp", StringComparison.Ordinal));
        Assert.True(paths.Count >= 8, string.Join(", ", paths));
    }

    [Fact]
    public void Secret_like_parameters_are_secure_and_have_no_default()
    {
        var problems = new List<string>();
        foreach (var scope in ArmTemplate.AllTemplates(infra.CompiledTemplate))
        {
            foreach (var (name, parameter) in ArmTemplate.Parameters(scope.Template))
            {
                var secure = ArmTemplate.IsSecure(parameter);
                if (SecretLikeName(name) && !secure)
                {
                    problems.Add($"{scope.Path}: parameter {name} looks like a secret but is {parameter["type"]}");
                }

                if (secure && parameter["defaultValue"] is { } defaultValue && defaultValue.ToString().Length > 0)
                {
                    problems.Add($"{scope.Path}: secure parameter {name} has a default value");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void No_parameter_default_holds_a_secret_value()
    {
        var problems = ArmTemplate
            .AllTemplates(infra.CompiledTemplate)
            .SelectMany(scope =>
                ArmTemplate
                    .Parameters(scope.Template)
                    .SelectMany(p =>
                        ArmTemplate.Strings(
                            p.Parameter["defaultValue"],
                            $"{scope.Path}.parameters.{p.Name}.defaultValue"
                        )
                    )
            )
            .Where(s => SecretValue().IsMatch(s.Value))
            .Select(s => $"{s.Path} = {s.Value}")
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void No_output_exposes_a_secret()
    {
        var problems = new List<string>();
        foreach (var scope in ArmTemplate.AllTemplates(infra.CompiledTemplate))
        {
            var secureParameters = ArmTemplate
                .Parameters(scope.Template)
                .Where(p => ArmTemplate.IsSecure(p.Parameter))
                .Select(p => p.Name)
                .ToList();
            foreach (var (name, output) in ArmTemplate.Outputs(scope.Template))
            {
                var value = output.ToJsonString();
                if (ArmTemplate.IsSecure(output))
                {
                    problems.Add($"{scope.Path}: output {name} is {output["type"]}");
                }

                if (SecretLikeName(name))
                {
                    problems.Add($"{scope.Path}: output {name} has a secret-like name");
                }

                if (SecretExpression().IsMatch(value))
                {
                    problems.Add($"{scope.Path}: output {name} reads keys or connection strings: {value}");
                }

                foreach (var secure in secureParameters)
                {
                    if (value.Contains($"parameters('{secure}')", StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"{scope.Path}: output {name} returns the secure parameter {secure}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Template_never_lists_keys_or_builds_key_based_connection_strings()
    {
        // Everything authenticates with Entra ID; a listKeys() or an AccountKey= would mean a secret in play.
        var hits = ArmTemplate
            .Strings(infra.CompiledTemplate)
            .Where(s => KeyAccess().IsMatch(s.Value) || SecretValue().IsMatch(s.Value))
            .Select(s => $"{s.Path}: {s.Value}")
            .ToList();
        Assert.True(hits.Count == 0, string.Join('\n', hits));
    }

    [Fact]
    public void SendGrid_key_parameter_flows_only_into_the_key_vault_secret()
    {
        const string reference = "parameters('sendGridApiKey')";
        var allowed = new List<string>();
        var forbidden = new List<string>();
        foreach (var scope in ArmTemplate.AllTemplates(infra.CompiledTemplate))
        {
            foreach (var section in new[] { "variables", "outputs" })
            {
                forbidden.AddRange(
                    ArmTemplate
                        .Strings(scope.Template[section], $"{scope.Path}.{section}")
                        .Where(s => s.Value.Contains(reference, StringComparison.Ordinal))
                        .Select(s => s.Path)
                );
            }

            foreach (var (name, resource) in ArmTemplate.Resources(scope.Template))
            {
                var type = resource["type"]?.ToString();
                foreach (var (path, value) in ArmTemplate.Strings(resource))
                {
                    // A module's own template is checked as a scope of its own.
                    if (
                        !value.Contains(reference, StringComparison.Ordinal)
                        || path.StartsWith("$.properties.template.", StringComparison.Ordinal)
                    )
                    {
                        continue;
                    }

                    var ok =
                        (
                            type == "Microsoft.Resources/deployments"
                            && path == "$.properties.parameters.sendGridApiKey.value"
                        )
                        || (
                            type == "Microsoft.KeyVault/vaults/secrets" && path is "$.condition" or "$.properties.value"
                        );
                    (ok ? allowed : forbidden).Add($"{scope.Path}: {type} {name} {path}");
                }
            }
        }

        Assert.True(
            forbidden.Count == 0,
            "sendGridApiKey may only be passed to the Key Vault module and stored as the secret; also used at:\n"
                + string.Join('\n', forbidden)
        );
        // Passed once to the Key Vault module; there, the secret's condition and value.
        Assert.True(allowed.Count == 3, string.Join('\n', allowed));
        Assert.Contains(allowed, a =>
            a.Contains("Microsoft.KeyVault/vaults/secrets", StringComparison.Ordinal)
            && a.EndsWith("$.properties.value", StringComparison.Ordinal)
        );
    }

    private static bool SecretLikeName(string name) => SecretName().IsMatch(name) && !IdentifierSuffix().IsMatch(name);

    [GeneratedRegex(
        "(password|secret|apikey|accountkey|connectionstring|sastoken|credential|privatekey)",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex SecretName();

    // "secretName", "keyVaultUri", "managedIdentityClientId" name a secret or a principal, they are not one.
    [GeneratedRegex("(name|names|id|uri|url)$", RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierSuffix();

    // A SendGrid key, a storage account key or SAS, an instrumentation key, a PEM block, a client secret.
    [GeneratedRegex(
        @"SG\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}|AccountKey=|SharedAccessSignature=|[?&]sig=|"
            + @"InstrumentationKey=[0-9a-fA-F-]{36}|-----BEGIN|client_secret=",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex SecretValue();

    [GeneratedRegex(
        @"\blist[A-Za-z]*\(|\.ConnectionString\b|primaryKey|secondaryKey|InstrumentationKey",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex SecretExpression();

    [GeneratedRegex(@"\blist(Keys|AccountSas|ServiceSas|Secrets|ConnectionStrings)\(", RegexOptions.IgnoreCase)]
    private static partial Regex KeyAccess();
}
