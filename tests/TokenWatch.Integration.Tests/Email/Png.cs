using System.Buffers.Binary;
using System.IO.Compression;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// Just enough of a PNG reader to look at Chromium's screenshots: 8-bit RGB or RGBA, not interlaced (what
/// Chromium writes). Pixels are read, never trusted for anything but the test's own assertions.
/// </summary>
internal sealed class Png
{
    private readonly byte[] _pixels;
    private readonly int _channels;

    private Png(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixel as 0xRRGGBB.</summary>
    public int this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * _channels;
            return (_pixels[i] << 16) | (_pixels[i + 1] << 8) | _pixels[i + 2];
        }
    }

    public static Png Read(string path)
    {
        var file = File.ReadAllBytes(path);
        ReadOnlySpan<byte> signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (!file.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException($"{path} is not a PNG.");
        }

        int width = 0,
            height = 0,
            channels = 0;
        using var compressed = new MemoryStream();
        for (var at = 8; at < file.Length; )
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    channels = (data[8], data[9], data[12]) switch
                    {
                        (8, 2, 0) => 3,
                        (8, 6, 0) => 4,
                        var other => throw new InvalidDataException(
                            $"PNG format {other} (depth, colour type, interlace) is not supported."
                        ),
                    };
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
            }

            at += 12 + length;
        }

        compressed.Position = 0;
        using var inflate = new ZLibStream(compressed, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        inflate.ReadExactly(raw);
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var source = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var above = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0,
                    up = above[i],
                    corner = i >= channels ? above[i - channels] : 0;
                row[i] = (byte)(
                    source[i]
                    + filter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => up,
                        3 => (left + up) / 2,
                        4 => Paeth(left, up, corner),
                        _ => throw new InvalidDataException($"PNG filter {filter} is not defined."),
                    }
                );
            }
        }

        return new Png(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a),
            pb = Math.Abs(p - b),
            pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a
            : pb <= pc ? b
            : c;
    }
}
