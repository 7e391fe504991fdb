using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>Runs a generated range validator over one section; each problem is named by its setting's key.</summary>
internal static class SectionRanges
{
    public static IEnumerable<string> Of<T>(IValidateOptions<T> validator, string section, T settings)
        where T : class
    {
        var result = validator.Validate(section, settings);
        // A generated message starts with the member and joins the section and the member with '.': it is led by the
        // configuration key, as every other message, and names the setting with ':' as the key does.
        return result.Failed
            ? result.Failures.Select(f =>
                $"{section}:{f.Replace(section + ".", section + ":", StringComparison.Ordinal)}"
            )
            : [];
    }
}
