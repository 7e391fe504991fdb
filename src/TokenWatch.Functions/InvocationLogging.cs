using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace TokenWatch.Functions;

/// <summary>
/// Logs the end of every function invocation as an event of TokenWatch's own: the heartbeat alerts count
/// FunctionCompleted per function and the failure alert counts FunctionFailed, because the host's request metrics
/// are not exported in OpenTelemetry mode.
/// </summary>
public sealed partial class InvocationLogging(TimeProvider clock, ILogger<InvocationLogging> logger)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var started = clock.GetTimestamp();
        var function = context.FunctionDefinition.Name;
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            LogFailed(ex, function, clock.GetElapsedTime(started).TotalSeconds, ex.Message);
            throw;
        }

        LogCompleted(function, clock.GetElapsedTime(started).TotalSeconds);
    }

    [LoggerMessage(
        EventId = 7001,
        EventName = "FunctionCompleted",
        Level = LogLevel.Information,
        Message = "Function {FunctionName} completed in {DurationSeconds:F1} s"
    )]
    private partial void LogCompleted(string functionName, double durationSeconds);

    [LoggerMessage(
        EventId = 7002,
        EventName = "FunctionFailed",
        Level = LogLevel.Error,
        Message = "Function {FunctionName} failed after {DurationSeconds:F1} s: {Reason}"
    )]
    private partial void LogFailed(Exception exception, string functionName, double durationSeconds, string reason);
}
