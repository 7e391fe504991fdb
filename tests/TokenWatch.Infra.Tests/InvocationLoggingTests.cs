using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Functions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>The events the heartbeat and failure alerts count, as the Functions app's middleware logs them.</summary>
public sealed class InvocationLoggingTests
{
    [Fact]
    public async Task A_completed_invocation_logs_FunctionCompleted_with_the_function_name()
    {
        var logger = new FakeLogger<InvocationLogging>();
        var clock = new FakeTimeProvider();

        await new InvocationLogging(clock, logger).Invoke(new InvocationStub("EvaluateAlerts"), _ =>
        {
            clock.Advance(TimeSpan.FromSeconds(12));
            return Task.CompletedTask;
        });

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(("FunctionCompleted", 7001, LogLevel.Information), (record.Id.Name, record.Id.Id, record.Level));
        Assert.Equal("EvaluateAlerts", record.GetStructuredStateValue("FunctionName"));
        Assert.Equal("Function EvaluateAlerts completed in 12.0 s", record.Message);
    }

    [Fact]
    public async Task A_failed_invocation_logs_FunctionFailed_and_still_fails()
    {
        var logger = new FakeLogger<InvocationLogging>();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new InvocationLogging(new FakeTimeProvider(), logger).Invoke(new InvocationStub("CleanUpStorage"), _ =>
                throw new InvalidOperationException("table gone")
            )
        );

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(("FunctionFailed", 7002, LogLevel.Error), (record.Id.Name, record.Id.Id, record.Level));
        Assert.Equal("CleanUpStorage", record.GetStructuredStateValue("FunctionName"));
        Assert.Same(thrown, record.Exception);
    }
}
