using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Identity;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Graph;

namespace TokenWatch.Integration.Tests.Hostile;

/// <summary>
/// What a failed sign-in is called. A credential that cannot reach Microsoft Entra ID at all learnt nothing about
/// the credential: that is <c>unavailable</c> (the network), not <c>auth-failed</c> (a secret to replace). The real
/// Azure.Identity credential is pointed at a loopback port where nothing listens, as on a host with no network.
/// </summary>
public sealed class SignInWithoutNetworkTests
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_sign_in_that_cannot_reach_Entra_is_unavailable_not_auth_failed()
    {
        var credential = new ClientSecretCredential(
            "contoso.onmicrosoft.com",
            Guid.NewGuid().ToString(),
            "not-a-secret",
            new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri($"https://127.0.0.1:{ClosedPort()}/"),
                Retry = { MaxRetries = 0 },
            }
        );

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            credential
                .GetTokenAsync(
                    new TokenRequestContext(["https://graph.microsoft.com/.default"]),
                    CancellationToken.None
                )
                .AsTask()
        );
        var failure = GraphFailures.Classify(TokenKind.Vpp, error, "contoso.onmicrosoft.com");

        Assert.IsType<AuthenticationFailedException>(error);
        Assert.Equal(FailureCodes.Unavailable, failure.Code);
        Assert.StartsWith(
            "Signing in to tenant contoso.onmicrosoft.com failed because Microsoft Entra ID could not be reached",
            failure.Message
        );
        Assert.Contains("network path", FailureFixes.Sentence(failure, "contoso.onmicrosoft.com"));
    }

    [Fact]
    public void Running_out_of_memory_has_its_own_cause()
    {
        var failure = GraphFailures.Classify(
            TokenKind.Ade,
            new InsufficientMemoryException("a memory gate refused the read"),
            "contoso.onmicrosoft.com"
        );

        Assert.Equal("out-of-memory", failure.Code);
        Assert.Contains("MaxResponseMegabytes", FailureFixes.Sentence(failure, "contoso.onmicrosoft.com"));
    }
}
