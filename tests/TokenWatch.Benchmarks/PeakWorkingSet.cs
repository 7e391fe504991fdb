using System.Diagnostics;

namespace TokenWatch.Benchmarks;

/// <summary>
/// The highest working set of this process while a cycle runs. On Linux the kernel's own high-water mark
/// (<c>VmHWM</c>, what <see cref="Process.PeakWorkingSet64"/> reads) is reset at the start by writing 5 to
/// <c>/proc/self/clear_refs</c>, so the peak is this cycle's and not an earlier run's; elsewhere, and as a
/// cross-check, the working set is also sampled every 250 ms (more often, the sampling itself costs CPU a long serial
/// run notices).
/// </summary>
internal sealed class PeakWorkingSet : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly bool _kernelPeakReset;
    private long _sampled;

    private PeakWorkingSet()
    {
        _kernelPeakReset = TryResetKernelPeak();
        _sampler = SampleAsync(_stop.Token);
    }

    public static PeakWorkingSet Start() => new();

    /// <summary>Stops measuring; the peak in bytes.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        using var process = Process.GetCurrentProcess();
        return _kernelPeakReset ? Math.Max(process.PeakWorkingSet64, _sampled) : _sampled;
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        using var process = Process.GetCurrentProcess();
        do
        {
            process.Refresh();
            _sampled = Math.Max(_sampled, process.WorkingSet64);
        } while (await Wait(timer, cancellationToken));
    }

    private static async Task<bool> Wait(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool TryResetKernelPeak()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
