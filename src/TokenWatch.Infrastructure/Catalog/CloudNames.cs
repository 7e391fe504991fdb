using TokenWatch.Core.Tenants;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>Clouds as people write them in the catalog, a spreadsheet or the CLI: the name, any case.</summary>
public static class CloudNames
{
    public static readonly string[] Names = Enum.GetNames<NationalCloud>();

    public static bool TryParse(string? text, out NationalCloud cloud) =>
        Enum.TryParse((text ?? "").Trim(), ignoreCase: true, out cloud)
        && Enum.IsDefined(cloud)
        && !int.TryParse(text, out _);
}
