using Azure.Core;
using Azure.Core.Pipeline;

namespace TokenWatch.Benchmarks;

/// <summary>
/// Counts the HTTP requests the Tables SDK sends (every attempt, retries included), by what they do. Added through
/// <c>TableClientOptions</c> per retry, so it sees each round trip to Azurite, not each SDK call.
/// </summary>
internal sealed class TableRequestCounter : HttpPipelinePolicy
{
    private long _transactions;
    private long _reads;
    private long _writes;
    private long _tables;

    public TableRequests Snapshot() => new(
        Interlocked.Read(ref _transactions), Interlocked.Read(ref _reads), Interlocked.Read(ref _writes), Interlocked.Read(ref _tables));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message.Request);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message.Request);
        await ProcessNextAsync(message, pipeline);
    }

    private void Count(Request request)
    {
        var path = request.Uri.Path;
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _transactions);
        }
        else if (path.EndsWith("/Tables", StringComparison.Ordinal) || path.Contains("/Tables(", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tables);
        }
        else if (request.Method == RequestMethod.Get)
        {
            Interlocked.Increment(ref _reads);
        }
        else
        {
            Interlocked.Increment(ref _writes);
        }
    }
}

/// <summary>Table round trips: entity-group transactions, reads (queries and point reads), single-entity writes, table management.</summary>
internal sealed record TableRequests(long Transactions, long Reads, long Writes, long Tables)
{
    public long Total => Transactions + Reads + Writes + Tables;

    public TableRequests Since(TableRequests earlier) =>
        new(Transactions - earlier.Transactions, Reads - earlier.Reads, Writes - earlier.Writes, Tables - earlier.Tables);
}
