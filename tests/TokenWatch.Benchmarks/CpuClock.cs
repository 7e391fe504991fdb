using System.Diagnostics;

namespace TokenWatch.Benchmarks;

/// <summary>
/// CPU time spent by this process (TokenWatch and the simulator) and by Azurite between laps: on a machine with
/// two cores, it says whether a phase waited on latency or on the processors.
/// </summary>
internal sealed class CpuClock(Process azurite)
{
    private TimeSpan _self = Self();
    private TimeSpan _azurite = Of(azurite);

    public CpuTime Lap()
    {
        var self = Self();
        var emulator = Of(azurite);
        var lap = new CpuTime(self - _self, emulator - _azurite);
        (_self, _azurite) = (self, emulator);
        return lap;
    }

    private static TimeSpan Self()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static TimeSpan Of(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}
