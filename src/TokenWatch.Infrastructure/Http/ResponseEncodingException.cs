namespace TokenWatch.Infrastructure.Http;

/// <summary>An answer's body is not what its <c>Content-Encoding</c> says (a "gzip" body that is not gzip).</summary>
public sealed class ResponseEncodingException(string message, Exception? inner = null) : IOException(message, inner);
