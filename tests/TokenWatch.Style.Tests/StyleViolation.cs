namespace TokenWatch.Style.Tests;

/// <summary>One breach of a style rule: the rule, the file, and the member or line it concerns.</summary>
public sealed record StyleViolation(string Rule, string Path, string Where, int Size)
{
    /// <summary>
    /// The key an exception is listed under: rule, path and member, never a line number (lines move).
    /// </summary>
    public string Key => $"{Rule} {Path} {Where}";

    public override string ToString() => $"{Key} ({Size})";
}
