using Azure.Core;
using Azure.Core.Pipeline;

namespace TokenWatch.Testing;

/// <summary>
/// Notes each HTTP request the Tables SDK sends (every attempt, retries included) as method and kind: a query, one
/// entity, a transaction (<c>$batch</c>) or table management. Added through <c>TableClientOptions</c> per retry, so it
/// sees each round trip to Azurite, not each SDK call.
/// </summary>
internal sealed class TableRequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _total = new(StringComparer.Ordinal);
    private Dictionary<string, long> _cleared = new(StringComparer.Ordinal);

    /// <summary>Every request so far, by what it does.</summary>
    public TableRequests Snapshot()
    {
        lock (_gate)
        {
            long Count(Func<string, bool> which) => _total.Where(t => which(t.Key)).Sum(t => t.Value);
            static bool OneOrQuery(string r) =>
                r.EndsWith(" entity", StringComparison.Ordinal) || r.EndsWith(" query", StringComparison.Ordinal);
            return new TableRequests(
                Count(r => r.EndsWith(" $batch", StringComparison.Ordinal)),
                Count(r => OneOrQuery(r) && r.StartsWith("GET ", StringComparison.Ordinal)),
                Count(r => OneOrQuery(r) && !r.StartsWith("GET ", StringComparison.Ordinal)),
                Count(r => r.EndsWith(" table", StringComparison.Ordinal))
            );
        }
    }

    /// <summary>The requests since the last call (<c>GET query</c>, <c>POST $batch</c>…), and starts anew.</summary>
    public List<string> Clear()
    {
        lock (_gate)
        {
            var since = _total
                .SelectMany(t => Enumerable.Repeat(t.Key, (int)(t.Value - _cleared.GetValueOrDefault(t.Key))))
                .ToList();
            _cleared = new Dictionary<string, long>(_total, StringComparer.Ordinal);
            return since;
        }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var path = request.Uri.Path;
        var kind =
            path.EndsWith("/$batch", StringComparison.Ordinal) ? "$batch"
            : path.EndsWith("/Tables", StringComparison.Ordinal) || path.Contains("/Tables(", StringComparison.Ordinal)
                ? "table"
            : path.EndsWith(')') && path.Contains("PartitionKey=", StringComparison.Ordinal) ? "entity"
            : "query";
        var key = $"{request.Method} {kind}";
        lock (_gate)
        {
            _total[key] = _total.GetValueOrDefault(key) + 1;
        }
    }
}
