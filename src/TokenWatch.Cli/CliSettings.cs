using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// Configuration for the CLI, from the same keys as the Functions app: an optional JSON file
/// (<c>--config</c>, default <c>tokenwatch.json</c> when present), then environment variables
/// (<c>TokenWatch__Email__From</c>), then command-line overrides.
/// </summary>
internal static class CliSettings
{
    public const string DefaultFile = "tokenwatch.json";

    public static IConfiguration Build(string? configFile, IDictionary<string, string?> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        else if (File.Exists(DefaultFile))
        {
            builder.AddJsonFile(Path.GetFullPath(DefaultFile), optional: true);
        }

        var configuration = builder.AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        return OperatorSignIn(configuration) is { } signIn
            ? builder.AddInMemoryCollection(new Dictionary<string, string?> { [SignInKey] = signIn }).Build()
            : configuration;
    }

    public const string SignInKey = "TokenWatch:Storage:SignIn";

    /// <summary>
    /// A table endpoint without a connection string, and no sign-in chosen: the operator at a workstation, who has
    /// no managed identity, reaches it with their own <c>az login</c>.
    /// </summary>
    private static string? OperatorSignIn(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["TokenWatch:Storage:TableServiceUri"])
        && string.IsNullOrWhiteSpace(configuration["TokenWatch:Storage:ConnectionString"])
        && string.IsNullOrWhiteSpace(configuration[SignInKey])
            ? nameof(StorageSignIn.AzureCli)
            : null;

    /// <summary>
    /// The services of one CLI command. Logging goes to stderr so that stdout stays machine-readable: warnings and
    /// errors by default, the standard <c>Logging:LogLevel</c> settings (<c>Logging__LogLevel__Default</c>) over that,
    /// and <paramref name="logLevel"/> (<c>--quiet</c>, <c>--verbose</c>) over everything.
    /// </summary>
    public static ServiceProvider Services(
        IConfiguration configuration,
        TokenWatchScope scope,
        Action<IServiceCollection>? customize = null,
        LogLevel? logLevel = null
    )
    {
        var services = new ServiceCollection();
        if (StorageCircuit.Current is { } circuit)
        {
            services.AddSingleton(circuit.ClientOptions());
        }

        services.AddLogging(logging =>
        {
            var libraries = logLevel is { } l && l > LogLevel.Warning ? l : LogLevel.Warning;
            logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddConfiguration(configuration.GetSection("Logging"))
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                })
                .AddFilter("System.Net.Http", libraries)
                .AddFilter("Microsoft", libraries)
                .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o =>
                    o.LogToStandardErrorThreshold = LogLevel.Trace
                );
            if (logLevel is { } forced)
            {
                logging.AddFilter(category: null, level: forced);
            }
        });
        // After logging, so that a command may wrap a logger provider (run folds repeated failures).
        customize?.Invoke(services);
        services.AddTokenWatch(configuration, scope);
        return services.BuildServiceProvider();
    }

    /// <summary>Prints every configuration problem (one line each) and says whether TokenWatch can start.</summary>
    public static bool Validate(IServiceProvider services, TextWriter error)
    {
        var problems = services.ConfigurationProblems();
        foreach (var problem in problems)
        {
            error.WriteLine($"configuration: {problem}");
        }

        return problems.Count == 0;
    }

    public static GraphAuth? ParseAuth(string? slug) =>
        slug switch
        {
            null => null,
            "none" => GraphAuth.None,
            "managed-identity" => GraphAuth.ManagedIdentity,
            "client-secret" => GraphAuth.ClientSecret,
            "client-certificate" => GraphAuth.ClientCertificate,
            "federated-managed-identity" => GraphAuth.FederatedManagedIdentity,
            "azure-cli" => GraphAuth.AzureCli,
            _ => throw new ArgumentOutOfRangeException(nameof(slug), slug, "Unknown auth mode."),
        };

    public static readonly string[] AuthSlugs =
    [
        "none",
        "managed-identity",
        "client-secret",
        "client-certificate",
        "federated-managed-identity",
        "azure-cli",
    ];
}
