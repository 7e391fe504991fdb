using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Cli;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary>
/// What <c>run</c> logs: warnings and errors by default (a cron job mails only when something needs a person), the
/// standard <c>Logging__LogLevel__Default</c> setting over that, and <c>--quiet</c> / <c>--verbose</c> over both.
/// </summary>
public sealed class RunLoggingTests
{
    [Theory]
    [InlineData(null, null, LogLevel.Warning)]
    [InlineData("Information", null, LogLevel.Information)]
    [InlineData("Error", null, LogLevel.Error)]
    [InlineData("Information", LogLevel.Error, LogLevel.Error)] // --quiet wins over the setting
    [InlineData("Error", LogLevel.Information, LogLevel.Information)] // --verbose too
    public void The_log_level_follows_the_settings_and_the_flags(string? configured, LogLevel? flag, LogLevel expected)
    {
        var settings = new Dictionary<string, string?>();
        if (configured is not null)
        {
            settings["Logging:LogLevel:Default"] = configured;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = CliSettings.Services(configuration, TokenWatchScope.ReadOnly, logLevel: flag);
        var logger = services.GetRequiredService<ILogger<PollService>>();

        var lowest = Enum.GetValues<LogLevel>().First(l => l != LogLevel.None && logger.IsEnabled(l));

        Assert.Equal(expected, lowest);
    }

    [Fact]
    public async Task Quiet_and_verbose_together_are_refused()
    {
        var (code, _, stderr) = await CliRun.RunAsync("run", "--quiet", "--verbose");

        Assert.Equal(3, code);
        Assert.Contains("--quiet and --verbose cannot be used together.", stderr, StringComparison.Ordinal);
    }
}
