using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace TokenWatch.Cli;

/// <summary>
/// Stops a command at the first storage operation that got no answer (refused, or silent past its timeout and
/// retries): each operation is bounded, but a run makes hundreds one after another, so without this a silent
/// endpoint would hold a cron run for as many bounds. The command's token is cancelled, everything in flight unwinds,
/// and <see cref="TokenWatchCli"/> prints <see cref="Reason"/> once. A storage that answers, even with an error, does
/// not trip it. One per command invocation, found by the services that command builds (<see cref="Current"/>).
/// </summary>
internal sealed class StorageCircuit : HttpPipelinePolicy, IDisposable
{
    private static readonly AsyncLocal<StorageCircuit?> Ambient = new();
    private readonly CancellationTokenSource _command;
    private string? _reason;

    private StorageCircuit(CancellationToken outer) =>
        _command = CancellationTokenSource.CreateLinkedTokenSource(outer);

    /// <summary>The circuit of the command running on this flow, if any.</summary>
    public static StorageCircuit? Current => Ambient.Value;

    /// <summary>Opens the circuit of one command; its <see cref="Token"/> is the command's token.</summary>
    public static StorageCircuit Open(CancellationToken outer) => Ambient.Value = new StorageCircuit(outer);

    public CancellationToken Token => _command.Token;

    /// <summary>What could not be reached, one line; null while storage has answered every operation.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>Table client options that route every storage operation of a command through this circuit.</summary>
    public TableClientOptions ClientOptions()
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return options;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfTripped();
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unanswered(ex) && !message.CancellationToken.IsCancellationRequested)
        {
            throw Trip(message, ex);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfTripped();
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception ex) when (Unanswered(ex) && !message.CancellationToken.IsCancellationRequested)
        {
            throw Trip(message, ex);
        }
    }

    private void ThrowIfTripped()
    {
        if (Reason is not null)
        {
            throw new OperationCanceledException(Reason, _command.Token);
        }
    }

    /// <summary>
    /// Records the first cause and cancels the command; what the caller gets is a cancellation, so that no tenant
    /// logs the same outage again on the way out.
    /// </summary>
    private OperationCanceledException Trip(HttpMessage message, Exception ex)
    {
        var endpoint = message.Request.Uri.ToUri().GetLeftPart(UriPartial.Authority);
        var reason = $"storage unavailable: {endpoint} could not be reached ({Cause(ex)})";
        Interlocked.CompareExchange(ref _reason, reason, null);
        _command.Cancel();
        return new OperationCanceledException(Reason, ex, _command.Token);
    }

    /// <summary>No HTTP answer at all: a refused or dropped connection, or a timeout (every retry included).</summary>
    private static bool Unanswered(Exception ex) =>
        ex switch
        {
            AggregateException aggregate => aggregate.InnerExceptions.All(Unanswered),
            RequestFailedException failed => failed.Status == 0,
            OperationCanceledException or System.Net.Http.HttpRequestException or IOException => true,
            _ => false,
        };

    private static string Cause(Exception ex)
    {
        var first = ex is AggregateException aggregate ? aggregate.InnerExceptions[0] : ex;
        var message = (first.InnerException ?? first).Message;
        var sentence = message.Split('.', 2)[0].ReplaceLineEndings(" ");
        return sentence.Length <= 120 ? sentence : sentence[..120] + "…";
    }

    public void Dispose()
    {
        Ambient.Value = null;
        _command.Dispose();
    }
}
