using System.Reflection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Notifications;

/// <summary>
/// Walks every event admins can be sent: every catalog condition × every event kind that carries it × every token
/// kind it applies to (a full token and a bare one, which Graph may send), and every event about a token itself or a
/// tenant's monitoring. Each must have a headline, a sentence, a label and at least one remediation step, so a
/// condition added to the catalog cannot reach an inbox as an empty line.
/// </summary>
public sealed class WordingCoverageTests
{
    /// <summary>Details a reason may carry: none, the field a VPP state came from, a problem Graph caused.</summary>
    private static readonly string?[] Details = [null, "state", "lastSyncStatus", "expiresAt is not a date"];

    private static readonly AlertEventKind[] MonitoringKinds =
    [
        AlertEventKind.MonitoringFailed,
        AlertEventKind.Reminder,
        AlertEventKind.MonitoringRestored,
    ];

    [Fact]
    public void Every_condition_event_of_every_kind_has_words_and_a_remedy()
    {
        var walked = ConditionEvents().ToList();

        Assert.Equal([], Missing(walked));
        Assert.Equal(Enum.GetValues<Condition>(), walked.Select(w => w.Event.Condition!.Value).Distinct().Order());
        foreach (var descriptor in ConditionCatalog.All)
        {
            Assert.Equal(
                descriptor.Kinds.Order(),
                walked
                    .Where(w => w.Event.Condition == descriptor.Condition)
                    .Select(w => w.Event.Token!.Kind)
                    .Distinct()
                    .Order()
            );
        }
    }

    [Fact]
    public void Every_event_about_a_token_itself_or_a_tenants_monitoring_has_words_and_a_remedy()
    {
        var walked = TokenEvents().Concat(MonitoringEvents()).ToList();

        Assert.Equal([], Missing(walked));
        var conditionKinds = new[] { AlertEventKind.Entered, AlertEventKind.Milestone, AlertEventKind.Recovered };
        Assert.Equal(
            Enum.GetValues<AlertEventKind>().Except(conditionKinds),
            walked.Select(w => w.Event.Kind).Distinct().Order()
        );
    }

    [Fact]
    public void A_missing_word_is_found()
    {
        var aboutNoToken = new AlertEvent
        {
            Kind = AlertEventKind.Entered,
            Severity = HealthStatus.Critical,
            At = Now,
            Condition = Condition.Expired,
        };

        Assert.Equal(["sentence"], Gaps(aboutNoToken));
    }

    private static IEnumerable<string> Missing(IEnumerable<(string Name, AlertEvent Event)> walked) =>
        walked.Where(w => Gaps(w.Event).Any()).Select(w => $"{w.Name}: no {string.Join(", no ", Gaps(w.Event))}");

    /// <summary>What is missing from the words of <paramref name="e"/>: nothing.</summary>
    private static IEnumerable<string> Gaps(AlertEvent e)
    {
        var advice = Remediation.For(e, "t1");
        (string Part, string Text)[] parts =
        [
            ("headline", EventWording.Headline(e)),
            ("sentence", EventWording.Sentence(e)),
            ("label", EventWording.Label(e)),
            ("kind label", EventWording.KindLabel(e)),
            ("title", EventWording.Title(e)),
            .. advice.Steps.Select(step => ("remediation step", step)),
        ];
        return parts
            .Where(p => string.IsNullOrWhiteSpace(p.Text))
            .Select(p => p.Part)
            .Concat(advice.Steps.Count == 0 ? ["remediation"] : []);
    }

    private static IEnumerable<(string Name, AlertEvent Event)> ConditionEvents() =>
        from descriptor in ConditionCatalog.All
        from kind in descriptor.Kinds
        from token in TokensOf(kind, descriptor.Condition)
        from eventKind in EventKinds(descriptor)
        from detail in Details
        let severity = eventKind == AlertEventKind.Recovered ? HealthStatus.Ok : descriptor.Severity
        let reason = new HealthReason(descriptor.Condition, descriptor.Severity, detail)
        select (
            $"{eventKind} {descriptor.Code} {kind} {Form(token)} detail {detail ?? "none"}",
            new AlertEvent
            {
                Kind = eventKind,
                Severity = severity,
                At = Now,
                Condition = descriptor.Condition,
                Token = token,
                Health = new TokenHealth(descriptor.Severity, [reason], token.ExpiresAt is null ? null : 20),
                MilestoneDays = eventKind == AlertEventKind.Milestone ? 30 : null,
                OpenedAt = eventKind == AlertEventKind.Reminder ? Now.AddDays(-2) : null,
            }
        );

