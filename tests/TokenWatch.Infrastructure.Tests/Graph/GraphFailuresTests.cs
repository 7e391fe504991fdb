using Azure.Identity;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Graph;

namespace TokenWatch.Infrastructure.Tests.Graph;

/// <summary>
/// Failures that cannot be played over HTTP. Against a loopback simulator the Graph client asks no credential for a
/// token (Azure.Identity sends tokens to Graph hosts only), so a credential that cannot sign in is classified here,
/// from the exception Azure.Identity throws.
/// </summary>
public sealed class GraphFailuresTests
{
    [Fact]
    public void A_credential_that_cannot_sign_in_is_auth_failed_with_the_reason_on_one_line()
    {
        var expired = new AuthenticationFailedException(
            "ClientSecretCredential authentication failed: AADSTS7000222: The provided client secret keys for "
                + "app 'x' are expired.\r\nTrace ID: 1"
        );

        var failure = GraphFailures.Classify(TokenKind.Vpp, expired, "contoso.onmicrosoft.com");

        Assert.Equal(FailureCodes.AuthFailed, failure.Code);
        Assert.Equal(TokenKind.Vpp, failure.Kind);
        Assert.Equal(
            "Signing in to tenant contoso.onmicrosoft.com failed: ClientSecretCredential authentication failed: "
                + "AADSTS7000222: The provided client secret keys for app 'x' are expired.",
            failure.Message
        );
        Assert.Contains(
            "an expired client secret or certificate",
            FailureFixes.Sentence(failure, "contoso.onmicrosoft.com")
        );
    }

    [Fact]
    public void A_managed_identity_that_is_not_there_is_auth_failed()
    {
        var failure = GraphFailures.Classify(
            TokenKind.Apns,
            new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable."),
            "t1"
        );

        Assert.Equal(FailureCodes.AuthFailed, failure.Code);
        Assert.Contains(
            "a managed identity not assigned to the app",
            FailureFixes.Sentence(failure, "contoso.onmicrosoft.com")
        );
    }

    [Fact]
    public void Server_text_in_a_failure_is_one_line_without_bidi_overrides_and_at_most_300_characters()
    {
        var hostile = "first\u202E line\tstill first\u2028second line" + new string('x', 400);

        Assert.Equal("first  line still first", GraphFailures.OneLine(hostile));
        Assert.Equal(301, GraphFailures.OneLine(new string('y', 1000)).Length); // 300 and the ellipsis
    }
}
