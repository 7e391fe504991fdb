using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TokenWatch.Integration.Tests.Hostile;

/// <summary>
/// A raw TCP server on loopback that accepts every connection, reads what is sent, and never answers: a storage
/// endpoint that is up and silent. It counts the HTTP requests that reach it by their request line.
/// </summary>
public sealed class SilentStorage : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly ConcurrentQueue<string> _requestLines = new();
    private readonly Task _accepting;

    public SilentStorage()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Request lines received, e.g. <c>POST /devstoreaccount1/Tables HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> RequestLines => _requestLines.ToList();

    /// <summary>An Azurite-style connection string (the public development key) pointing at this server.</summary>
    public string ConnectionString(string azuriteConnectionString)
    {
        var parts = azuriteConnectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("TableEndpoint=", StringComparison.Ordinal));
        return string.Join(';', parts) + $";TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _connections.Add(client);
                _ = ReadAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task ReadAsync(TcpClient client)
    {
        try
        {
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            while (await reader.ReadLineAsync(_stopping.Token) is { } line)
            {
                if (line.EndsWith(" HTTP/1.1", StringComparison.Ordinal))
                {
                    _requestLines.Enqueue(line);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client gave up, or the server is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var client in _connections)
        {
            client.Dispose();
        }

        await _accepting;
        _stopping.Dispose();
    }
}
