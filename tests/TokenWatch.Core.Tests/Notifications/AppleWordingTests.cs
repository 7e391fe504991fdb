using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Notifications;

/// <summary>
/// The words an admin acts on, as Microsoft's 2026 pages and Apple's Apple Business and Apple School Manager guides
/// give them: the portal and role chosen by the token, and no step that destroys or frightens without cause.
/// </summary>
public sealed class AppleWordingTests
{
    private const string Tenant = "contoso-tenant-id";

    private static RemediationAdvice For(AlertEventKind kind, Condition? condition, TokenObservation token) =>
        Remediation.For(
            new AlertEvent
            {
                Kind = kind,
                Severity = HealthStatus.Critical,
                At = Now,
                Condition = condition,
                Token = token,
            },
            Tenant
        );

    private static string All(RemediationAdvice advice) =>
        string.Join("\n", advice.Steps.Append(advice.Caution ?? "").Append(advice.Impact ?? ""));

    [Fact]
    public void A_duplicate_location_warns_that_deleting_a_token_deletes_its_apps_before_naming_the_one_to_remove()
    {
        var advice = For(AlertEventKind.Entered, Condition.InvalidState, Vpp(state: "duplicateLocationId"));

        Assert.Contains("also deletes its apps and their assignments and revokes their licences", advice.Caution);
        Assert.DoesNotContain("delete", advice.Steps[0].Replace("Before deleting", ""), StringComparison.Ordinal);
        Assert.Contains("compare their apps and assignments", advice.Steps[0]);
        Assert.Contains("Only if the other one, usually the newer, has no apps and no assignments", advice.Steps[1]);
    }

    [Fact]
    public void An_Apple_School_Manager_ADE_token_gets_School_Managers_MDM_servers_path()
    {
        var token = Ade(daysLeft: 10) with { TokenType = "appleSchoolManager" };

        var advice = For(AlertEventKind.Milestone, Condition.Expiring, token);

        Assert.Contains(
            "In Apple School Manager, as Administrator or Device Enrollment Manager: Preferences → Your MDM Servers",
            All(advice)
        );
        Assert.DoesNotContain("Apple Business", All(advice));
        Assert.DoesNotContain("Management Services", All(advice));
    }

    [Fact]
    public void An_education_VPP_token_is_renewed_by_a_Content_Manager_under_Content_Tokens()
    {
        var token = Vpp(daysLeft: 10) with { TokenType = "education" };

        var advice = For(AlertEventKind.Milestone, Condition.Expiring, token);

        Assert.Contains(
            "In Apple School Manager, as a Content Manager of the token's location: Preferences → Payments and "
                + "Billing → Apps and Books → Content Tokens → Download",
            All(advice)
        );
        Assert.Equal([Portals.SchoolManager, Portals.Intune(Tenant)], advice.Links);
    }

    [Fact]
    public void Code_3_on_a_School_Manager_token_names_Apple_School_Manager()
    {
        var token = Ade(syncError: 3) with { TokenType = "appleSchoolManager" };
        var reason = new HealthReason(Condition.SyncError, HealthStatus.Critical);

        var sentence = ConditionWording.Sentence(reason, token, Now);

        Assert.EndsWith("waiting to be accepted in Apple School Manager.", sentence);
        Assert.DoesNotContain("Business", sentence);
    }

    [Theory]
    [InlineData(TokenKind.Ade)]
    [InlineData(TokenKind.Vpp)]
    public void A_personal_Apple_ID_on_ADE_or_VPP_is_a_typed_reminder_with_Apples_advice(TokenKind kind)
    {
        var token = (kind == TokenKind.Ade ? Ade() : Vpp()) with { AppleId = "jane@gmail.com" };
        var reason = new HealthReason(Condition.PersonalAppleId, HealthStatus.Ok);

        var advice = For(AlertEventKind.Entered, Condition.PersonalAppleId, token);
        var sentence = ConditionWording.Sentence(reason, token, Now);

        Assert.Contains("a reminder an admin typed", All(advice));
        Assert.Contains("dedicated Managed Apple Account that has its own role", All(advice));
        Assert.Contains("a reminder an admin typed at upload", sentence);
        Assert.DoesNotContain("re-enroll", All(advice) + sentence);
        Assert.DoesNotContain("renewals do not depend on one person", All(advice) + sentence);
    }

    [Fact]
    public void A_personal_Apple_ID_on_the_push_certificate_keeps_the_warning_and_names_Apple_Support()
    {
        var advice = For(AlertEventKind.Entered, Condition.PersonalAppleId, Apns() with { AppleId = "jane@gmail.com" });

        Assert.Contains("must be renewed with the Apple ID that created it", All(advice));
        Assert.Contains("ask Apple Support", All(advice));
        Assert.DoesNotContain("means a new certificate and re-enrolling", All(advice));
    }

    [Fact]
    public void A_new_push_certificate_owner_is_told_Apple_Support_can_move_it_and_migrate_it_to_a_managed_account()
    {
        var advice = For(AlertEventKind.OwnerChanged, null, Apns());

        Assert.Contains("Apple Support can help", advice.Caution);
        Assert.Contains("migrates it to a Managed Apple Account on request", advice.Caution);
        Assert.DoesNotContain("forces every", All(advice));
    }

    [Fact]
    public void Renewing_the_push_certificate_no_longer_says_another_Apple_ID_forces_re_enrollment()
    {
        var advice = For(AlertEventKind.Entered, Condition.Expiring, Apns(daysLeft: 10));

        Assert.DoesNotContain("another Apple ID forces", advice.Caution);
        Assert.Contains("ask Apple Support first", advice.Caution);
    }

    [Fact]
    public void Profile_errors_point_to_the_tokens_Enrollment_policies()
    {
        var advice = For(AlertEventKind.Entered, Condition.SyncError, Ade(syncError: 9));

        var profileRow = advice.KnownErrors!.Single(r => r.PortalMessage.StartsWith("Invalid support phone"));
        Assert.Contains("Enrollment program tokens → the token → Enrollment policies", profileRow.Fix);
    }

    [Fact]
    public void VPP_state_unknown_is_worded_as_Intunes_own_value()
    {
        var token = Vpp(state: "unknown");
        var health = new HealthRules(new HealthThresholds()).Evaluate(token, Now);

        var sentence = ConditionWording.Sentence(health.Reasons.Single(), token, Now);

        Assert.Equal(HealthStatus.Unknown, health.Status);
        Assert.Contains("Intune itself reports the token's state as 'unknown'", sentence);
        Assert.DoesNotContain("TokenWatch does not know", sentence);
    }
}
