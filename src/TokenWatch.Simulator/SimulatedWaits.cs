namespace TokenWatch.Simulator;

/// <summary>
/// The simulator's waits before an answer, on its own clock: a test with a fake clock decides when (or whether) a
/// slow answer comes. A wait ends early when the client gives up or the simulator stops.
/// </summary>
internal sealed class SimulatedWaits(TimeProvider clock, CancellationToken stopping)
{
    /// <summary>
    /// The shared load's latency: on the simulator's clock, and not announced as a tenant fault's delay is.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan latency, CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        try
        {
            await Task.Delay(latency, clock, linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits on the simulator's clock, so a test with a fake clock decides when (or whether) a slow answer comes.
    /// </summary>
    public async Task<bool> DelayAsync(
        SimulatedTenant tenant,
        SimulatedRequest pending,
        TimeSpan latency,
        CancellationToken requestAborted
    )
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        try
        {
            // The timer must exist before anyone hears of the wait: a test that advances the fake clock on that
            // signal would otherwise move time before the delay starts counting, and the answer would never come.
            var delay = Task.Delay(latency, clock, linked.Token);
            tenant.DelayStarted(pending);
            await delay;
            return true;
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its timeout) or the simulator is stopping: nobody is waiting for an answer.
            return false;
        }
    }
}
