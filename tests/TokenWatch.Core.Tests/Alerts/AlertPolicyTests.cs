using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Alerts;

public sealed class AlertPolicyTests
{
    private static readonly DateTimeOffset Expiry = Now.AddDays(200);

    /// <summary>An ADE token that synced at <paramref name="at"/> and expires at <paramref name="expires"/>.</summary>
    private static TokenObservation AdeAt(
        DateTimeOffset at,
        DateTimeOffset? expires = null,
        int syncError = 0,
        string appleId = "abm@contoso.com"
    ) =>
        Ade() with
        {
            ExpiresAt = expires ?? Expiry,
            LastSyncAt = at.AddHours(-1),
            SyncErrorCode = syncError,
            AppleId = appleId,
        };

    private static TokenObservation VppAt(
        DateTimeOffset at,
        string state = "valid",
        DateTimeOffset? expires = null,
        string id = "vpp-1"
    ) => Vpp(state) with { Id = id, ExpiresAt = expires ?? Expiry, LastSyncAt = at.AddHours(-1) };

    private static TokenObservation ApnsAt(
        DateTimeOffset? expires = null,
        string topic = "com.apple.mgmt.External.1"
    ) => Apns() with { ExpiresAt = expires ?? Expiry, TopicId = topic };

    private static (AlertEventKind, Condition?) What(AlertEvent e) => (e.Kind, e.Condition);

    [Fact]
    public void A_new_error_is_sent_once_and_not_again_on_the_next_evaluation()
    {
        var run = new PolicyRun();

        var first = run.PollAndDecide(Now, AdeAt(Now, syncError: 3), VppAt(Now));
        var second = run.PollAndDecide(Now.AddHours(1), AdeAt(Now.AddHours(1), syncError: 3), VppAt(Now.AddHours(1)));

        var sent = Assert.Single(first.Events);
        Assert.Equal(
            (AlertEventKind.Entered, Condition.SyncError, HealthStatus.Critical),
            (sent.Kind, sent.Condition, sent.Severity)
        );
        Assert.Empty(second.Events);
    }

    [Fact]
    public void Deciding_again_without_a_new_poll_changes_nothing()
    {
        var run = new PolicyRun();
        var first = run.PollAndDecide(Now, AdeAt(Now, syncError: 3), VppAt(Now, "invalid"));

        var again = run.Policy.Decide(PollActivity.None, first.Ledger, Now);

        Assert.Equal(2, first.Events.Count);
        Assert.Empty(again.Events);
        Assert.Equal(AlertJson.Serialize(first.Ledger), AlertJson.Serialize(again.Ledger));
    }

    [Fact]
    public void A_healthy_tenant_sends_nothing()
    {
        Assert.Empty(new PolicyRun().PollAndDecide(Now, AdeAt(Now), VppAt(Now), ApnsAt()).Events);
    }

    [Fact]
    public void A_worse_severity_of_the_same_condition_is_sent_again()
    {
        var run = new PolicyRun();
        var stale = Ade() with { LastSyncAt = Now.AddHours(-30) };

        var warning = run.PollAndDecide(Now, stale);
        var critical = run.PollAndDecide(Now.AddHours(50), stale);

        Assert.Equal(
            (AlertEventKind.Entered, HealthStatus.Warning),
            (Assert.Single(warning.Events).Kind, warning.Events[0].Severity)
        );
        Assert.Equal(
            (AlertEventKind.Entered, HealthStatus.Critical),
            (Assert.Single(critical.Events).Kind, critical.Events[0].Severity)
        );
    }

