using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Cli;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Integration.Tests.Reliability;
using TokenWatch.Integration.Tests.Support;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Hostile;

/// <summary>
/// The real Graph client against a Graph that misbehaves at the byte level: one slow, huge or lying endpoint is a
/// classified failure of that endpoint, beside the tokens the other endpoints gave, and never a token read as ok.
/// Bounds are configured small (1 s, 1 MB) so the suite stays fast; figures printed here are in docs/reliability.md.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class HostileGraphTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>,
        IAsyncLifetime
{
    private HostileGraph _graph = null!;

    public async Task InitializeAsync() => _graph = await HostileGraph.StartAsync();

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    private Dictionary<string, string?> Settings(int requestTimeout = 1, int tenantTimeout = 30) =>
        new()
        {
            ["TokenWatch:Graph:BaseUrl"] = _graph.BaseUrl,
            ["TokenWatch:Graph:Auth"] = "None",
            ["TokenWatch:Graph:RetryDelaySeconds"] = "0",
            ["TokenWatch:Graph:MaxRetries"] = "0",
            ["TokenWatch:Graph:RequestTimeoutSeconds"] = requestTimeout.ToString(CultureInfo.InvariantCulture),
            ["TokenWatch:Graph:MaxResponseMegabytes"] = "1",
            ["TokenWatch:Cycle:TenantTimeoutSeconds"] = tenantTimeout.ToString(CultureInfo.InvariantCulture),
            ["TokenWatch:Tenants:0:TenantId"] = "contoso",
        };

    /// <summary>One tenant read by the real poll service (real clock: the bounds above are real seconds).</summary>
    private async Task<TenantReading> ReadAsync(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? Settings()).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddTokenWatch(configuration, TokenWatchScope.ReadOnly)
            .BuildServiceProvider();
        return await services
            .GetRequiredService<PollService>()
            .ReadTenantAsync(new MonitoredTenant("contoso", "Contoso", []), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task<(int ExitCode, JsonElement Tenant)> CheckAsync(Dictionary<string, string?> settings)
    {
        var config = Path.Combine(Path.GetTempPath(), $"tokenwatch-hostile-{Guid.NewGuid()}.json");
        var section = new Dictionary<string, object?>();
        foreach (var (key, value) in settings)
        {
            Nest(section, key.Split(':'), value);
        }

        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(section));
        try
        {
            var stdout = new StringWriter();
            var code = await TokenWatchCli
                .RunAsync(
                    ["check", "--config", config, "--output", "json"],
                    stdout,
                    new StringWriter(),
                    CancellationToken.None
                )
                .WaitAsync(TimeSpan.FromSeconds(60));
            using var json = JsonDocument.Parse(stdout.ToString());
            return (code, json.RootElement.GetProperty("tenants")[0].Clone());
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static void Nest(Dictionary<string, object?> into, string[] path, string? value)
    {
        if (path.Length == 1)
        {
            into[path[0]] = value;
            return;
        }

        if (path.Length > 2 && int.TryParse(path[1], CultureInfo.InvariantCulture, out _))
        {
            // Tenants:0:TenantId: a one-tenant list.
            var list = (List<Dictionary<string, object?>>?)(into.TryGetValue(path[0], out var l) ? l : null) ?? [];
            if (list.Count == 0)
            {
                list.Add([]);
            }

            into[path[0]] = list;
            Nest(list[0], path[2..], value);
            return;
        }

        var child = (Dictionary<string, object?>?)(into.TryGetValue(path[0], out var c) ? c : null) ?? [];
        into[path[0]] = child;
        Nest(child, path[1..], value);
    }

    [Theory]
    [InlineData(1, 30, "unavailable")] // the attempt's time, body included, runs out first
    [InlineData(30, 2, "timeout")] // the tenant's time runs out first: still only this endpoint's failure
    public async Task A_body_that_trickles_fails_its_endpoint_alone_and_check_reports_the_invalid_VPP_token_as_critical(
        int requestTimeout,
        int tenantTimeout,
        string cause
    )
    {
        _graph.Answer(TokenKind.Ade, HostileGraph.StallAsync);
        _graph.AnswerJson(TokenKind.Vpp, HostileGraph.Page(HostileGraph.VppToken(state: "invalid")));

        var (code, tenant) = await CheckAsync(Settings(requestTimeout, tenantTimeout));

        Assert.Equal(2, code);
        Assert.Equal("critical", tenant.GetProperty("status").GetString());
        var failure = Assert.Single(tenant.GetProperty("failures").EnumerateArray());
        Assert.Equal("ade", failure.GetProperty("kind").GetString());
        Assert.Equal(cause, failure.GetProperty("code").GetString());
        var tokens = tenant.GetProperty("tokens").EnumerateArray().ToList();
        Assert.Equal(["apns", "vpp"], tokens.Select(t => t.GetProperty("kind").GetString()).Order());
        Assert.Equal(
            "critical",
            tokens.Single(t => t.GetProperty("kind").GetString() == "vpp").GetProperty("status").GetString()
        );
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_as_too_large_with_bounded_memory()
    {
        // 64 MB of JSON whitespace, gzip-compressed to about 64 KB; the bound is 1 MB.
        var bomb = Gzip(Encoding.ASCII.GetBytes("{\"value\":[" + new string(' ', 64 * 1024 * 1024) + "]}"));
        _graph.Answer(TokenKind.Ade, c => HostileGraph.WriteAsync(c, 200, "application/json", bomb, "gzip"));

        var (reading, allocated) = await MeasuredAsync(() => ReadAsync());

        var failure = Assert.Single(reading.Failures);
        Assert.Equal((TokenKind.Ade, "too-large"), (failure.Kind, failure.Code));
        Assert.Contains("larger than 1 MB once decompressed", failure.Message);
        Assert.Equal([TokenKind.Vpp, TokenKind.Apns], reading.Tokens.Select(t => t.Kind).Order());
        report.Line(
            output,
            $"decompression bomb: {bomb.Length / 1024} KB gzip of 64 MB refused at the 1 MB bound; "
                + $"{allocated / (1024 * 1024)} MB allocated by the process meanwhile"
        );
    }

    [Fact]
    public async Task An_endless_body_is_refused_as_too_large_when_the_bound_is_reached()
    {
        _graph.Answer(TokenKind.Vpp, HostileGraph.EndlessAsync);

        var (reading, allocated) = await MeasuredAsync(() => ReadAsync(Settings(requestTimeout: 30)));

        var failure = Assert.Single(reading.Failures);
        Assert.Equal((TokenKind.Vpp, "too-large"), (failure.Kind, failure.Code));
        Assert.Contains("larger than 1 MB;", failure.Message);
        Assert.Equal([TokenKind.Ade, TokenKind.Apns], reading.Tokens.Select(t => t.Kind).Order());
        report.Line(
            output,
            $"endless body: refused at the 1 MB bound; {allocated / (1024 * 1024)} MB allocated by the process "
                + "meanwhile"
        );
    }

    [Fact]
    public async Task A_body_that_says_gzip_and_is_not_is_malformed_with_its_own_reason()
    {
        _graph.Answer(TokenKind.Apns, c =>
            HostileGraph.WriteAsync(c, 200, "application/json", Encoding.UTF8.GetBytes("{\"id\":\"apns\"}"), "gzip")
        );

        var reading = await ReadAsync();

        var failure = Assert.Single(reading.Failures);
        Assert.Equal((TokenKind.Apns, "malformed"), (failure.Kind, failure.Code));
        Assert.Contains("says it is compressed, but its body is not", failure.Message);
    }

    [Fact]
    public async Task A_repeated_key_makes_the_token_unknown_instead_of_letting_the_last_value_win()
    {
        _graph.AnswerJson(
            TokenKind.Ade,
            HostileGraph.Page(HostileGraph.AdeToken(extra: ",\"lastSyncErrorCode\":3,\"lastSyncErrorCode\":0"))
        );

        var reading = await ReadAsync();

        Assert.Empty(reading.Failures);
        var ade = reading.Tokens.Single(t => t.Kind == TokenKind.Ade);
        Assert.Contains("lastSyncErrorCode appears more than once in the object", ade.Problems);
        Assert.Equal(
            HealthStatus.Unknown,
            new HealthRules(new HealthThresholds()).Evaluate(ade, DateTimeOffset.UtcNow).Status
        );
    }

    [Fact]
    public async Task A_page_with_two_value_arrays_is_malformed()
    {
        _graph.AnswerJson(
            TokenKind.Vpp,
            $$"""{"value":[{{HostileGraph.VppToken(state: "invalid")}}],"value":[{{HostileGraph.VppToken()}}]}"""
        );

        var reading = await ReadAsync();

        var failure = Assert.Single(reading.Failures);
        Assert.Equal((TokenKind.Vpp, "malformed"), (failure.Kind, failure.Code));
        Assert.Contains("'value' appears more than once", failure.Message);
    }

    [Fact]
    public async Task A_404_html_page_for_the_push_certificate_is_a_failure_not_no_certificate()
    {
        _graph.Answer(TokenKind.Apns, c =>
            HostileGraph.WriteAsync(
                c,
                404,
                "text/html",
                Encoding.UTF8.GetBytes("<html><body><h1>404 Not Found</h1></body></html>")
            )
        );

        var reading = await ReadAsync();

        var failure = Assert.Single(reading.Failures);
        Assert.Equal((TokenKind.Apns, "unavailable"), (failure.Kind, failure.Code));
        Assert.Contains("404", failure.Message);
        Assert.DoesNotContain(reading.Tokens, t => t.NotConfigured);
    }

    [Fact]
    public async Task A_date_before_1601_is_a_problem_of_the_token_and_the_poll_is_still_stored()
    {
        _graph.AnswerJson(
            TokenKind.Ade,
            HostileGraph.Page(
                HostileGraph
                    .AdeToken()
                    .Replace(
                        $"\"tokenExpirationDateTime\":\"{HostileGraph.Iso(DateTimeOffset.UtcNow.AddDays(200))}\"",
                        "\"tokenExpirationDateTime\":\"0100-06-01T00:00:00Z\"",
                        StringComparison.Ordinal
                    )
            )
        );
        var settings = Settings();
        settings["TokenWatch:Storage:ConnectionString"] = azurite.ConnectionString;
        settings["TokenWatch:Tenants:0:TenantId"] = Guid.NewGuid().ToString();
        settings["TokenWatch:Email:From"] = "tokenwatch@contoso.example";
        settings["TokenWatch:Email:Recipients:0"] = "admins@contoso.example";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddTokenWatch(configuration)
            .BuildServiceProvider();
        TenantPolled? polled = null;

        await services
            .GetRequiredService<PollService>()
            .RunAsync(t => polled = t, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(polled);
        Assert.True(polled.Stored);
        var ade = polled.Reading.Tokens.Single(t => t.Kind == TokenKind.Ade);
        Assert.Null(ade.ExpiresAt);
        Assert.Contains("tokenExpirationDateTime is before the year 1601: '0100-06-01T00:00:00Z'", ade.Problems);
        Assert.Equal(
            HealthStatus.Unknown,
            new HealthRules(new HealthThresholds()).Evaluate(ade, DateTimeOffset.UtcNow).Status
        );
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Bytes the whole process allocated meanwhile: an upper bound on what the read took (other tests run too).
    /// </summary>
    private static async Task<(T Result, long Allocated)> MeasuredAsync<T>(Func<Task<T>> run)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await run();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}
