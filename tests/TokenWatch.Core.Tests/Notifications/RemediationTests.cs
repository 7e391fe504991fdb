using TokenWatch.Core.Conditions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Notifications;

/// <summary>"What to do" for each kind of token and event: the advice that makes an alert actionable.</summary>
public sealed class RemediationTests
{
    private static AlertEvent Event(AlertEventKind kind, Condition? condition, TokenObservation? token, PollFailure? failure = null) => new()
    {
        Kind = kind, Severity = HealthStatus.Critical, At = Now, Condition = condition, Token = token, Failure = failure,
    };

    private static string All(RemediationAdvice advice) => string.Join("\n", advice.Steps.Append(advice.Caution ?? ""));

    [Fact]
    public void Renewing_an_ADE_token_warns_that_the_download_invalidates_the_current_token_at_once()
    {
        var advice = Remediation.For(Event(AlertEventKind.Milestone, Condition.Expiring, Ade(daysLeft: 14)));

        Assert.Contains("invalidates the current token at once", advice.Caution);
        Assert.Contains(advice.Steps, s => s.Contains("Settings → MDM servers → the server → Download token", StringComparison.Ordinal));
        Assert.Contains(advice.Steps, s => s.Contains("Renew token", StringComparison.Ordinal));
        Assert.Equal([Remediation.BusinessManager, Remediation.Intune], advice.Links);
    }

    [Fact]
    public void An_Apple_School_Manager_token_points_to_School_Manager()
    {
        var advice = Remediation.For(Event(AlertEventKind.Entered, Condition.Expired, Ade(daysLeft: -1) with { TokenType = "appleSchoolManager" }));

        Assert.Contains(Remediation.SchoolManager, advice.Links);
        Assert.DoesNotContain(Remediation.BusinessManager, advice.Links);
        Assert.Contains("Apple School Manager", All(advice));
    }

    [Fact]
    public void Renewing_the_push_certificate_says_renew_never_create_with_the_same_Apple_ID()
    {
        var advice = Remediation.For(Event(AlertEventKind.Entered, Condition.Expiring, Apns(daysLeft: 10)));

        Assert.Contains("never Create", advice.Caution);
        Assert.Contains("apns@contoso.com", advice.Caution);
        Assert.Contains(advice.Steps, s => s.Contains("sign in with apns@contoso.com", StringComparison.Ordinal));
        Assert.Equal(Remediation.PushCertificates, advice.Links[0]);
    }

    [Fact]
    public void Terms_not_accepted_asks_an_administrator_to_accept_them_and_keeps_the_table_for_other_messages()
    {
        var advice = Remediation.For(Event(AlertEventKind.Entered, Condition.SyncError, Ade(syncError: 3)));

        Assert.Contains("Administrator role signs in and accepts the new terms", advice.Steps[0]);
        Assert.Equal("Terms and conditions not accepted", advice.KnownErrors![0].PortalMessage);
        Assert.Equal(Remediation.AdeSyncErrorTable.Count, advice.KnownErrors.Count);
    }

    [Fact]
    public void An_undocumented_sync_error_code_gives_the_whole_table_in_Microsofts_order()
    {
        var advice = Remediation.For(Event(AlertEventKind.Entered, Condition.SyncError, Ade(syncError: 9)));

        Assert.Equal(Remediation.AdeSyncErrorTable, advice.KnownErrors);
        Assert.Contains("read the sync error shown there", advice.Steps[0]);
    }

    [Fact]
    public void A_failed_monitoring_puts_the_diagnosed_fix_first_and_asks_for_the_request_ids()
    {
        var failure = new PollFailure(TokenKind.Vpp, FailureCodes.PermissionMissing, "403", "Grant DeviceManagementServiceConfig.Read.All to TokenWatch.", "req-1");

        var advice = Remediation.For(Event(AlertEventKind.MonitoringFailed, null, null, failure));

        Assert.Equal("Grant DeviceManagementServiceConfig.Read.All to TokenWatch.", advice.Steps[0]);
        Assert.Contains(advice.Steps, s => s.Contains("request ids", StringComparison.Ordinal));
        Assert.Contains(advice.Steps, s => s.Contains("cannot warn about these tokens", StringComparison.Ordinal));
        Assert.Contains(Remediation.Entra, advice.Links);
    }

    [Fact]
    public void An_expired_credential_is_explained_as_a_credential_problem()
    {
        var failure = new PollFailure(TokenKind.Ade, FailureCodes.AuthFailed, "AADSTS7000222", "The client secret of TokenWatch's app expired: create a new one.");

        var advice = Remediation.For(Event(AlertEventKind.MonitoringFailed, null, null, failure));

        Assert.Equal(failure.Fix, advice.Steps[0]);
        Assert.Contains(advice.Steps, s => s.Contains("expired client secret or certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_event_kind_gets_at_least_one_step()
    {
        foreach (var kind in Enum.GetValues<AlertEventKind>())
        {
            foreach (var token in new TokenObservation?[] { Ade(), Vpp(), Apns(), null })
            {
                var advice = Remediation.For(Event(kind, Condition.Expiring, token));

                Assert.NotEmpty(advice.Steps);
                Assert.All(advice.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s)));
            }
        }
    }
}
