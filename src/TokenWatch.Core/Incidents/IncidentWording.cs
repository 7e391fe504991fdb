using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Words;

namespace TokenWatch.Core.Incidents;

/// <summary>
/// The words of an incident summary, whatever renders them (the ops email, the action page): what holds, in how
/// many tenants since when, the shared cause and its fix (from the same wording and remediation as each tenant's
/// digest), and one line per tenant.
/// </summary>
public static class IncidentWording
{
    /// <summary>"ADE token: sync error (code 3, often terms not accepted)".</summary>
    public static string What(Incident incident, DateTimeOffset now)
    {
        var headline = ConditionWording.Headline(incident.Condition, incident.Example, null, now);
        return $"{incident.Kind.ToDisplayName()}: {headline}";
    }

    public static string Subject(Incident incident, IncidentNews news, DateTimeOffset now)
    {
        var what = What(incident, now);
        return news switch
        {
            IncidentNews.Opened => $"TokenWatch incident: {what} in {Tenants(incident.Affected.Count)}",
            IncidentNews.Grew => $"TokenWatch incident grew: {what} in {Tenants(incident.Affected.Count)}",
            IncidentNews.Recovered => $"TokenWatch incident recovered: {what} in all {Tenants(incident.Tenants.Count)}",
        };
    }

    /// <summary>The opening sentence: how many tenants, since when, and what the summary is.</summary>
    public static string Lead(Incident incident, IncidentNews news, DateTimeOffset now) =>
        news == IncidentNews.Recovered
            ? $"The {What(incident, now)} that opened in {Tenants(incident.Tenants.Count)} from {Date(incident.Since)} "
                + $"no longer holds in any of them (incident {incident.Id})."
            : $"The same condition, {What(incident, now)}, holds in {Tenants(incident.Affected.Count)} since "
                + $"{Date(incident.Since)} (incident {incident.Id}). Each tenant's own digest tells its admins as "
                + "usual; this summary is for whoever looks after all of them.";

    /// <summary>The shared cause, as each tenant's digest words it.</summary>
    public static string Cause(Incident incident, DateTimeOffset now) =>
        incident.Condition == Condition.Unparseable
            ? ConditionWording.Headline(incident.Condition, incident.Example, null, now)
            : ConditionWording.Sentence(Reason(incident), incident.Example, now);

    private static HealthReason Reason(Incident incident) => new(incident.Condition, HealthStatus.Critical);

    /// <summary>The fix, as each tenant's digest gives it, for a token like the incident's.</summary>
    public static IReadOnlyList<string> Fix(Incident incident, DateTimeOffset now)
    {
        var e = new AlertEvent
        {
            Kind = AlertEventKind.Entered,
            Severity = HealthStatus.Critical,
            At = now,
            Condition = incident.Condition,
            Token = incident.Example,
        };
        return Remediation.For(e, incident.Example.TenantId).Steps;
    }

    /// <summary>"Contoso (tenant id): since 2026-05-04 09:00 UTC, 1 token" or "…: recovered on 2026-05-05".</summary>
    public static string TenantLine(IncidentTenant tenant)
    {
        var state = tenant.RecoveredAt is { } recovered
            ? $"recovered on {Date(recovered)}"
            : $"since {Date(tenant.Since)}, {Count(tenant.TokenKeys.Count, "token")}";
        return $"{Inline(tenant.Name)} ({Inline(tenant.TenantId)}): {state}";
    }

    public static string Tenants(int count) => Count(count, "tenant");

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
