using System.Buffers;
using System.IO.Compression;
using System.Net.Http.Headers;

namespace TokenWatch.Infrastructure.Http;

/// <summary>
/// Reads a whole response body into memory with a bound on the bytes that arrive and on the bytes they inflate to,
/// decoding <c>gzip</c>, <c>deflate</c> and <c>br</c> itself: the transport's automatic decompression has no bound,
/// so a 1.5 MB compressed body could grow to gigabytes before anyone looked at it. Memory held is at most the bound
/// plus one read buffer, whatever the server sends.
/// </summary>
public static class BoundedBody
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The encodings decoded here, in the order asked for in <c>Accept-Encoding</c>.</summary>
    public static readonly string[] AcceptedEncodings = ["gzip", "deflate", "br"];

    /// <summary>
    /// The body of <paramref name="content"/> as buffered content with the same headers, minus the encoding the body
    /// no longer has. Throws <see cref="ResponseTooLargeException"/> past <paramref name="maxBytes"/> (arrived or
    /// inflated) and <see cref="ResponseEncodingException"/> when the body is not what its encoding header says.
    /// </summary>
    public static async Task<HttpContent> ReadAsync(
        HttpContent content,
        long maxBytes,
        CancellationToken cancellationToken
    )
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw new ResponseTooLargeException(maxBytes, inflated: false);
        }

        var encodings = content
            .Headers.ContentEncoding.Select(e => e.Trim().ToLowerInvariant())
            .Where(e => e is not ("" or "identity"))
            .ToList();
        await using var wire = new LimitedReadStream(await content.ReadAsStreamAsync(cancellationToken), maxBytes);
        var decoded = Decode(wire, encodings);
        var body = await ReadBoundedAsync(decoded, maxBytes, encodings.Count > 0, cancellationToken);
        var buffered = new ByteArrayContent(body);
        foreach (var header in content.Headers.Where(h => !IsEncodingHeader(h.Key)))
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        buffered.Headers.ContentLength = body.Length;
        return buffered;
    }

    private static bool IsEncodingHeader(string name) =>
        name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

    /// <summary>Encodings are listed in the order they were applied, so they come off last first.</summary>
    private static Stream Decode(Stream wire, List<string> encodings)
    {
        var stream = wire;
        for (var i = encodings.Count - 1; i >= 0; i--)
        {
            stream = encodings[i] switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress),
                "deflate" => new ZLibStream(stream, CompressionMode.Decompress),
                "br" => new BrotliStream(stream, CompressionMode.Decompress),
                var other => throw new ResponseEncodingException(
                    $"the answer is encoded as '{Clean(other)}', which TokenWatch did not ask for"
                ),
            };
        }

        return stream;
    }

    private static async Task<byte[]> ReadBoundedAsync(
        Stream source,
        long maxBytes,
        bool compressed,
        CancellationToken cancellationToken
    )
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var body = new MemoryStream();
            while (true)
            {
                var read = await ReadChunkAsync(source, chunk, compressed, cancellationToken);
                if (read == 0)
                {
                    return body.ToArray();
                }

                if (body.Length + read > maxBytes)
                {
                    throw new ResponseTooLargeException(maxBytes, inflated: compressed);
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            await source.DisposeAsync();
        }
    }

    private static async Task<int> ReadChunkAsync(
        Stream source,
        byte[] chunk,
        bool compressed,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await source.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken);
        }
        catch (Exception ex) when (compressed && ex is InvalidDataException or InvalidOperationException)
        {
            // GZip and Deflate say InvalidDataException; Brotli says InvalidOperationException.
            throw new ResponseEncodingException(
                $"the answer says it is compressed, but its body is not ({ex.Message})",
                ex
            );
        }
    }

    private static string Clean(string value) => new(value.Take(40).Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    /// <summary>Asks for the encodings decoded here, and only those.</summary>
    public static void AcceptEncodings(HttpRequestHeaders headers)
    {
        headers.AcceptEncoding.Clear();
        foreach (var encoding in AcceptedEncodings)
        {
            headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }
    }
}
