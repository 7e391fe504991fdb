namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Ends one HTTP attempt that takes longer than <paramref name="timeout"/> with a <see cref="GraphTimeoutException"/>.
/// It sits inside the retry handler, so a retry's wait does not count against an attempt, and it runs on the
/// app's <see cref="TimeProvider"/>, so tests decide with a fake clock when an attempt has taken too long.
/// The body is read inside the attempt (<see cref="BoundedBodyHandler"/> is inside this handler), so the timeout
/// bounds the whole answer, not only the wait for its headers.
/// </summary>
internal sealed class AttemptTimeoutHandler(TimeSpan timeout, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        using var attempt = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
        try
        {
            return await base.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException ex)
            when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GraphTimeoutException(timeout, ex);
        }
    }
}
