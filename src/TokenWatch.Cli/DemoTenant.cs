using TokenWatch.Simulator;

namespace TokenWatch.Cli;

/// <summary>
/// The demo's simulated tenant, Contoso: one ADE token, two VPP locations of one organization and an APNs certificate,
/// with the tokens the timeline changes at hand. The ADE token's iPhones are enrolled with a profile assigned to
/// them, and the token has no default profile until the timeline sets one.
/// </summary>
internal sealed class DemoTenant
{
    public const string TenantId = "8f6e2c1a-4b3d-4e5f-9a7b-0c1d2e3f4a5b";
    public const int NewIpads = 40;

    private const int IPhones = 412;
    private const string IPhoneProfileId = "2c7e4a1b-0000-4000-8000-0000000a1001";
    private const string IpadProfileId = "2c7e4a1b-0000-4000-8000-0000000a1002";

    private DemoTenant(SimulatedAdeToken ade, SimulatedVppToken seattle, SimulatedVppToken berlin)
    {
        Ade = ade;
        Seattle = seattle;
        Berlin = berlin;
    }

    public SimulatedAdeToken Ade { get; }
    public SimulatedVppToken Seattle { get; }
    public SimulatedVppToken Berlin { get; }

    public static DemoTenant Seed(SimulatedIntune intune, DateTimeOffset start)
    {
        var tenant = intune.AddTenant(TenantId);
        var ade = new SimulatedAdeToken
        {
            Id = "9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10",
            TokenName = "Contoso ABM - Corporate iPhones",
            AppleIdentifier = "abm-admin@contoso.example",
            TokenExpirationDateTime = start.AddDays(60),
            SyncedDeviceCount = IPhones,
        };
        ade.Devices.AddRange(
            Enumerable
                .Range(1, IPhones)
                .Select(i => new SimulatedDevice(
                    $"DNPQ{i:D8}",
                    "ios",
                    start.AddDays(-90),
                    start.AddDays(-80),
                    IPhoneProfileId,
                    "enrolled"
                ))
        );
        // Two locations of one organization: Graph v1.0 would name both "Contoso Ltd"; beta tells them apart.
        var seattle = Vpp("3f1d7c2a-8e4b-4a6f-b1c9-5d2e8f7a6b3c", "Seattle HQ", start.AddDays(200));
        var berlin = Vpp("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", "Berlin Office", start.AddDays(220));
        tenant.AdeTokens.Add(ade);
        tenant.VppTokens.Add(seattle);
        tenant.VppTokens.Add(berlin);
        tenant.ApnsCertificate = new SimulatedApnsCertificate
        {
            AppleIdentifier = "intune-apns@contoso.example",
            ExpirationDateTime = start.AddDays(250),
        };
        return new DemoTenant(ade, seattle, berlin);
    }

    /// <summary>A batch of iPads Apple Business assigned to the token, synced two hours ago, with no profile.</summary>
    public void SyncNewIpads(DateTimeOffset now)
    {
        Ade.Devices.AddRange(
            Enumerable
                .Range(1, NewIpads)
                .Select(i => new SimulatedDevice($"DMPX{i:D8}", "ios", now.AddHours(-2), null, null, "notContacted"))
        );
        Ade.SyncedDeviceCount = Ade.Devices.Count;
    }

    /// <summary>The iPad profile made the default: Intune assigns it to every device still without a profile.</summary>
    public void SetDefaultIpadProfile()
    {
        Ade.DefaultProfiles["ios"] = IpadProfileId;
        for (var i = 0; i < Ade.Devices.Count; i++)
        {
            Ade.Devices[i] = Ade.Devices[i] with
            {
                RequestedEnrollmentProfileId = Ade.Devices[i].RequestedEnrollmentProfileId ?? IpadProfileId,
            };
        }
    }

    private static SimulatedVppToken Vpp(string id, string location, DateTimeOffset expires) =>
        new()
        {
            Id = id,
            OrganizationName = "Contoso Ltd",
            LocationName = location,
            DisplayName = "Contoso Apps and Books",
            AppleId = "vpp-admin@contoso.example",
            ExpirationDateTime = expires,
        };
}
