using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>
/// The seed catalog: a simulated tenant with one token of each kind, healthy unless a test changes it.
/// </summary>
internal static class Seeds
{
    public static SimulatedTenant OneOfEach(
        this SimulatedTenant tenant,
        DateTimeOffset now,
        string adeId = "ade-1",
        string vppState = "valid",
        int vppDaysLeft = 200
    )
    {
        tenant.AdeTokens.Add(
            new SimulatedAdeToken
            {
                Id = adeId,
                TokenName = "Main ABM",
                AppleIdentifier = "abm@contoso.example",
                TokenExpirationDateTime = now.AddDays(200),
            }
        );
        tenant.VppTokens.Add(
            new SimulatedVppToken
            {
                Id = "vpp-1",
                DisplayName = "Apps and Books",
                AppleId = "vpp@contoso.example",
                ExpirationDateTime = now.AddDays(vppDaysLeft),
                State = vppState,
            }
        );
        tenant.ApnsCertificate = new SimulatedApnsCertificate
        {
            AppleIdentifier = "apns@contoso.example",
            ExpirationDateTime = now.AddDays(300),
        };
        return tenant;
    }
}
