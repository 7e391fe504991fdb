using System.Globalization;

namespace TokenWatch.Infrastructure.Http;

/// <summary>A server sent more than TokenWatch reads of one answer; the rest was never read into memory.</summary>
public sealed class ResponseTooLargeException(long maxBytes, bool inflated)
    : IOException(
        string.Create(
            CultureInfo.InvariantCulture,
            $"the answer is larger than {maxBytes / (1024.0 * 1024.0):0.#} MB{(inflated ? " once decompressed" : "")}; reading stopped there"
        )
    )
{
    public long MaxBytes { get; } = maxBytes;

    /// <summary>
    /// True when the bound was passed by inflating a compressed body (a decompression bomb looks like this).
    /// </summary>
    public bool Inflated { get; } = inflated;
}
