using Microsoft.Extensions.Options;
using MimeKit;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// Text that comes from Graph (token names, Apple IDs, states, error messages) is data, never markup or headers:
/// whatever it holds, the email has the same structure as with a plain name, shows the text as text, and its
/// headers stay single lines.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly FluidDigestRenderer Renderer = new();

    public static TheoryData<string, string> HostileNames =>
        new()
        {
            { "script", "<script>alert('x')</script>" },
            { "attribute-breakout", "\"><img src=x onerror=alert(1)>" },
            { "header-injection", "Main ABM\r\nBcc: victim@example.com\r\nX-Evil: 1" },
            { "control-characters", "Main\u0000ABM\u0007\u001b[31m\u0085\u2028\u2029end" },
            { "liquid", "{{ digest_id }} {% raw %}" },
            { "entity", "&lt;b&gt; &amp; &#x3C;" },
            { "two-kilobytes", new string('A', 2048) },
            { "right-to-left", "אפל \u202Egnp.exe\u202C ABM" },
            { "arabic", "رمز التسجيل" },
        };

    /// <summary>
    /// The name goes everywhere Graph text can go: token name, Apple ID, VPP state, a Graph error message.
    /// </summary>
    private static Digest DigestWith(string hostile) =>
        DigestSamples.Digest(
            DigestSamples.Entered(
                DigestSamples.Ade(hostile) with
                {
                    SyncErrorCode = 3,
                    AppleId = hostile,
                },
                Condition.SyncError
            ),
            DigestSamples.Entered(
                DigestSamples.Vpp() with
                {
                    Name = hostile,
                    State = hostile,
                },
                Condition.UnrecognizedState
            ),
            DigestSamples.MonitoringFailed() with
            {
                Failure = DigestSamples.MonitoringFailed().Failure! with { Message = hostile, RequestId = hostile },
            }
        );

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void A_hostile_name_is_shown_as_text_and_leaves_the_markup_as_it_is(string label, string hostile)
    {
        var plain = new RenderedEmail(Renderer.Render(DigestWith("Main ABM")));
        var email = new RenderedEmail(Renderer.Render(DigestWith(hostile)));

        // Same elements in the same order, with the same attributes: the text opened or closed nothing.
        Assert.Equal(Shape(plain), Shape(email));
        Assert.Empty(email.Document.QuerySelectorAll("script, img"));

        // The name itself is visible, cleaned of control characters and bidi overrides and bounded, as text.
        var name = Words.Clean(hostile, 120);
        var appleId = Words.Clean(hostile, 200);
        Assert.Equal(name, email.Headings[0].QuerySelector("bdi")!.TextContent);
        Assert.Equal(appleId, email.Facts(0)["Apple ID"]);
        Assert.Contains(name, email.FlatText);
        Assert.Contains(appleId, email.FlatText);
        Assert.True(name.Length <= 120 && appleId.Length <= 200, label);
        Assert.DoesNotContain(email.Email.Html + email.Email.Text, c =>
            c is '\u202E' or '\u0000' or '\u0007' or '\u001b' or '\u2028'
        );
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void A_hostile_name_cannot_add_a_line_to_the_text_part_or_a_header(string label, string hostile)
    {
        var email = Renderer.Render(DigestWith(hostile));

        Assert.DoesNotContain(email.Text.Split('\n'), line =>
            line.StartsWith("Bcc:", StringComparison.Ordinal) || line.StartsWith("X-Evil", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(email.Text, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain(email.Subject, c => char.IsControl(c));
        Assert.True(email.Subject.Length <= DigestComposer.MaxSubjectLength, label);
        Assert.All(email.Text.Split('\n'), line =>
            Assert.True(line.Length < 998, $"{label}: a text line of {line.Length} characters")
        );
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void The_eml_written_for_a_hostile_name_has_exactly_the_headers_TokenWatch_sets(string label, string hostile)
    {
        var options = Options.Create(
            new TokenWatchOptions
            {
                Email = new EmailOptions
                {
                    From = "tokenwatch@contoso.example",
                    FromName = "Token\r\nBcc: x@example.com Watch",
                },
            }
        );
        var email = Renderer.Render(DigestWith(hostile));
        var mime = new OutboxFolderNotifier(options).ToMime(email);
        using var bytes = new MemoryStream();
        mime.WriteTo(bytes);
        bytes.Position = 0;

        var parsed = MimeMessage.Load(bytes);

        Assert.Equal(
            [
                "Date",
                "From",
                "Message-Id",
                "MIME-Version",
                "Subject",
                "To",
                "X-TokenWatch-Digest",
                "X-TokenWatch-Severity",
                "X-TokenWatch-Tenant",
            ],
            parsed.Headers.Select(h => h.Field).Order(StringComparer.OrdinalIgnoreCase).ToList()
        );
        Assert.True(email.Subject == parsed.Subject, $"{label}: the subject did not survive the round trip");
        Assert.Equal("Token Bcc: x@example.com Watch", Assert.Single(parsed.From.Mailboxes).Name);
        Assert.Empty(parsed.Bcc);
        Assert.Equal("multipart/alternative", parsed.Body?.ContentType.MimeType);
        Assert.Contains(Words.Clean(hostile, 200), parsed.TextBody);
    }

    private static List<string> Shape(RenderedEmail email) =>
        email
            .Document.All.Select(e =>
                e.LocalName
                + "["
                + string.Join(
                    ",",
                    e.Attributes.Select(a =>
                        a.Name == "style" || a.Name == "href" || a.Name == "bgcolor" ? a.Name + "=" + a.Value : a.Name
                    )
                )
                + "]"
            )
            .ToList();
}
