using Microsoft.Extensions.Options;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The ranges of every section the process needs (by the generated validators), and the rules across the fields
/// of health, cycle and alert settings. The other sections' rules have their own validators; all of them run at
/// start, so a bad setting stops the app when it is deployed, not at 3 a.m. in the middle of a cycle.
/// </summary>
public sealed class TokenWatchOptionsValidator(TokenWatchScope scope = TokenWatchScope.Full)
    : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result([.. Ranges(options), .. Schedule(options)]);

    private IEnumerable<string> Ranges(TokenWatchOptions options)
    {
        IEnumerable<string> problems =
        [
            .. SectionRanges.Of(new GraphOptionsValidator(), "TokenWatch:Graph", options.Graph),
            .. SectionRanges.Of(new HealthThresholdsValidator(), "TokenWatch:Health", options.Health),
            .. SectionRanges.Of(new CycleSettingsValidator(), "TokenWatch:Cycle", options.Cycle),
            .. SectionRanges.Of(new AlertSettingsValidator(), "TokenWatch:Alerts", options.Alerts),
            .. SectionRanges.Of(new RetentionSettingsValidator(), "TokenWatch:Retention", options.Retention),
        ];
        return scope == TokenWatchScope.ReadOnly
            ? problems
            :
            [
                .. problems,
                .. SectionRanges.Of(new EmailOptionsValidator(), "TokenWatch:Email", options.Email),
                .. SectionRanges.Of(new StorageOptionsValidator(), "TokenWatch:Storage", options.Storage),
                .. SectionRanges.Of(new TeamsOptionsValidator(), "TokenWatch:Teams", options.Teams),
                .. SectionRanges.Of(new WebhookOptionsValidator(), "TokenWatch:Webhook", options.Webhook),
                .. SectionRanges.Of(new CalendarOptionsValidator(), "TokenWatch:Calendar", options.Calendar),
            ];
    }

    private static IEnumerable<string> Schedule(TokenWatchOptions options)
    {
        foreach (var thresholds in options.Health.Problems())
        {
            yield return $"TokenWatch:Health: {thresholds}";
        }

        // Only checked when both timeouts are in range: an out-of-range one already has its message.
        var cycle = options.Cycle;
        if (!new CycleSettingsValidator().Validate(null, cycle).Failed && cycle.PollBudget < CycleSettings.WriteReserve)
        {
            yield return $"TokenWatch:Cycle:FunctionTimeoutSeconds {cycle.FunctionTimeoutSeconds} leaves a poll too "
                + $"little time: it must be at least TenantTimeoutSeconds ({cycle.TenantTimeoutSeconds}) + "
                + $"{2 * CycleSettings.WriteReserve.TotalSeconds:0}, so tenants can be started and their writes "
                + "finished before the host stops the function.";
        }

        var milestones = options.Alerts.Milestones;
        if (!AlertSettings.TryParseMilestones(milestones, out _, out var problem))
        {
            yield return $"TokenWatch:Alerts:Milestones '{milestones}': {problem} Give days before expiry, "
                + $"comma-separated, e.g. '{AlertSettings.DefaultMilestones}'.";
        }
    }
}
