using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenWatch.Style.Tests;

/// <summary>The style rules of architecture.md, each a function from a file to its violations.</summary>
public static class StyleRules
{
    public const int MaxLineLength = 120;
    public const int MaxFileLines = 300;
    public const int MaxMemberLines = 40;

    /// <summary>All lines over the limit of one file as one violation: its size is how many there are.</summary>
    public static IEnumerable<StyleViolation> LongLines(SourceFile file)
    {
        var count = file.Lines.Count(l => l.Length > MaxLineLength);
        return count > 0 ? [new StyleViolation("lines", file.Path, "-", count)] : [];
    }

    public static IEnumerable<StyleViolation> LongFile(SourceFile file) =>
        file.IsSource && file.Lines.Count > MaxFileLines
            ? [new StyleViolation("file", file.Path, "-", file.Lines.Count)]
            : [];

    public static IEnumerable<StyleViolation> LongMembers(SourceFile file) =>
        file.IsSource
            ? file
                .Syntax.DescendantNodes()
                .Where(n =>
                    n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
                )
                .Select(n => (Name: MemberName(n), Lines: LineCount(n)))
                .Where(m => m.Lines > MaxMemberLines)
                .Select(m => new StyleViolation("member", file.Path, m.Name, m.Lines))
            : [];

    public static IEnumerable<StyleViolation> TypesPerFile(SourceFile file)
    {
        var types = file
            .Syntax.DescendantNodes()
            .Where(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
            .Where(n => n.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax)
            .ToList();
        return types.Count > 1 ? [new StyleViolation("types", file.Path, "-", types.Count)] : [];
    }

    private static int LineCount(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        var start = node.GetFirstToken().GetLocation().GetLineSpan().StartLinePosition.Line;
        return span.EndLinePosition.Line - start + 1;
    }

    private static string MemberName(SyntaxNode node) =>
        node switch
        {
            MethodDeclarationSyntax m => $"{Owner(m)}.{m.Identifier.Text}({m.ParameterList.Parameters.Count})",
            ConstructorDeclarationSyntax c => $"{Owner(c)}.ctor({c.ParameterList.Parameters.Count})",
            LocalFunctionStatementSyntax f => $"{Owner(f)}.{f.Identifier.Text}(local)",
            AccessorDeclarationSyntax a => $"{Owner(a)}.{a.Keyword.Text}",
            _ => $"{Owner(node)}.{node.Kind()}",
        };

    private static string Owner(SyntaxNode node) =>
        node.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "?";
}
