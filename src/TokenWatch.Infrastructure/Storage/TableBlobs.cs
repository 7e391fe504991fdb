using System.IO.Compression;
using Azure.Data.Tables;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Stores a byte payload (a ledger, a digest's events) gzip-compressed across numbered binary properties
/// (<c>Ledger0</c>, <c>Ledger1</c>, …): a binary property holds at most 64 KiB, an entity 1 MiB.
/// </summary>
internal static class TableBlobs
{
    private const int ChunkBytes = 60 * 1024;
    private const int MaxChunks = 15;

    public static void Write(TableEntity entity, string name, byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        var compressed = buffer.ToArray();
        var chunks = compressed.Chunk(ChunkBytes).ToList();
        if (chunks.Count > MaxChunks)
        {
            throw new InvalidOperationException(
                $"{name} is {compressed.Length} bytes compressed, more than a table row holds."
            );
        }

        entity[name + "Chunks"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++)
        {
            entity[name + i] = chunks[i];
        }
    }

    public static byte[]? Read(TableEntity entity, string name)
    {
        if (entity.GetInt32(name + "Chunks") is not { } count)
        {
            return null;
        }

        using var compressed = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            compressed.Write(
                entity.GetBinary(name + i)
                    ?? throw new InvalidDataException($"{name}{i} is missing from row {entity.RowKey}.")
            );
        }

        compressed.Position = 0;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var payload = new MemoryStream();
        gzip.CopyTo(payload);
        return payload.ToArray();
    }
}
