using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Functions;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Full cycles with distinctive secrets everywhere TokenWatch meets one: the SendGrid key, a tenant's client secret,
/// a tenant's certificate (a real PEM with its private key), and the VPP <c>token</c> and APNs <c>certificate</c>
/// values Graph sends. Graph reads fail (401, 500, malformed data), sends fail (SendGrid echoing the key back in a
/// 401 and a 500, a dropped connection), and then everything is scanned: every log record of every category at every
/// level (message, state, scopes, exception), every failure and error message, every email as SendGrid received it
/// and as the outbox folder wrote it, and every row of every TokenWatch table in Azurite (compressed blobs
/// unpacked). The only place a secret may appear is the Authorization header of the request to SendGrid.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class SecretScanTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private static readonly TimerInfo Timer = new();
    private const string SendGridKey = "SG.SECRET-sendgrid-7f3a9c1e";
    private const string ClientSecret = "SECRET-client-secret-b62d04";
    private const string VppToken = "SECRET-vpp-token-5e8c21";
    private const string ApnsCertificate = "SECRET-apns-certificate-9a7f13";

    /// <summary>A certificate file as an app registration would have it: certificate and private key in PEM.</summary>
    private static (string Path, string PrivateKeyMaterial) CertificateFile()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(
            "CN=TokenWatch secret scan",
            rsa,
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1
        );
        using var certificate = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddDays(30)
        );
        var key = rsa.ExportPkcs8PrivateKeyPem();
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tokenwatch-secret-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key);
        // Any 40 characters from the middle of the key's base64 stand for all of it.
        var body = key.Split('\n')[5];
        return (path, body[..40]);
    }

    private static void Seed(SimulatedTenant tenant, DateTimeOffset now)
    {
        tenant.OneOfEach(now, vppState: "invalid");
        tenant.VppTokens[0].Override("token", VppToken);
        tenant.ApnsCertificate!.Override("certificate", ApnsCertificate);
    }

    [Fact]
    public async Task No_secret_reaches_a_log_an_exception_an_email_or_a_stored_row()
    {
        var (certificatePath, certificateKey) = CertificateFile();
        string[] secrets = [SendGridKey, ClientSecret, certificateKey, VppToken, ApnsCertificate];
        var outbox = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(),
            "tokenwatch-secret-outbox-" + Guid.NewGuid().ToString("N")
        );
        await using var sendGrid = await FakeSendGrid.StartAsync();

        void Credentials(Dictionary<string, string?> s)
        {
            s["TokenWatch:Tenants:0:Auth"] = "ClientSecret";
            s["TokenWatch:Tenants:0:ClientId"] = "11111111-2222-3333-4444-555555555555";
            s["TokenWatch:Tenants:0:ClientSecret"] = ClientSecret;
            s["TokenWatch:Tenants:1:Auth"] = "ClientCertificate";
            s["TokenWatch:Tenants:1:ClientId"] = "11111111-2222-3333-4444-555555555555";
            s["TokenWatch:Tenants:1:CertificatePath"] = certificatePath;
        }

        await using var viaSendGrid = await TestApp.StartAsync(
            azurite,
            tenants: 3,
            sendGridUrl: sendGrid.Url,
            configure: s =>
            {
                Credentials(s);
                s["TokenWatch:Email:SendGridApiKey"] = SendGridKey;
            },
            services: s => s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace))
        );
        await using var viaOutbox = await TestApp.StartAsync(
            azurite,
            tenants: 3,
            outbox: outbox,
            configure: Credentials,
            services: s => s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace))
        );
        var messages = new List<string>();
        foreach (var app in new[] { viaSendGrid, viaOutbox })
        {
            for (var i = 0; i < 3; i++)
            {
                Seed(app.Tenant(i), app.Clock.GetUtcNow());
            }

            app.Tenant(0).AddPersistentFault(SimulatedEndpoint.Ade, SimulatedFault.Unauthorized());
            app.Tenant(1).AddPersistentFault(SimulatedEndpoint.Vpp, SimulatedFault.ServerError());
            app.Tenant(2).VppTokens[0].Override("state", 42);
            app.Tenant(2).AddFault(SimulatedEndpoint.Apns, SimulatedFault.MalformedJson(), times: 2);
        }

        // The secrets really are on the wire: Graph sends them to TokenWatch, and TokenWatch sends its key to SendGrid.
        using (var http = new HttpClient())
        {
            var root = viaSendGrid.Intune.GraphUrlFor(viaSendGrid.TenantIds[0]);
            var vpp = await http.GetStringAsync($"{root}/beta/deviceAppManagement/vppTokens");
            var apns = await http.GetStringAsync(
                $"{viaSendGrid.Intune.GraphUrlFor(viaSendGrid.TenantIds[0])}/v1.0/deviceManagement/"
                    + "applePushNotificationCertificate"
            );
            Assert.Contains(VppToken, vpp);
            Assert.Contains(ApnsCertificate, apns);
        }

        var echo = $$"""{"errors":[{"message":"Bearer {{SendGridKey}} is not a valid key"}]}""";
        sendGrid.Respond(401, echo);
        sendGrid.Respond(500, echo);
        sendGrid.Respond(FakeSendGrid.Unreachable);
        foreach (var app in new[] { viaSendGrid, viaOutbox })
        {
            var evaluation = app.Services.GetRequiredService<EvaluationService>();
            for (var cycle = 0; cycle < 5; cycle++)
            {
                var readings = await app
                    .Services.GetRequiredService<PollService>()
                    .PollEachAsync(CancellationToken.None);
                messages.AddRange(
                    readings.SelectMany(r =>
                        r.Failures.SelectMany(f => new[] { f.Message, FailureFixes.Sentence(f, r.TenantId) })
                    )
                );
                messages.AddRange(
                    (await evaluation.EvaluateEachAsync(CancellationToken.None)).Select(r => r.Error).OfType<string>()
                );
                app.Clock.Advance(TimeSpan.FromHours(1));
            }
        }

        var logs = new[] { viaSendGrid, viaOutbox }
            .SelectMany(a => a.Services.GetFakeLogCollector().GetSnapshot())
            .ToList();
        var logText = logs.Select(r =>
                string.Join(
                    "\n",
                    [
                        r.Category ?? "",
                        r.Message,
                        r.Exception?.ToString() ?? "",
                        .. (r.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"),
                        .. r.Scopes.Select(s => s?.ToString() ?? ""),
                    ]
                )
            )
            .ToList();
        var emails = sendGrid.Requests.Select(r => r.Raw).ToList();
        var files = Directory.GetFiles(outbox).Select(File.ReadAllText).ToList();
        var rows = new List<string>();
        foreach (var table in new[] { "TokenState" })
        {
            await foreach (var row in new TableClient(azurite.ConnectionString, table).QueryAsync<TableEntity>())
            {
                rows.Add(RowText(row));
            }
        }

        var found = new List<string>();
        foreach (
            var (source, texts) in new[]
            {
                ("log", logText),
                ("message", messages),
                ("email", emails),
                ("outbox file", files),
                ("row", rows),
            }
        )
        {
            found.AddRange(
                texts.SelectMany(t =>
                    secrets.Where(s => t.Contains(s, StringComparison.Ordinal)).Select(s => $"{source}: {s[..12]}…")
                )
            );
        }

        report.Line(
            output,
            $"secret scan: {secrets.Length} secrets, {logs.Count} log records, {messages.Count} failure and "
                + $"error messages, {emails.Count} SendGrid requests "
                + $"({sendGrid.Requests.Count(r => r.Status != 202)} refused), {files.Count} outbox files, "
                + $"{rows.Count} stored rows scanned; {found.Count} secrets found"
        );

        foreach (
            var leak in logs.Where(r =>
                    secrets.Any(s =>
                        string.Join(
                                "\n",
                                [
                                    r.Message,
                                    r.Exception?.ToString() ?? "",
                                    .. (r.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"),
                                    .. r.Scopes.Select(x => x?.ToString() ?? ""),
                                ]
                            )
                            .Contains(s, StringComparison.Ordinal)
                    )
                )
                .Take(5)
        )
        {
            output.WriteLine(
                $"LEAK {leak.Category} {leak.Level} {leak.Id}: {leak.Message} | "
                    + $"{string.Join(",", (leak.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"))} | "
                    + $"{string.Join(",", leak.Scopes)}"
            );
        }

        Assert.Empty(found);
        // the key's one place
        Assert.All(sendGrid.Requests, r => Assert.Equal("Bearer " + SendGridKey, r.Authorization));
        Assert.Contains(sendGrid.Requests, r => r.Status == 401);
        Assert.Contains(messages, m => m.Contains("SendGrid refused the message (401)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("[redacted]", StringComparison.Ordinal));
        Assert.True(sendGrid.Accepted.Count > 0 && files.Count > 0 && logs.Count > 100);
        File.Delete(certificatePath);
        Directory.Delete(outbox, recursive: true);
    }

    /// <summary>A stored row as text, its gzip JSON blobs (ledger, events, observations; chunked) unpacked.</summary>
    private static string RowText(TableEntity row)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in row.Where(p => p.Value is not byte[]))
        {
            text.Append(key)
                .Append('=')
                .Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                .Append('\n');
        }

        foreach (
            var blob in row
                .Keys.Where(k => k.EndsWith("Chunks", StringComparison.Ordinal))
                .Select(k => k[..^"Chunks".Length])
        )
        {
            using var compressed = new MemoryStream();
            for (var i = 0; i < row.GetInt32(blob + "Chunks"); i++)
            {
                compressed.Write(row.GetBinary(blob + i));
            }

            compressed.Position = 0;
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            text.Append(blob).Append('=').Append(Encoding.UTF8.GetString(plain.ToArray())).Append('\n');
        }

        return text.ToString();
    }
}
