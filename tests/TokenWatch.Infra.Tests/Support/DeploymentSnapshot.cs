using System.Text.Json.Nodes;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// The resources `bicep snapshot` predicts for infra/main.bicepparam in a made-up subscription: names, ids and
/// every value known before deployment evaluated, runtime values (principal ids, endpoints) left as ARM
/// expressions, and secure parameters never evaluated.
/// </summary>
public sealed class DeploymentSnapshot
{
    public const string SubscriptionId = "5ab5c41f-0000-4000-8000-00000000a001";
    public const string TenantId = "7e4a11c2-0000-4000-8000-00000000b002";
    public const string ResourceGroup = "rg-tokenwatch-test";
    public const string Location = "westeurope";

    private readonly Lazy<IReadOnlyDictionary<string, JsonNode?>> _parameters;

    private DeploymentSnapshot(string text, Lazy<IReadOnlyDictionary<string, JsonNode?>> parameters)
    {
        Text = text;
        Root = JsonNode.Parse(text)!.AsObject();
        Resources = Root["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        _parameters = parameters;
    }

    /// <summary>
    /// The parameter values infra/main.bicepparam gives main.bicep (`bicep build-params`, run when first needed),
    /// secure ones included.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode?> Parameters => _parameters.Value;

    public string Text { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<JsonObject> Resources { get; }

    public JsonObject Outputs => Root["outputs"]!.AsObject();

    /// <summary>Builds the snapshot of the real infra/main.bicepparam with the given environment variables.</summary>
    public static DeploymentSnapshot Create(IReadOnlyDictionary<string, string?> environment) =>
        Create(environment, edit: null);

    /// <summary>
    /// The snapshot with infra/main.bicepparam changed by <paramref name="edit"/> first, as an operator edits the
    /// values it does not read from the environment (the schedules).
    /// </summary>
    public static DeploymentSnapshot Create(
        IReadOnlyDictionary<string, string?> environment,
        Func<string, string>? edit
    ) => WithParametersFile(edit, paramsFile =>
        {
            var result = BicepCli.Run(
                [
                    "snapshot",
                    paramsFile,
                    "--mode",
                    "overwrite",
                    "--subscription-id",
                    SubscriptionId,
                    "--tenant-id",
                    TenantId,
                    "--resource-group",
                    ResourceGroup,
                    "--location",
                    Location,
                ],
                environment
            );
            var snapshotFile = Path.Combine(Path.GetDirectoryName(paramsFile)!, "main.snapshot.json");
            if (result.ExitCode != 0 || !File.Exists(snapshotFile))
            {
                throw new InvalidOperationException($"bicep snapshot failed: {result.Describe()}");
            }

            return new DeploymentSnapshot(
                File.ReadAllText(snapshotFile),
                new Lazy<IReadOnlyDictionary<string, JsonNode?>>(() => BuildParameters(environment, edit))
            );
        });

    /// <summary>
    /// The snapshot leaves secure parameters as parameters('...'): their values come from build-params.
    /// </summary>
    private static IReadOnlyDictionary<string, JsonNode?> BuildParameters(
        IReadOnlyDictionary<string, string?> environment,
        Func<string, string>? edit
    ) => WithParametersFile(edit, paramsFile =>
        {
            var built = BicepCli.Run(["build-params", paramsFile, "--stdout"], environment);
            if (built.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build-params failed: {built.Describe()}");
            }

            var parametersJson = JsonNode.Parse(JsonNode.Parse(built.StdOut)!["parametersJson"]!.ToString())!;
            return (IReadOnlyDictionary<string, JsonNode?>)
                parametersJson["parameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!["value"]?.DeepClone());
        });

    /// <summary>Runs <paramref name="use"/> on a copy of infra/main.bicepparam in a temporary directory.</summary>
    private static T WithParametersFile<T>(Func<string, string>? edit, Func<string, T> use)
    {
        var directory = Directory.CreateTempSubdirectory("tokenwatch-snapshot-");
        try
        {
            // The parameters file is used as it is, only its `using` path is pointed back at infra/main.bicep.
            var original = File.ReadAllText(RepositoryPaths.MainBicepParam);
            const string usingLine = "using './main.bicep'";
            if (!original.Contains(usingLine, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"infra/main.bicepparam no longer says {usingLine}.");
            }

            var relative = Path.GetRelativePath(directory.FullName, RepositoryPaths.MainBicep).Replace('\\', '/');
            var paramsFile = Path.Combine(directory.FullName, "main.bicepparam");
            var text = original.Replace(usingLine, $"using '{relative}'", StringComparison.Ordinal);
            File.WriteAllText(paramsFile, edit is null ? text : edit(text));
            return use(paramsFile);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static string ResourceId(string type, string name) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/{type}/{name}";

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals(r["type"]?.ToString(), type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject SingleOf(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    public JsonObject ById(string id) =>
        Resources.SingleOrDefault(r => string.Equals(r["id"]?.ToString(), id, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No resource {id} in the snapshot.");

    /// <summary>
    /// The function app's settings (the sites/config 'appsettings' resource), with values known only at deployment
    /// left as their ARM expression, e.g. <c>[reference('…', '2023-01-31').clientId]</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings => AppSettingsWith(_ => null);

    /// <summary>
    /// The app settings with reference() answered by <paramref name="references"/> (a resource id in, its state out).
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettingsWith(Func<string, JsonObject?> references)
    {
        var config = OfType("Microsoft.Web/sites/config")
            .Single(r => r["name"]!.ToString().EndsWith("/appsettings", StringComparison.Ordinal));
        var settings = ArmExpression.Evaluate(config["properties"], Parameters, references)!.AsObject();
        return settings.ToDictionary(p => p.Key, p => p.Value!.ToString());
    }
}
