using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Actions;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// Which client address the action page's rate limit counts, and that a client cannot pick it: behind App Service's
/// front end the <c>ActOnAlert</c> function counts the address the front end appended to <c>X-Forwarded-For</c>;
/// the command line's server counts the connection. Each request carries a link of its own (not signed, so refused),
/// so only the client's window can fill.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ActionClientAddressTests(AzuriteFixture azurite)
{
    private const string Client = "203.0.113.7";

    [Fact]
    public async Task Behind_the_front_end_a_forged_X_Forwarded_For_does_not_escape_the_limit()
    {
        await using var site = await ActionSite.StartAsync(azurite, perMinute: 3);
        var function = new ActOnAlert(
            site.App.Services.GetRequiredService<ActionPage>(),
            new ActionClientAddress(behindFrontEnd: true)
        );

        // The client writes its own X-Forwarded-For, new each time, on the same line or a line of its own; the front
        // end appends the address of the connection it accepted (from a new port each time).
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            string[] forwarded = i % 2 == 0 ? [$"10.0.0.{i}, {Client}:5100{i}"] : [$"10.0.0.{i}", $"{Client}:5100{i}"];
            answers.Add((await AskAsync(function, i, forwarded)).Status);
        }

        var otherClient = await AskAsync(function, 9, [$"10.0.0.1, 198.51.100.9:443"]);
        var (_, refused) = await AskAsync(function, 10, [$"{Client}:1"]);

        HttpStatusCode[] expected =
        [
            HttpStatusCode.Forbidden,
            HttpStatusCode.Forbidden,
            HttpStatusCode.Forbidden,
            HttpStatusCode.TooManyRequests,
        ];
        Assert.Equal(expected, answers);
        Assert.Equal(HttpStatusCode.Forbidden, otherClient.Status);
        Assert.Contains("Too many requests", refused);
    }

    [Fact]
    public async Task Outside_App_Service_the_header_is_not_read_at_all()
    {
        await using var site = await ActionSite.StartAsync(azurite, perMinute: 3);
        var local = new ActOnAlert(
            site.App.Services.GetRequiredService<ActionPage>(),
            new ActionClientAddress(behindFrontEnd: false)
        );

        var function = new List<HttpStatusCode>();
        var server = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            function.Add((await AskAsync(local, i, [$"198.51.100.{i}"])).Status);
            server.Add(await AskServerAsync(site, i, $"198.51.100.{i}"));
        }

        HttpStatusCode[] expected =
        [
            HttpStatusCode.Forbidden,
            HttpStatusCode.Forbidden,
            HttpStatusCode.Forbidden,
            HttpStatusCode.TooManyRequests,
        ];
        Assert.Equal(expected, function);
        Assert.Equal(expected, server);
    }

    [Fact]
    public async Task The_app_builds_the_function_and_trusts_the_header_only_where_App_Service_runs_it()
    {
        await using var site = await ActionSite.StartAsync(azurite);

        var function = site.App.Create<ActOnAlert>();
        var registered = site.App.Services.GetRequiredService<ActionClientAddress>();

        Assert.NotNull(function);
        var appService = !string.IsNullOrEmpty(
            Environment.GetEnvironmentVariable(ActionClientAddress.AppServiceVariable)
        );
        Assert.Equal(appService, registered.BehindFrontEnd);
    }

    [Theory]
    [InlineData(true, "203.0.113.7:51234", "203.0.113.7")]
    [InlineData(true, "10.1.1.1, 203.0.113.7", "203.0.113.7")]
    [InlineData(true, "[2001:db8::7]:443", "2001:db8::7")]
    [InlineData(true, "::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData(true, "203.0.113.7, not-an-address", ActionClientAddress.Unknown)]
    [InlineData(true, null, ActionClientAddress.Unknown)]
    [InlineData(false, "203.0.113.7", "127.0.0.1")]
    public void The_counted_address_is_the_trusted_one_in_one_spelling(
        bool behindFrontEnd,
        string? forwardedFor,
        string expected
    )
    {
        var address = new ActionClientAddress(behindFrontEnd);

        var counted = address.Of(forwardedFor is null ? null : [forwardedFor], "::ffff:127.0.0.1");

        Assert.Equal(expected, counted);
    }

    private static async Task<(HttpStatusCode Status, string Html)> AskAsync(
        ActOnAlert function,
        int link,
        string[] forwardedFor
    )
    {
        var request = new FunctionRequest("GET", $"https://func-tokenwatch.example/api/act?t=k1.forged-{link}.x");
        request.Headers.Add(ActionClientAddress.ForwardedForHeader, forwardedFor);
        var response = await function.RunAsync(request, CancellationToken.None);
        response.Body.Position = 0;
        return (response.StatusCode, await new StreamReader(response.Body).ReadToEndAsync());
    }

    private static async Task<HttpStatusCode> AskServerAsync(ActionSite site, int link, string forwardedFor)
    {
        var page = new Uri(site.App.Services.GetRequiredService<TokenWatch.Core.Actions.ActionLinks>().Url("x"));
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            page.GetLeftPart(UriPartial.Path) + $"?t=k1.f-{link}.x"
        );
        request.Headers.Add(ActionClientAddress.ForwardedForHeader, forwardedFor);
        using var response = await site.Http.SendAsync(request);
        return response.StatusCode;
    }
}
