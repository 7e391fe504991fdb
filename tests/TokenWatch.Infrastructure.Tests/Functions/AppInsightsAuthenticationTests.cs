using TokenWatch.Functions;

namespace TokenWatch.Infrastructure.Tests.Functions;

public sealed class AppInsightsAuthenticationTests
{
    [Theory]
    [InlineData(
        "ClientId=6f3c0f4e-1111-2222-3333-444455556666;Authorization=AAD",
        "6f3c0f4e-1111-2222-3333-444455556666"
    )]
    [InlineData(" authorization=aad ; clientid=abc ", "abc")]
    [InlineData("Authorization=AAD", null)]
    [InlineData("ClientId=abc", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_exporter_signs_in_with_the_identity_named_in_the_authentication_string(
        string? setting,
        string? expected
    ) => Assert.Equal(expected, AppInsightsAuthentication.ManagedIdentityClientId(setting));
}
