using System.Globalization;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>What makes two decided events the same event: the oracle of "told once" in the property and soak tests.</summary>
internal static class EventIdentity
{
    public static string Of(AlertEvent e) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{e.Kind}|{e.Token?.Key}|{e.Condition}|{e.Failure?.Code}|{string.Join(',', e.Endpoints)}|{e.At:O}|{e.MilestoneDays}|{e.Severity}"
        );
}
