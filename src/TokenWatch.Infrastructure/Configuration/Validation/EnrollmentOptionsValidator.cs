using Microsoft.Extensions.Options;
using TokenWatch.Core.Cycle;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// <c>TokenWatch:Enrollment</c> at start: its ranges, and a tenant's scan budget that fits in the function's time
/// (the scan starts no tenant whose budget would outlast the host's timeout).
/// </summary>
public sealed class EnrollmentOptionsValidator : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result([.. Problems(options)]);

    private static IEnumerable<string> Problems(TokenWatchOptions options)
    {
        var ranges = SectionRanges
            .Of(new EnrollmentSettingsValidator(), "TokenWatch:Enrollment", options.Enrollment)
            .ToList();
        foreach (var problem in ranges)
        {
            yield return problem;
        }

        var enrollment = options.Enrollment;
        var function = options.Cycle.FunctionTimeoutSeconds;
        var reserve = (int)(2 * CycleSettings.WriteReserve.TotalSeconds);
        if (ranges.Count == 0 && function < enrollment.TenantTimeoutSeconds + reserve)
        {
            yield return $"TokenWatch:Enrollment:TenantTimeoutSeconds {enrollment.TenantTimeoutSeconds} does not fit "
                + $"in the function's {function} s (TokenWatch:Cycle:FunctionTimeoutSeconds): it must be at most "
                + $"{function - reserve}, so a tenant's scan and its writes end before the host stops the function.";
        }
    }
}
