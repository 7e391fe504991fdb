using TokenWatch.Infrastructure;

namespace TokenWatch.Cli;

/// <summary>
/// Where <c>tokenwatch check</c> writes, and in what form (<c>table</c>, <c>json</c> or <c>nagios</c>). A monitoring
/// plugin shows only stdout, so under <c>nagios</c> every error is an <c>UNKNOWN:</c> line there; otherwise errors go
/// to stderr and stdout keeps only the result.
/// </summary>
internal sealed record CheckOutput(string Format, TextWriter Stdout, TextWriter Stderr)
{
    public const string Nagios = "nagios";

    public static readonly string[] Formats = ["table", "json", Nagios];

    public bool IsPlugin => Format == Nagios;

    public Task ErrorAsync(string line) =>
        IsPlugin ? Stdout.WriteLineAsync($"UNKNOWN: {line}") : Stderr.WriteLineAsync(line);

    /// <summary>Prints every configuration problem (one line each); true when TokenWatch can start.</summary>
    public async Task<bool> ValidateAsync(IServiceProvider services)
    {
        var problems = services.ConfigurationProblems();
        foreach (var problem in problems)
        {
            await ErrorAsync($"configuration: {problem}");
        }

        return problems.Count == 0;
    }
}