    [Fact]
    public void Recovered_is_sent_only_after_two_clean_polls_in_a_row()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, VppAt(Now, "invalid"));

        var oneClean = run.PollAndDecide(Now.AddHours(1), VppAt(Now.AddHours(1)));
        var twoClean = run.PollAndDecide(Now.AddHours(2), VppAt(Now.AddHours(2)));

        Assert.Empty(oneClean.Events);
        var recovered = Assert.Single(twoClean.Events);
        Assert.Equal(
            (AlertEventKind.Recovered, Condition.InvalidState, HealthStatus.Ok),
            (recovered.Kind, recovered.Condition, recovered.Severity)
        );
        Assert.Empty(run.Ledger.Tokens["vpp:vpp-1"].Alerts);
    }

    [Fact]
    public void A_condition_back_between_clean_polls_starts_the_count_again()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, VppAt(Now, "invalid"));

        var clean = run.PollAndDecide(Now.AddHours(1), VppAt(Now.AddHours(1)));
        var brokenAgain = run.PollAndDecide(Now.AddHours(2), VppAt(Now.AddHours(2), "invalid"));
        var cleanAgain = run.PollAndDecide(Now.AddHours(3), VppAt(Now.AddHours(3)));
        var recovered = run.PollAndDecide(Now.AddHours(4), VppAt(Now.AddHours(4)));

        Assert.Empty(clean.Events.Concat(brokenAgain.Events).Concat(cleanAgain.Events));
        Assert.Equal(AlertEventKind.Recovered, Assert.Single(recovered.Events).Kind);
    }

    [Fact]
    public void A_poll_that_could_not_read_the_endpoint_is_not_a_clean_poll()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, VppAt(Now, "invalid"));

        var clean = run.PollAndDecide(Now.AddHours(1), VppAt(Now.AddHours(1)));
        var unread = run.FailAndDecide(Now.AddHours(2), PolicyRun.Failure(TokenKind.Vpp), VppAt(Now.AddHours(2)));
        var cleanAgain = run.PollAndDecide(Now.AddHours(3), VppAt(Now.AddHours(3)));
        var recovered = run.PollAndDecide(Now.AddHours(4), VppAt(Now.AddHours(4)));

        Assert.Empty(clean.Events.Concat(unread.Events).Concat(cleanAgain.Events));
        Assert.Equal(AlertEventKind.Recovered, Assert.Single(recovered.Events).Kind);
    }

    [Fact]
    public void Polls_folded_together_count_one_by_one()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, VppAt(Now, "invalid"));

        var decision = run.Decide(
            Now.AddHours(3),
            run.Poll(Now.AddHours(1), [VppAt(Now.AddHours(1))]),
            run.Poll(Now.AddHours(2), [VppAt(Now.AddHours(2))])
        );

        Assert.Equal(AlertEventKind.Recovered, Assert.Single(decision.Events).Kind);
    }

    [Fact]
    public void Polls_an_evaluation_did_not_read_one_by_one_do_not_count_as_clean()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, VppAt(Now, "invalid"));
        run.PollAndDecide(Now.AddHours(1), VppAt(Now.AddHours(1)));
        var skipped = run.Poll(Now.AddHours(2), [VppAt(Now.AddHours(2))]);

        var afterGap = run.Policy.Decide(
            new PollActivity([run.Poll(Now.AddHours(3), [VppAt(Now.AddHours(3))])], skipped.Changes, MissedPolls: true),
            run.Ledger,
            Now.AddHours(3)
        );
        run.Ledger = afterGap.Ledger;
        var recovered = run.PollAndDecide(Now.AddHours(4), VppAt(Now.AddHours(4)));

        Assert.Empty(afterGap.Events);
        Assert.Equal(AlertEventKind.Recovered, Assert.Single(recovered.Events).Kind);
    }

    [Fact]
    public void A_stale_sync_is_not_alerted_on_its_own_while_the_sync_error_is()
    {
        var decision = new PolicyRun().PollAndDecide(Now, Ade(syncError: 3, syncedHoursAgo: 100));

        Assert.Equal([Condition.SyncError], decision.Events.Select(e => e.Condition));
    }

    [Fact]
    public void Milestones_are_sent_once_each_and_only_the_lowest_when_several_are_crossed_at_once()
    {
        var run = new PolicyRun();
        var expires = Now.AddDays(45);

        var at45 = run.PollAndDecide(Now, AdeAt(Now, expires));
        var at44 = run.PollAndDecide(Now.AddDays(1), AdeAt(Now.AddDays(1), expires));
        var at30 = run.PollAndDecide(Now.AddDays(15), AdeAt(Now.AddDays(15), expires));
        var at2 = run.PollAndDecide(Now.AddDays(43), AdeAt(Now.AddDays(43), expires));

        Assert.Equal([60], at45.Events.Select(e => e.MilestoneDays));
        Assert.Equal(AlertEventKind.Milestone, at45.Events[0].Kind);
        Assert.Contains("45 days left", EventWording.Sentence(at45.Events[0]));
        Assert.Empty(at44.Events);
        // not also "entered expiring"
        Assert.Equal([(AlertEventKind.Milestone, Condition.Expiring)], at30.Events.Select(What));
        Assert.Equal([30], at30.Events.Select(e => e.MilestoneDays));
        Assert.Equal([3], at2.Events.Select(e => e.MilestoneDays));
    }

    [Fact]
    public void No_milestone_or_expiry_warning_for_a_token_in_error_until_the_error_clears()
    {
        var run = new PolicyRun();
        var expires = Now.AddDays(10);

        var inError = run.PollAndDecide(Now, AdeAt(Now, expires, syncError: 3));
        run.PollAndDecide(Now.AddHours(1), AdeAt(Now.AddHours(1), expires));
        var cleared = run.PollAndDecide(Now.AddHours(2), AdeAt(Now.AddHours(2), expires));

        Assert.Equal([(AlertEventKind.Entered, Condition.SyncError)], inError.Events.Select(What));
        Assert.Equal(
            [(AlertEventKind.Milestone, Condition.Expiring), (AlertEventKind.Recovered, Condition.SyncError)],
            cleared.Events.Select(What).Order()
        );
        Assert.Equal(14, cleared.Events.Single(e => e.Kind == AlertEventKind.Milestone).MilestoneDays);
    }

    [Fact]
    public void Reminders_repeat_every_24_hours_while_critical_and_do_not_stop_after_expiry()
    {
        var run = new PolicyRun();
        var expired = AdeAt(Now, Now.AddDays(-1));

        var entered = run.PollAndDecide(Now, expired);
        var early = run.PollAndDecide(Now.AddHours(23), expired);
        var reminders = Enumerable.Range(1, 10).Select(day => run.PollAndDecide(Now.AddDays(day), expired)).ToList();

        Assert.Equal([(AlertEventKind.Entered, Condition.Expired)], entered.Events.Select(What));
        Assert.Empty(early.Events);
        Assert.All(reminders, r => Assert.Equal([(AlertEventKind.Reminder, Condition.Expired)], r.Events.Select(What)));
        Assert.All(reminders, r => Assert.Equal(HealthStatus.Critical, r.Events[0].Severity));
    }

    [Fact]
    public void Warnings_get_no_reminders()
    {
        var run = new PolicyRun();
        var later = Now.AddHours(25);

        var entered = run.PollAndDecide(Now, Ade() with { LastSyncAt = Now.AddHours(-30) });
        var stillStale = run.PollAndDecide(later, Ade() with { LastSyncAt = later.AddHours(-30) });

        Assert.Equal(HealthStatus.Warning, Assert.Single(entered.Events).Severity);
        Assert.Empty(stillStale.Events);
    }

    [Fact]
    public void A_renewal_is_told_with_old_and_new_date_and_closes_the_expiry_warning_without_a_recovered()
    {
        var run = new PolicyRun();
        var soon = Now.AddDays(20);
        run.PollAndDecide(Now, AdeAt(Now, soon));
        var renewedExpiry = Now.AddDays(366);

        var renewal = run.PollAndDecide(Now.AddDays(1), AdeAt(Now.AddDays(1), renewedExpiry));
        var after = run.PollAndDecide(Now.AddDays(1).AddHours(1), AdeAt(Now.AddDays(1).AddHours(1), renewedExpiry));
        var after2 = run.PollAndDecide(Now.AddDays(1).AddHours(2), AdeAt(Now.AddDays(1).AddHours(2), renewedExpiry));

        var renewed = Assert.Single(renewal.Events);
        Assert.Equal(AlertEventKind.Renewed, renewed.Kind);
        Assert.Equal(soon, renewed.Previous!.ExpiresAt);
        Assert.Equal(renewedExpiry, renewed.Token!.ExpiresAt);
        // it synced after the renewal
        Assert.Equal([AlertEventKind.RenewalConfirmed], after.Events.Select(e => e.Kind));
        Assert.Empty(after2.Events);
        Assert.Empty(run.Ledger.Tokens["ade:ade-1"].Alerts);
        Assert.Null(run.Ledger.Tokens["ade:ade-1"].LastMilestone);
    }

    [Fact]
    public void A_new_owner_and_a_new_push_topic_are_told()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, AdeAt(Now), ApnsAt());

        var decision = run.PollAndDecide(
            Now.AddHours(1),
            AdeAt(Now.AddHours(1), appleId: "someone@contoso.com"),
            ApnsAt(topic: "com.apple.mgmt.External.2")
        );

        var owner = decision.Events.Single(e => e.Kind == AlertEventKind.OwnerChanged);
        Assert.Equal(("abm@contoso.com", "someone@contoso.com"), (owner.Previous!.AppleId, owner.Token!.AppleId));
        var topic = decision.Events.Single(e => e.Kind == AlertEventKind.TopicChanged);
        Assert.Equal(HealthStatus.Critical, topic.Severity);
        Assert.Equal("com.apple.mgmt.External.1", topic.Previous!.TopicId);
    }

    [Fact]
    public void Tokens_added_and_removed_are_told_but_the_first_poll_is_only_a_baseline()
    {
        var run = new PolicyRun();

        var first = run.PollAndDecide(Now, AdeAt(Now), VppAt(Now));
        var added = run.PollAndDecide(
            Now.AddHours(1),
            AdeAt(Now.AddHours(1)),
            VppAt(Now.AddHours(1)),
            VppAt(Now.AddHours(1), id: "vpp-2")
        );
        var removed = run.PollAndDecide(Now.AddHours(2), AdeAt(Now.AddHours(2)), VppAt(Now.AddHours(2), id: "vpp-2"));

        Assert.Empty(first.Events);
        Assert.Equal([(AlertEventKind.TokenAdded, "vpp:vpp-2")], added.Events.Select(e => (e.Kind, e.Token!.Key)));
        Assert.Equal([(AlertEventKind.TokenRemoved, "vpp:vpp-1")], removed.Events.Select(e => (e.Kind, e.Token!.Key)));
    }

    [Fact]
    public void Monitoring_failed_is_told_after_three_failed_polls_with_cause_and_fix_and_restored_after_two_reads()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, VppAt(Now));
        var failure = PolicyRun.Failure(TokenKind.Vpp);

        var failed = Enumerable
            .Range(1, 4)
            .Select(h => run.FailAndDecide(Now.AddHours(h), failure, VppAt(Now)))
            .ToList();
        var read1 = run.PollAndDecide(Now.AddHours(5), VppAt(Now.AddHours(5)));
        var read2 = run.PollAndDecide(Now.AddHours(6), VppAt(Now.AddHours(6)));

        Assert.Empty(failed[0].Events.Concat(failed[1].Events).Concat(failed[3].Events));
        var told = Assert.Single(failed[2].Events);
        Assert.Equal(
            (AlertEventKind.MonitoringFailed, FailureCodes.PermissionMissing, 3),
            (told.Kind, told.Failure!.Code, told.ConsecutiveFailures)
        );
        Assert.Equal(FailureFix.GrantPermission, told.Failure!.Fix);
        Assert.Empty(read1.Events);
        Assert.Equal(AlertEventKind.MonitoringRestored, Assert.Single(read2.Events).Kind);
    }

    [Fact]
    public void The_same_failure_on_every_endpoint_is_told_once()
    {
        var run = new PolicyRun();
        PollFailure[] all = [.. Enum.GetValues<TokenKind>().Select(k => PolicyRun.Failure(k, FailureCodes.AuthFailed))];

        var decisions = Enumerable
            .Range(0, 3)
            .Select(h => run.Decide(Now.AddHours(h), run.Poll(Now.AddHours(h), [], all)))
            .ToList();

        var told = Assert.Single(decisions[2].Events);
        Assert.Equal(AlertEventKind.MonitoringFailed, told.Kind);
        Assert.Contains("ADE tokens and VPP tokens and APNs certificate", EventWording.Sentence(told));
    }

    [Fact]
    public void A_snoozed_token_is_recorded_not_sent_and_the_snooze_ends_at_its_date()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, VppAt(Now, "invalid"));
        run.Ledger = run.Ledger.WithSnooze("vpp:vpp-1", new Snooze(Now.AddDays(2), "new token ordered", Now));

        var snoozed = run.PollAndDecide(Now.AddDays(1), VppAt(Now.AddDays(1), "invalid"));
        var afterSnooze = run.PollAndDecide(Now.AddDays(2).AddHours(1), VppAt(Now.AddDays(2).AddHours(1), "invalid"));

        Assert.Empty(snoozed.Events);
        Assert.Equal([(AlertEventKind.Reminder, Condition.InvalidState)], snoozed.Snoozed.Select(What));
        Assert.Equal([(AlertEventKind.Reminder, Condition.InvalidState)], afterSnooze.Events.Select(What));
        Assert.Empty(afterSnooze.Ledger.Snoozes);
    }

    [Fact]
    public void A_snooze_ends_when_the_token_is_renewed_or_gets_a_new_error()
    {
        var run = new PolicyRun();
        var soon = Now.AddDays(20);
        run.PollAndDecide(Now, AdeAt(Now, soon), VppAt(Now));
        run.Ledger = run
            .Ledger.WithSnooze("ade:ade-1", new Snooze(Now.AddDays(30), "renewal booked", Now))
            .WithSnooze("vpp:vpp-1", new Snooze(Now.AddDays(30), "quiet please", Now));

        var milestone = run.PollAndDecide(Now.AddDays(7), AdeAt(Now.AddDays(7), soon), VppAt(Now.AddDays(7)));
        var changes = run.PollAndDecide(
            Now.AddDays(8),
            AdeAt(Now.AddDays(8), Now.AddDays(400)),
            VppAt(Now.AddDays(8), "invalid")
        );

        Assert.Empty(milestone.Events);
        Assert.Equal([(AlertEventKind.Milestone, Condition.Expiring)], milestone.Snoozed.Select(What));
        Assert.Equal(
            [(AlertEventKind.Entered, Condition.InvalidState), (AlertEventKind.Renewed, (Condition?)null)],
            changes.Events.Select(What).Order()
        );
        Assert.Empty(changes.Ledger.Snoozes);
    }

    [Fact]
    public void Settings_change_milestones_reminders_and_recovery()
    {
        var run = new PolicyRun(
            new AlertSettings
            {
                Milestones = "10",
                ReminderHours = 2,
                RecoveryPolls = 1,
            }
        );

        var milestone = run.PollAndDecide(Now, AdeAt(Now, Now.AddDays(9)), VppAt(Now, "invalid"));
        var reminder = run.PollAndDecide(
            Now.AddHours(2),
            AdeAt(Now.AddHours(2), Now.AddDays(9)),
            VppAt(Now.AddHours(2), "invalid")
        );
        var recovered = run.PollAndDecide(
            Now.AddHours(3),
            AdeAt(Now.AddHours(3), Now.AddDays(9)),
            VppAt(Now.AddHours(3))
        );

        Assert.Equal(
            [10],
            milestone.Events.Where(e => e.Kind == AlertEventKind.Milestone).Select(e => e.MilestoneDays)
        );
        Assert.Equal([(AlertEventKind.Reminder, Condition.InvalidState)], reminder.Events.Select(What));
        Assert.Equal([(AlertEventKind.Recovered, Condition.InvalidState)], recovered.Events.Select(What));
    }

    [Theory]
    [InlineData("60,30,14,7,3,1", true, new[] { 60, 30, 14, 7, 3, 1 })]
    [InlineData(" 7, 30 ,90", true, new[] { 90, 30, 7 })]
    [InlineData("", true, new int[0])]
    [InlineData("30,30", false, new int[0])]
    [InlineData("0", false, new int[0])]
    [InlineData("a fortnight", false, new int[0])]
    public void Milestones_parse_from_a_comma_separated_list(string text, bool valid, int[] expected)
    {
        Assert.Equal(valid, AlertSettings.TryParseMilestones(text, out var days, out var problem));
        Assert.Equal(expected, days);
        Assert.Equal(valid, problem is null);
    }

    [Fact]
    public void A_long_sync_error_holds_back_early_milestones_but_the_last_days_break_through()
    {
        var run = new PolicyRun();
        var expires = Now.AddDays(40);
        run.PollAndDecide(Now, AdeAt(Now, expires, syncError: 3) with { LastSyncAttemptAt = Now.AddMinutes(-30) });

        var at30 = run.PollAndDecide(
            Now.AddDays(11),
            AdeAt(Now.AddDays(11), expires, syncError: 3) with
            {
                LastSyncAttemptAt = Now.AddDays(11).AddMinutes(-30),
            }
        );
        var at6 = run.PollAndDecide(
            Now.AddDays(34),
            AdeAt(Now.AddDays(34), expires, syncError: 3) with
            {
                LastSyncAttemptAt = Now.AddDays(34).AddMinutes(-30),
            }
        );

        Assert.DoesNotContain(at30.Events, e => e.Kind == AlertEventKind.Milestone);
        Assert.Equal([7], at6.Events.Where(e => e.Kind == AlertEventKind.Milestone).Select(e => e.MilestoneDays));
    }

    [Fact]
    public void A_renewal_without_a_sync_after_it_is_told_as_not_confirmed_once()
    {
        var run = new PolicyRun();
        var stuck = Now.AddHours(-1);
        run.PollAndDecide(Now, VppAt(Now, expires: Now.AddDays(10)) with { LastSyncAt = stuck });
        run.PollAndDecide(Now.AddHours(1), VppAt(Now, expires: Now.AddDays(375)) with { LastSyncAt = stuck });

        var day1 = run.PollAndDecide(
            Now.AddHours(25),
            VppAt(Now, expires: Now.AddDays(375)) with
            {
                LastSyncAt = stuck,
            }
        );
        var day2 = run.PollAndDecide(
            Now.AddHours(49),
            VppAt(Now, expires: Now.AddDays(375)) with
            {
                LastSyncAt = stuck,
            }
        );
        var day3 = run.PollAndDecide(
            Now.AddHours(73),
            VppAt(Now, expires: Now.AddDays(375)) with
            {
                LastSyncAt = stuck,
            }
        );

        Assert.DoesNotContain(day1.Events, e =>
            e.Kind is AlertEventKind.RenewalNotConfirmed or AlertEventKind.RenewalConfirmed
        );
        var told = Assert.Single(day2.Events, e => e.Kind == AlertEventKind.RenewalNotConfirmed);
        Assert.Equal(HealthStatus.Critical, told.Severity);
        Assert.DoesNotContain(day3.Events, e => e.Kind == AlertEventKind.RenewalNotConfirmed);
    }

    [Fact]
    public void A_tenant_with_ADE_tokens_and_no_push_certificate_is_told_once_as_critical()
    {
        var run = new PolicyRun();
        var none = new TokenObservation
        {
            TenantId = "t1",
            Kind = TokenKind.Apns,
            Id = "apns",
            NotConfigured = true,
        };

        var first = run.PollAndDecide(Now, AdeAt(Now), none);
        var later = run.PollAndDecide(Now.AddHours(1), AdeAt(Now.AddHours(1)), none);

        var told = Assert.Single(first.Events);
        Assert.Equal(
            (AlertEventKind.Entered, Condition.NotConfigured, HealthStatus.Critical),
            (told.Kind, told.Condition, told.Severity)
        );
        Assert.DoesNotContain(later.Events, e => e.Kind == AlertEventKind.Entered);
    }
}