    /// <summary>Entered, reminder and recovered for every condition; a milestone for a countdown to expiry.</summary>
    private static IEnumerable<AlertEventKind> EventKinds(ConditionDescriptor descriptor) =>
        descriptor.IsCountdown
            ? [AlertEventKind.Entered, AlertEventKind.Reminder, AlertEventKind.Recovered, AlertEventKind.Milestone]
            : [AlertEventKind.Entered, AlertEventKind.Reminder, AlertEventKind.Recovered];

    private static IEnumerable<(string Name, AlertEvent Event)> TokenEvents()
    {
        (AlertEventKind Kind, HealthStatus Severity)[] changes =
        [
            (AlertEventKind.Renewed, HealthStatus.Ok),
            (AlertEventKind.OwnerChanged, HealthStatus.Warning),
            (AlertEventKind.TokenAdded, HealthStatus.Ok),
            (AlertEventKind.TokenRemoved, HealthStatus.Warning),
        ];
        (AlertEventKind Kind, HealthStatus Severity)[] renewalChecks =
        [
            (AlertEventKind.RenewalConfirmed, HealthStatus.Ok),
            (AlertEventKind.RenewalNotConfirmed, HealthStatus.Critical),
        ];
        var topic = Apns() with { TopicId = "com.apple.mgmt.External.2" };
        return (
            from kind in Enum.GetValues<TokenKind>()
            from token in TokensOf(kind, null)
            from change in kind == TokenKind.Apns ? changes : [.. changes, .. renewalChecks]
            select ($"{change.Kind} {kind} {Form(token)}", TokenEvent(change.Kind, change.Severity, token, Full(kind)))
        )
            .Append(
                ("TopicChanged apns", TokenEvent(AlertEventKind.TopicChanged, HealthStatus.Critical, topic, Apns()))
            )
            .Append(
                (
                    "TokenRemoved apns not configured",
                    TokenEvent(
                        AlertEventKind.TokenRemoved,
                        HealthStatus.Critical,
                        Apns() with
                        {
                            NotConfigured = true,
                        },
                        Apns()
                    )
                )
            );
    }

    private static IEnumerable<(string Name, AlertEvent Event)> MonitoringEvents() =>
        from code in AllFailureCodes()
        from kind in Enum.GetValues<TokenKind>()
        from eventKind in MonitoringKinds
        let failure = new PollFailure(kind, code, $"Graph refused the {kind} read.", FailureFix.GrantPermission)
        select (
            $"{eventKind} {kind} {code}",
            new AlertEvent
            {
                Kind = eventKind,
                Severity = eventKind == AlertEventKind.MonitoringRestored ? HealthStatus.Ok : HealthStatus.Unknown,
                At = Now,
                Failure = failure,
                Endpoints = [kind],
                ConsecutiveFailures = eventKind == AlertEventKind.MonitoringRestored ? null : 3,
            }
        );

    private static AlertEvent TokenEvent(
        AlertEventKind kind,
        HealthStatus severity,
        TokenObservation token,
        TokenObservation previous
    ) =>
        new()
        {
            Kind = kind,
            Severity = severity,
            At = Now,
            Token = token,
            Previous = previous with { AppleId = "old@contoso.com", ExpiresAt = Now.AddDays(10) },
        };

    /// <summary>A full token of the kind, and a bare one with nothing but its id (Graph may send no more).</summary>
    private static IEnumerable<TokenObservation> TokensOf(TokenKind kind, Condition? condition)
    {
        yield return condition == Condition.NotConfigured ? Full(kind) with { NotConfigured = true } : Full(kind);
        yield return new TokenObservation
        {
            TenantId = "t1",
            Kind = kind,
            Id = $"{kind.ToSlug()}-bare",
        };
    }

    private static string Form(TokenObservation token) => token.Name is null ? "bare" : "full";

    private static TokenObservation Full(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => Ade(),
            TokenKind.Vpp => Vpp(),
            TokenKind.Apns => Apns(),
        };

    /// <summary>Every failure code a poll can report, read from <see cref="FailureCodes"/>: none forgotten.</summary>
    private static IEnumerable<string> AllFailureCodes() =>
        typeof(FailureCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);
}
