using Microsoft.Extensions.Options;
using TokenWatch.Core.Incidents;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>
/// <c>TokenWatch:Incidents</c> checked at start, one message per problem: the ranges, and a table of its own, since
/// incident rows in a table of tenants' state would be read as a tenant's.
/// </summary>
public sealed class IncidentSettingsValidator : IValidateOptions<IncidentSettings>
{
    private static readonly string[] OwnTables = [TableStorage.TokenStateTable, TableStorage.AlertLedgerTable];

    public ValidateOptionsResult Validate(string? name, IncidentSettings options) =>
        ConfigurationValues.Result(Problems(options));

    private static IEnumerable<string> Problems(IncidentSettings options)
    {
        foreach (var range in SectionRanges.Of(new IncidentSettingsRanges(), IncidentSettings.Section, options))
        {
            yield return range;
        }

        if (OwnTables.Contains(options.Table, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{IncidentSettings.Section}:Table must not be '{options.Table}', a table TokenWatch keeps "
                + "tenants' state in: give incidents a table of their own (the default is Incidents).";
        }
    }
}
