namespace TokenWatch.Core.Tokens;

/// <summary>The names of a <see cref="TokenKind"/>, read from its descriptor in <see cref="TokenKinds"/>.</summary>
public static class TokenKindNames
{
    /// <summary>The lower-case name in JSON, table keys and the CLI (<c>ade</c>, <c>vpp</c>, <c>apns</c>).</summary>
    public static string ToSlug(this TokenKind kind) => kind.Describe().Slug;

    /// <summary>How an admin calls it in the Intune portal.</summary>
    public static string ToDisplayName(this TokenKind kind) => kind.Describe().DisplayName;

    /// <summary>A slug or an alias (<c>dep</c> for <c>ade</c>), in any case.</summary>
    public static bool TryParseSlug(string? value, out TokenKind kind) => TokenKinds.TryParse(value, out kind);
}
