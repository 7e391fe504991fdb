using System.Globalization;

namespace TokenWatch.Infrastructure.Http;

/// <summary>A server sent more than TokenWatch reads of one answer; the rest was never read into memory.</summary>
public sealed class ResponseTooLargeException(long maxBytes, bool inflated) : IOException(Describe(maxBytes, inflated))
{
    public long MaxBytes { get; } = maxBytes;

    /// <summary>
    /// True when the bound was passed by inflating a compressed body (a decompression bomb looks like this).
    /// </summary>
    public bool Inflated { get; } = inflated;

    private static string Describe(long maxBytes, bool inflated)
    {
        var megabytes = (maxBytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
        var how = inflated ? " once decompressed" : "";
        return $"the answer is larger than {megabytes} MB{how}; reading stopped there";
    }
}
