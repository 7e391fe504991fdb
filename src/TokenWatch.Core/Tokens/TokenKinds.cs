using TokenWatch.Core.Health;

namespace TokenWatch.Core.Tokens;

/// <summary>
/// Every <see cref="TokenKind"/>, described once. The switch has no fallback arm, so a new kind does not compile
/// until it is described here.
/// </summary>
public static class TokenKinds
{
    private static readonly Dictionary<TokenKind, TokenKindDescriptor> Descriptors = Enum.GetValues<TokenKind>()
        .ToDictionary(k => k, Build);

    private static readonly Dictionary<string, TokenKind> ByName = Descriptors
        .Values.SelectMany(d => d.Aliases.Prepend(d.Slug).Select(name => (Name: name, d.Kind)))
        .ToDictionary(n => n.Name, n => n.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every kind, in the order of <see cref="TokenKind"/>.</summary>
    public static IReadOnlyList<TokenKindDescriptor> All { get; } = [.. Descriptors.Values.OrderBy(d => d.Kind)];

    /// <summary>The slugs as a list for help texts and messages: <c>ade, vpp, apns</c>.</summary>
    public static string SlugList { get; } = string.Join(", ", All.Select(d => d.Slug));

    public static TokenKindDescriptor Describe(this TokenKind kind) => Descriptors[kind];

    /// <summary>A slug or an alias, in any case, with blanks around it.</summary>
    public static bool TryParse(string? name, out TokenKind kind) => ByName.TryGetValue(name?.Trim() ?? "", out kind);

    private static TokenKindDescriptor Build(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => new()
            {
                Kind = kind,
                Slug = "ade",
                Aliases = ["dep"],
                DisplayName = "ADE token",
                PluralName = "ADE tokens",
                Sync = t => SyncWindow.FromHours(t.AdeSyncWarningHours, t.AdeSyncCriticalHours),
            },
            TokenKind.Vpp => new()
            {
                Kind = kind,
                Slug = "vpp",
                DisplayName = "VPP token",
                PluralName = "VPP tokens",
                Sync = t => SyncWindow.FromHours(t.VppSyncWarningHours, t.VppSyncCriticalHours),
            },
            TokenKind.Apns => new()
            {
                Kind = kind,
                Slug = "apns",
                DisplayName = "APNs certificate",
                PluralName = "APNs certificates",
            },
        };
}
