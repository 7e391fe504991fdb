using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// The Graph reader of each kind. The switch has no fallback arm, so a new <see cref="TokenKind"/> does not compile
/// until it has a reader, and the poll reads every kind there is.
/// </summary>
public static class TokenKindReaders
{
    private static readonly AdeTokenReader Ade = new();
    private static readonly VppTokenReader Vpp = new();
    private static readonly ApnsCertificateReader Apns = new();

    public static ITokenKindReader For(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => Ade,
            TokenKind.Vpp => Vpp,
            TokenKind.Apns => Apns,
        };
}
