using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Notifications;

/// <summary>"What to do" for each kind of token and event: the advice that makes an alert actionable.</summary>
public sealed class RemediationTests
{
    private static AlertEvent Event(
        AlertEventKind kind,
        Condition? condition,
        TokenObservation? token,
        PollFailure? failure = null
    ) =>
        new()
        {
            Kind = kind,
            Severity = HealthStatus.Critical,
            At = Now,
            Condition = condition,
            Token = token,
            Failure = failure,
        };

    private const string Tenant = "contoso-tenant-id";

    private static RemediationAdvice For(AlertEvent e) => Remediation.For(e, Tenant);

    private static string All(RemediationAdvice advice) => string.Join("\n", advice.Steps.Append(advice.Caution ?? ""));

    [Fact]
    public void Renewing_an_ADE_token_warns_that_the_download_invalidates_the_current_token_at_once()
    {
        var advice = For(Event(AlertEventKind.Milestone, Condition.Expiring, Ade(daysLeft: 14)));

        Assert.Contains("invalidates the current token at once", advice.Caution);
        Assert.Contains(advice.Steps, s =>
            s.Contains(
                "In Apple Business, as Administrator or Device Enrollment Manager: Devices → Management Services → "
                    + "the service for Intune → Download Token",
                StringComparison.Ordinal
            )
        );
        Assert.Contains(advice.Steps, s => s.Contains("Renew token", StringComparison.Ordinal));
        Assert.Contains(advice.Steps, s =>
            s.Contains("enter the Apple ID used to create the original token", StringComparison.Ordinal)
        );
        Assert.Equal([Portals.BusinessManager, Portals.Intune(Tenant)], advice.Links);
    }

