using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Renders a digest with Liquid templates (Fluid). Every value is HTML-encoded by the engine in the HTML part,
/// so a token named <c>&lt;script&gt;</c> is shown as text; the templates hold no string-built markup, and no
/// template uses the <c>raw</c> filter. The text part is rendered from the same view, so both carry the same facts.
/// </summary>
public sealed class FluidDigestRenderer : IDigestRenderer
{
    private static readonly FluidParser Parser = new();

    // UnicodeRanges.All keeps letters of every script readable in the source (right-to-left names included);
    // the encoder still escapes the characters that matter to HTML: < > & " ' and the rest it deems unsafe.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly IFluidTemplate HtmlTemplate = Load("digest.html.liquid");
    private static readonly IFluidTemplate TextTemplate = Load("digest.txt.liquid");
    private static readonly TemplateOptions Options = CreateOptions();

    public OutgoingEmail Render(Digest digest)
    {
        var subject = DigestComposer.Subject(digest);
        var model = Notices.Of(digest, subject);
        var html = HtmlTemplate.Render(new TemplateContext(model, Options), Html);
        var text = PlainTextLayout.Tidy(TextTemplate.Render(new TemplateContext(model, Options), NullEncoder.Default));
        return new OutgoingEmail(
            digest.DigestId,
            digest.Tenant.TenantId,
            digest.ComposedAt,
            digest.Severity,
            digest.Tenant.Recipients,
            subject,
            html,
            text
        );
    }

    private static IFluidTemplate Load(string name)
    {
        using var stream = typeof(FluidDigestRenderer).Assembly.GetManifestResourceStream(
            $"TokenWatch.Infrastructure.Email.Templates.{name}"
        ) ?? throw new InvalidOperationException($"Email template {name} is not embedded.");
        using var reader = new StreamReader(stream);

        // One kind of line ending whatever the checkout did to the template files, so the output is the same
        // everywhere.
        var source = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        return Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template {name} does not parse: {error}");
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MemberAccessStrategy = new DefaultMemberAccessStrategy() };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<DigestNotice>();
        options.MemberAccessStrategy.Register<EventNotice>();
        options.MemberAccessStrategy.Register<NoticeFact>();
        options.MemberAccessStrategy.Register<NoticeChange>();
        options.MemberAccessStrategy.Register<NoticeLink>();
        options.MemberAccessStrategy.Register<KnownSyncError>();
        options.MemberAccessStrategy.Register<TextFact>();

        // What only the email adds to the notice: its colours, and the text part's aligned facts.
        options.MemberAccessStrategy.Register<DigestNotice, string>("color", (d, _) => EmailColors.Of(d.Severity));
        options.MemberAccessStrategy.Register<EventNotice, string>("color", (e, _) => EmailColors.Of(e.Severity));
        options.MemberAccessStrategy.Register<EventNotice, IReadOnlyList<TextFact>>("text_facts", (e, _) =>
            TextFact.Of(e)
        );
        return options;
    }
}
