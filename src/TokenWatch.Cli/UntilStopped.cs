using System.Runtime.InteropServices;

namespace TokenWatch.Cli;

/// <summary>Keeps <c>demo</c> and <c>simulate</c> serving until Ctrl+C, a plain kill or a cancellation.</summary>
internal static class UntilStopped
{
    public static async Task WaitAsync(TextWriter stdout, CancellationToken cancellationToken)
    {
        await stdout.WriteLineAsync("Stop with Ctrl+C.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Ctrl+C and a plain kill both stop Azurite and the simulator rather than leave them running.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            await stdout.WriteLineAsync("Stopped.");
        }
    }
}