    [Fact]
    public void A_shared_Apple_ID_is_a_renewal_risk_for_the_push_certificate_alone()
    {
        var e = Event(AlertEventKind.Entered, Condition.SingleOwner, Apns() with { AppleId = "it@contoso.com" });
        var reason = new HealthReason(Condition.SingleOwner, HealthStatus.Warning, "it@contoso.com");

        var advice = All(For(e));
        var sentence = ConditionWording.Sentence(reason, e.Token!, Now);

        Assert.DoesNotContain("nothing can be renewed", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("no token can be renewed", sentence, StringComparison.Ordinal);
        Assert.Contains("the certificate cannot be renewed in time", sentence, StringComparison.Ordinal);
        Assert.Contains(
            "On the ADE and VPP tokens the same address is only a reminder an admin typed at upload",
            advice,
            StringComparison.Ordinal
        );
        Assert.Equal([Portals.PushCertificates, Portals.Intune(Tenant)], For(e).Links);
    }

    [Fact]
    public void An_Apple_School_Manager_token_points_to_School_Manager()
    {
        var advice = For(
            Event(
                AlertEventKind.Entered,
                Condition.Expired,
                Ade(daysLeft: -1) with
                {
                    TokenType = "appleSchoolManager",
                }
            )
        );

        Assert.Contains(Portals.SchoolManager, advice.Links);
        Assert.DoesNotContain(Portals.BusinessManager, advice.Links);
        Assert.Contains("Apple School Manager", All(advice));
    }

    [Fact]
    public void Renewing_the_push_certificate_says_renew_never_create_with_the_same_Apple_ID()
    {
        var advice = For(Event(AlertEventKind.Entered, Condition.Expiring, Apns(daysLeft: 10)));

        Assert.Contains("never Create", advice.Caution);
        Assert.Contains("apns@contoso.com", advice.Caution);
        Assert.Contains(advice.Steps, s => s.Contains("sign in with apns@contoso.com", StringComparison.Ordinal));
        Assert.Equal(Portals.PushCertificates, advice.Links[0]);
    }

    [Fact]
    public void Terms_not_accepted_asks_an_administrator_to_accept_them_and_keeps_the_table_for_other_messages()
    {
        var advice = For(Event(AlertEventKind.Entered, Condition.SyncError, Ade(syncError: 3)));

        Assert.Contains("a user with the Administrator role signs in and accepts them", advice.Steps[1]);
        Assert.StartsWith("Code 3 often means", advice.Steps[1]);
        Assert.Equal("Terms and conditions not accepted", advice.KnownErrors![0].PortalMessage);
        Assert.Equal(AdeSyncErrorTable.Rows.Count, advice.KnownErrors.Count);
    }

    [Fact]
    public void An_undocumented_sync_error_code_gives_the_whole_table_in_Microsofts_order()
    {
        var advice = For(Event(AlertEventKind.Entered, Condition.SyncError, Ade(syncError: 9)));

        Assert.Equal(AdeSyncErrorTable.Rows, advice.KnownErrors);
        Assert.Contains("read the sync error shown there", advice.Steps[0]);
    }

    [Fact]
    public void A_failed_monitoring_puts_the_diagnosed_fix_first_and_asks_for_the_request_ids()
    {
        var failure = new PollFailure(
            TokenKind.Vpp,
            FailureCodes.PermissionMissing,
            "403",
            FailureFix.GrantPermission,
            "req-1"
        );

        var advice = For(Event(AlertEventKind.MonitoringFailed, null, null, failure));

        Assert.Equal(
            "Grant the application permission DeviceManagementServiceConfig.Read.All to TokenWatch's identity in "
                + "tenant contoso-tenant-id and give admin consent.",
            advice.Steps[0]
        );
        Assert.Contains(advice.Steps, s => s.Contains("request ids", StringComparison.Ordinal));
        Assert.Contains(advice.Steps, s => s.Contains("cannot warn about these tokens", StringComparison.Ordinal));
        Assert.Contains(Portals.Entra, advice.Links);
    }

    [Fact]
    public void An_expired_credential_is_explained_as_a_credential_problem()
    {
        var failure = new PollFailure(TokenKind.Ade, FailureCodes.AuthFailed, "AADSTS7000222", FailureFix.SignIn);

        var advice = For(Event(AlertEventKind.MonitoringFailed, null, null, failure));

        Assert.Equal(FailureFixes.Sentence(failure, Tenant), advice.Steps[0]);
        Assert.Contains(advice.Steps, s =>
            s.Contains("expired client secret or certificate", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Every_event_kind_gets_at_least_one_step()
    {
        foreach (var kind in Enum.GetValues<AlertEventKind>())
        {
            foreach (var token in new TokenObservation?[] { Ade(), Vpp(), Apns(), null })
            {
                var advice = For(
                    Event(
                        kind,
                        Condition.Expiring,
                        token,
                        kind is AlertEventKind.MonitoringFailed or AlertEventKind.Reminder && token is null
                            ? new PollFailure(TokenKind.Ade, FailureCodes.AuthFailed, "401", FailureFix.SignIn)
                            : null
                    )
                );

                Assert.NotEmpty(advice.Steps);
                Assert.All(advice.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s)));
            }
        }
    }

    [Theory]
    [InlineData(TokenKind.Apns, "Never create a certificate under another Apple ID: that is a new certificate")]
    [InlineData(TokenKind.Ade, "does not affect enrolled devices")]
    [InlineData(TokenKind.Vpp, "belongs to its location, not to a person")]
    public void An_owner_change_is_worded_for_what_it_means_for_each_kind(TokenKind kind, string expected)
    {
        var token = kind switch
        {
            TokenKind.Ade => Ade(),
            TokenKind.Vpp => Vpp(),
            _ => Apns(),
        };

        var advice = For(Event(AlertEventKind.OwnerChanged, null, token));

        Assert.Contains(expected, All(advice));
        Assert.Equal(kind == TokenKind.Apns, All(advice).Contains("re-enroll", StringComparison.Ordinal));
    }

    [Fact]
    public void An_Apple_Business_VPP_renewal_is_done_under_Settings_Payments_and_Billing_by_a_licensing_role()
    {
        var advice = For(Event(AlertEventKind.Milestone, Condition.Expiring, Vpp(daysLeft: 20)));

        Assert.Contains(
            "In Apple Business, as a user whose role has the permission to assign licenses for Apps and Books: "
                + "Settings → Payments & Billing → Apps & Books → Download",
            All(advice)
        );
        Assert.DoesNotContain("Content Manager", All(advice));
        Assert.DoesNotContain("Preferences", All(advice));
        Assert.DoesNotContain("administrator", All(advice), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_ADE_sync_button_is_under_the_tokens_devices()
    {
        var advice = For(Event(AlertEventKind.Entered, Condition.SyncStale, Ade(syncedHoursAgo: 80)));

        Assert.Contains($"{Portals.AdeTokensPath} → the token → Devices → Sync", advice.Steps[0]);
    }

    [Fact]
    public void Intune_links_open_the_tenant_the_alert_is_about_and_steps_keep_the_path_in_words()
    {
        var advice = Remediation.For(
            Event(AlertEventKind.Entered, Condition.Expired, Ade(daysLeft: -2)),
            "d1a2b3c4-0000-4000-8000-00000000abcd"
        );

        Assert.Contains(advice.Links, l =>
            l.Url == "https://intune.microsoft.com/d1a2b3c4-0000-4000-8000-00000000abcd"
        );
        Assert.DoesNotContain(advice.Links, l => l.Url == "https://intune.microsoft.com");
        Assert.Contains(advice.Steps, s => s.Contains(Portals.AdeTokensPath, StringComparison.Ordinal));
    }

    [Fact]
    public void An_expired_push_certificate_gives_the_end_of_the_grace_period_and_the_Subject_UID_to_look_for()
    {
        var token = Apns(daysLeft: -3) with
        {
            TopicId = "com.apple.mgmt.External.5c2d8a1e-7b3f-4e9a-a6c4-0d1e2f3a4b5c",
        };

        var advice = For(Event(AlertEventKind.Entered, Condition.Expired, token));

        var graceEnd = Words.Date(token.ExpiresAt!.Value.AddDays(30));
        Assert.Contains($"until {graceEnd} the same certificate can still be renewed", advice.Steps[0]);
        Assert.Contains("find the certificate whose Subject UID is 5c2d8a1e-7b3f-4e9a-a6c4-0d1e2f3a4b5c", All(advice));
    }

    [Fact]
    public void A_push_certificate_not_yet_expired_has_no_grace_period_step()
    {
        var advice = For(Event(AlertEventKind.Milestone, Condition.Expiring, Apns(daysLeft: 10)));

        Assert.DoesNotContain("grace period", All(advice));
    }
}
