using CsCheck;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Notifications;

/// <summary>The subject line an admin sees in the inbox, for every event kind and for hostile names.</summary>
public sealed class SubjectTests
{
    private static readonly MonitoredTenant Contoso = new("t1", "Contoso", ["admins@contoso.com"]);
    private static readonly HealthRules Rules = new(new HealthThresholds());

    private static AlertEvent Event(
        AlertEventKind kind,
        HealthStatus severity,
        Condition? condition,
        TokenObservation? token,
        TokenObservation? previous = null,
        int? milestone = null,
        PollFailure? failure = null
    ) =>
        new()
        {
            Kind = kind,
            Severity = severity,
            At = Now,
            Condition = condition,
            Token = token,
            Health = token is null ? null : Rules.Evaluate(token, Now),
            Previous = previous,
            MilestoneDays = milestone,
            Failure = failure,
        };

    private static string SubjectOf(params AlertEvent[] events) =>
        DigestComposer.Subject(DigestComposer.Compose(Contoso, events, Now));

    public static TheoryData<string, AlertEvent> EveryKind =>
        new()
        {
            {
                "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" sync error (code 3, often terms not "
                    + "accepted)",
                Event(AlertEventKind.Entered, HealthStatus.Critical, Condition.SyncError, Ade(syncError: 3))
            },
            {
                "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" sync error (code 7)",
                Event(AlertEventKind.Entered, HealthStatus.Critical, Condition.SyncError, Ade(syncError: 7))
            },
            {
                "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" has not synced for 4 days",
                Event(AlertEventKind.Entered, HealthStatus.Critical, Condition.SyncStale, Ade(syncedHoursAgo: 100))
            },
            {
                "[TokenWatch] CRITICAL · Contoso · VPP token \"Apps and Books\" state invalid",
                Event(AlertEventKind.Entered, HealthStatus.Critical, Condition.InvalidState, Vpp(state: "invalid"))
            },
            {
                "[TokenWatch] WARNING · Contoso · VPP token \"Apps and Books\" expires in 12 days",
                Event(AlertEventKind.Entered, HealthStatus.Warning, Condition.Expiring, Vpp(daysLeft: 12))
            },
            {
                "[TokenWatch] WARNING · Contoso · APNs certificate \"Apple MDM push certificate\" expires in 30 days",
                Event(
                    AlertEventKind.Milestone,
                    HealthStatus.Warning,
                    Condition.Expiring,
                    Apns(daysLeft: 30),
                    milestone: 30
                )
            },
            {
                "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" still expired (3 days ago)",
                Event(AlertEventKind.Reminder, HealthStatus.Critical, Condition.Expired, Ade(daysLeft: -3))
            },
            {
                "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" still has a sync error (code 3, often "
                    + "terms not accepted)",
                Event(AlertEventKind.Reminder, HealthStatus.Critical, Condition.SyncError, Ade(syncError: 3))
            },
            {
                "[TokenWatch] RECOVERED · Contoso · ADE token \"Main ABM\" syncs again",
                Event(AlertEventKind.Recovered, HealthStatus.Ok, Condition.SyncError, Ade())
            },
            {
                "[TokenWatch] RENEWED · Contoso · VPP token \"Apps and Books\" renewed until 2027-06-01",
                Event(AlertEventKind.Renewed, HealthStatus.Ok, null, Vpp(daysLeft: 365), previous: Vpp(daysLeft: 5))
            },
            {
                "[TokenWatch] INFO · Contoso · ADE token \"Main ABM\" has a new Apple ID",
                Event(
                    AlertEventKind.OwnerChanged,
                    HealthStatus.Ok,
                    null,
                    Ade() with
                    {
                        AppleId = "new@contoso.com",
                    },
                    previous: Ade()
                )
            },
            {
                "[TokenWatch] CONFIRMED · Contoso · VPP token \"Apps and Books\" synced after its renewal",
                Event(AlertEventKind.RenewalConfirmed, HealthStatus.Ok, null, Vpp(daysLeft: 365))
            },
            {
                "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" has not synced since its renewal",
                Event(AlertEventKind.RenewalNotConfirmed, HealthStatus.Critical, null, Ade(daysLeft: 365))
            },
            {
                "[TokenWatch] WARNING · Contoso · APNs certificate \"Apple MDM push certificate\" is owned by a "
                    + "personal Apple ID",
                Event(
                    AlertEventKind.Entered,
                    HealthStatus.Warning,
                    Condition.PersonalAppleId,
                    Apns() with
                    {
                        AppleId = "jane@icloud.com",
                    }
                )
            },
            {
                "[TokenWatch] CRITICAL · Contoso · APNs certificate \"Apple MDM push certificate\" was replaced "
                    + "by a new certificate",
                Event(
                    AlertEventKind.TopicChanged,
                    HealthStatus.Critical,
                    null,
                    Apns() with
                    {
                        TopicId = "com.apple.mgmt.External.2",
                    },
                    previous: Apns()
                )
            },
            {
                "[TokenWatch] NEW · Contoso · VPP token \"Apps and Books\" was added",
                Event(AlertEventKind.TokenAdded, HealthStatus.Ok, null, Vpp())
            },
            {
                "[TokenWatch] WARNING · Contoso · ADE token \"Main ABM\" was removed",
                Event(AlertEventKind.TokenRemoved, HealthStatus.Warning, null, Ade())
            },
            {
                "[TokenWatch] CRITICAL · Contoso · Monitoring failed (permission missing)",
                Event(
                    AlertEventKind.MonitoringFailed,
                    HealthStatus.Critical,
                    null,
                    null,
                    failure: new PollFailure(
                        TokenKind.Apns,
                        FailureCodes.PermissionMissing,
                        "403",
                        FailureFix.GrantPermission
                    )
                )
            },
            {
                "[TokenWatch] RESTORED · Contoso · Monitoring restored",
                Event(AlertEventKind.MonitoringRestored, HealthStatus.Ok, null, null)
            },
        };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_event_kind_has_a_subject_that_says_what_happened(string expected, AlertEvent e)
    {
        Assert.Equal(expected, SubjectOf(e));
    }

    [Fact]
    public void Every_event_kind_is_covered_by_the_subject_examples()
    {
        var covered = EveryKind.Select(row => ((AlertEvent)row[1]).Kind).ToHashSet();

        Assert.Equal(Enum.GetValues<AlertEventKind>().Order(), covered.Order());
    }

    [Fact]
    public void Several_events_name_the_worst_and_count_the_rest()
    {
        var subject = SubjectOf(
            Event(AlertEventKind.Recovered, HealthStatus.Ok, Condition.SyncError, Vpp()),
            Event(AlertEventKind.Entered, HealthStatus.Warning, Condition.Expiring, Apns(daysLeft: 20)),
            Event(AlertEventKind.Entered, HealthStatus.Critical, Condition.SyncError, Ade(syncError: 3)),
            Event(AlertEventKind.Entered, HealthStatus.Unknown, Condition.UnrecognizedState, Vpp(state: "paused"))
        );

        Assert.Equal(
            "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" sync error (code 3, often terms not "
                + "accepted) +3 more",
            subject
        );
    }

    [Fact]
    public void Good_news_alone_says_which_good_news()
    {
        var subject = SubjectOf(
            Event(AlertEventKind.Renewed, HealthStatus.Ok, null, Vpp(daysLeft: 365)),
            Event(AlertEventKind.Recovered, HealthStatus.Ok, Condition.SyncError, Ade())
        );

        Assert.StartsWith("[TokenWatch] RECOVERED · Contoso · ADE token \"Main ABM\" syncs again +1 more", subject);
    }

    public static TheoryData<string> HostileNames =>
        new()
        {
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "Main\r\nBcc: victim@example.com\r\nX-Evil: 1",
            "Main\u0000\u0007\u001b[31m\u0085\u2028\u2029",
            "\u202Egnp.exe\u202C invoice",
            "שלום ABM \u2067מחשבים\u2069",
            new string('x', 2048),
            string.Concat(Enumerable.Repeat("😀", 1024)),
        };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void A_hostile_token_name_cannot_break_the_subject_header(string name)
    {
        var subject = SubjectOf(
            Event(
                AlertEventKind.Entered,
                HealthStatus.Critical,
                Condition.SyncError,
                Ade(syncError: 3) with
                {
                    Name = name,
                }
            ),
            Event(
                AlertEventKind.Entered,
                HealthStatus.Warning,
                Condition.Expiring,
                Vpp(daysLeft: 12) with
                {
                    Name = name,
                }
            )
        );

        Assert.DoesNotContain(subject, c =>
            char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u2067' or '\u2069'
        );
        Assert.True(subject.Length <= DigestComposer.MaxSubjectLength, $"subject is {subject.Length} characters");
        Assert.StartsWith("[TokenWatch] CRITICAL · Contoso · ADE token \"", subject);
        Assert.EndsWith(" +1 more", subject);
        Assert.True(IsWellFormedUtf16(subject), "the subject holds half of a surrogate pair");
    }

    [Fact]
    public void Right_to_left_letters_stay_but_bidi_overrides_go()
    {
        var subject = SubjectOf(
            Event(
                AlertEventKind.Entered,
                HealthStatus.Critical,
                Condition.SyncError,
                Ade(syncError: 3) with
                {
                    Name = "\u202Eשלום ABM",
                }
            )
        );

        Assert.Equal(
            "[TokenWatch] CRITICAL · Contoso · ADE token \"שלום ABM\" sync error (code 3, often terms not accepted)",
            subject
        );
    }

    [Fact]
    public void A_long_name_is_cut_with_an_ellipsis_and_the_rest_of_the_subject_stays()
    {
        var subject = SubjectOf(
            Event(
                AlertEventKind.Entered,
                HealthStatus.Critical,
                Condition.SyncError,
                Ade(syncError: 3) with
                {
                    Name = new string('x', 2048),
                }
            )
        );

        Assert.Equal(
            $"[TokenWatch] CRITICAL · Contoso · ADE token \"{new string('x', 79)}…\" sync error (code 3, often "
                + "terms not accepted)",
            subject
        );
    }

    [Fact]
    public void Clean_text_lets_no_control_character_bidi_control_or_half_a_surrogate_through_and_keeps_the_bound()
    {
        Gen.String[Gen.Char, 0, 400]
            .Select(Gen.Int[2, 120])
            .Sample(
                (text, max) =>
                {
                    var clean = Words.Clean(text, max);
                    return clean.Length <= max
                        && !clean.Any(c =>
                            char.IsControl(c)
                            || c
                                is '\u202A'
                                    or '\u202B'
                                    or '\u202C'
                                    or '\u202D'
                                    or '\u202E'
                                    or '\u2066'
                                    or '\u2067'
                                    or '\u2068'
                                    or '\u2069'
                                    or '\u200E'
                                    or '\u200F'
                        )
                        && IsWellFormedUtf16(clean)
                        && clean == clean.Trim();
                }
            );
    }

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
