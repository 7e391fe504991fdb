using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// Key Vault's secrets list (GET /secrets: names and attributes, never values) over HTTPS on 127.0.0.1, with its
/// bearer challenge, for the real <see cref="SecretClient"/>.
/// </summary>
internal sealed class FakeKeyVault : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private FakeKeyVault(WebApplication app, X509Certificate2 certificate, Uri uri)
    {
        _app = app;
        _certificate = certificate;
        Uri = uri;
    }

    public Uri Uri { get; }

    public int ListRequests { get; private set; }

    /// <summary>The names of the secrets the client asked for, with a token, in order.</summary>
    public ConcurrentQueue<string> ReadRequests { get; } = new();

    public static async Task<FakeKeyVault> StartAsync(IReadOnlyList<(string Name, DateTimeOffset? Expires)> secrets)
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        FakeKeyVault? vault = null;
        app.MapGet("/secrets", (HttpContext context) =>
        {
            if (Challenge(context) is { } challenge)
            {
                return challenge;
            }

            vault!.ListRequests++;
            return Results.Text(List(vault.Uri, secrets).ToJsonString(), "application/json");
        });
        // The vault holds no values: reading any one secret is Key Vault's answer for a secret not there.
        app.MapGet("/secrets/{name}", (HttpContext context, string name) =>
        {
            if (Challenge(context) is { } challenge)
            {
                return challenge;
            }

            vault!.ReadRequests.Enqueue(name);
            return Results.Json(NotFound(name), statusCode: 404);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        vault = new FakeKeyVault(app, certificate, new Uri(address.Single()));
        return vault;
    }

    /// <summary>The real client, trusting only this endpoint's certificate.</summary>
    public SecretClient Client()
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented?.Thumbprint == _certificate.Thumbprint,
        };
        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(handler),
            DisableChallengeResourceVerification = true,
            Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(10) },
        };
        return new SecretClient(Uri, new StaticToken(), options);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    /// <summary>Key Vault's bearer challenge to a request without a token; null once the client sends one.</summary>
    private static IResult? Challenge(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate =
            "Bearer authorization=\"https://login.microsoftonline.com/common\", resource=\"https://vault.azure.net\"";
        return Results.StatusCode(401);
    }

    private static JsonObject NotFound(string name) =>
        new()
        {
            ["error"] = new JsonObject
            {
                ["code"] = "SecretNotFound",
                ["message"] = $"A secret with (name/id) {name} was not found in this key vault.",
            },
        };

    private static JsonObject List(Uri vault, IEnumerable<(string Name, DateTimeOffset? Expires)> secrets) =>
        new()
        {
            ["value"] = new JsonArray(
                secrets
                    .Select(s =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["id"] = new Uri(vault, $"secrets/{s.Name}").ToString(),
                                ["attributes"] = new JsonObject
                                {
                                    ["enabled"] = true,
                                    ["exp"] = s.Expires?.ToUnixTimeSeconds(),
                                    ["created"] = 1_700_000_000,
                                    ["updated"] = 1_700_000_000,
                                },
                            }
                    )
                    .ToArray()
            ),
            ["nextLink"] = null,
        };

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddHours(1)
        );
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("fake-vault-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(
            TokenRequestContext requestContext,
            CancellationToken cancellationToken
        ) => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
