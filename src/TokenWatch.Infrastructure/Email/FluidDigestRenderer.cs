using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Renders a digest with Liquid templates (Fluid). Every value is HTML-encoded by the engine in the HTML part,
/// so a token named <c>&lt;script&gt;</c> is shown as text; the templates hold no string-built markup.
/// </summary>
public sealed class FluidDigestRenderer : IDigestRenderer
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly IFluidTemplate _html = Load("digest.html.liquid");
    private readonly IFluidTemplate _text = Load("digest.txt.liquid");
    private readonly TemplateOptions _options = CreateOptions();

    public OutgoingEmail Render(Digest digest)
    {
        var subject = DigestComposer.Subject(digest);
        var model = DigestView.From(digest, subject);
        var html = _html.Render(new TemplateContext(model, _options), Html);
        var text = _text.Render(new TemplateContext(model, _options), NullEncoder.Default);
        return new OutgoingEmail(digest.DigestId, digest.Tenant.TenantId, digest.ComposedAt, digest.Severity, digest.Tenant.Recipients, subject, html, text);
    }

    private static IFluidTemplate Load(string name)
    {
        using var stream = typeof(FluidDigestRenderer).Assembly.GetManifestResourceStream($"TokenWatch.Infrastructure.Email.Templates.{name}")
                           ?? throw new InvalidOperationException($"Email template {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template {name} does not parse: {error}");
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MemberAccessStrategy = new DefaultMemberAccessStrategy() };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<DigestView>();
        options.MemberAccessStrategy.Register<EventView>();
        options.MemberAccessStrategy.Register<FactView>();
        options.MemberAccessStrategy.Register<ActionLink>();
        return options;
    }
}

internal sealed record FactView(string Label, string Value);

internal sealed record EventView(
    string Label, string Color, string Kind, string TokenName, string Headline, string Reason, string? Changed,
    IReadOnlyList<FactView> Facts, IReadOnlyList<string> Steps, IReadOnlyList<ActionLink> Links)
{
    public static EventView From(AlertEvent e)
    {
        var advice = Remediation.For(e);
        var label = e.Severity == HealthStatus.Ok ? e.Kind == AlertEventKind.Recovered ? "RECOVERED" : "INFO" : e.Severity.ToSlug().ToUpperInvariant();
        var color = ColorOf(e.Severity);
        if (e.Token is not { } token)
        {
            var failureFacts = new List<FactView>();
            if (e.Failure is { } failure)
            {
                failureFacts.Add(new("Cause", failure.Code));
                Add(failureFacts, "Request id", failure.RequestId);
                Add(failureFacts, "Client request id", failure.ClientRequestId);
            }

            return new EventView(label, color, "Monitoring", "", DigestComposer.Headline(e), e.Message, null, failureFacts, advice.Steps, advice.Links);
        }

        var facts = new List<FactView> { new("Token id", token.Id) };
        Add(facts, "Apple ID", token.AppleId);
        if (token.ExpiresAt is { } expires)
        {
            var days = e.Health?.DaysUntilExpiry;
            facts.Add(new("Expires", $"{Date(expires)}{(days is { } d ? d >= 0 ? $" ({d} days left)" : $" ({-d} days ago)" : "")}"));
        }

        if (token.LastSyncAt is { } synced)
        {
            facts.Add(new("Last successful sync", Date(synced)));
        }

        Add(facts, "State", token.State);
        Add(facts, "Last sync status", token.SyncStatus);
        if (token.SyncErrorCode is { } code and not 0)
        {
            facts.Add(new("Sync error code", code.ToString(CultureInfo.InvariantCulture)));
        }

        Add(facts, "Upload failure", token.FailureReason);
        Add(facts, "Topic", token.TopicId);
        return new EventView(label, color, token.Kind.ToDisplayName(), token.DisplayName, DigestComposer.Headline(e), e.Message, null, facts, advice.Steps, advice.Links);
    }

    internal static string ColorOf(HealthStatus status) => status switch
    {
        HealthStatus.Critical => "#b91c1c",
        HealthStatus.Unknown => "#6d28d9",
        HealthStatus.Warning => "#b45309",
        _ => "#15803d",
    };

    internal static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static void Add(List<FactView> facts, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add(new(label, value));
        }
    }
}

internal sealed record DigestView(
    string Subject, string Preheader, string SeverityLabel, string Color, string TenantName, string TenantId,
    int EventCount, string ComposedAt, string DigestId, IReadOnlyList<EventView> Events)
{
    public static DigestView From(Digest digest, string subject)
    {
        var events = digest.Events.Select(EventView.From).ToList();
        var label = digest.Events.All(e => e.Kind == AlertEventKind.Recovered) ? "RECOVERED" : digest.Severity.ToSlug().ToUpperInvariant();
        var preheader = string.Join(" · ", events.Take(3).Select(e => $"{e.Kind} {e.TokenName} {e.Headline}"));
        return new DigestView(subject, preheader, label, EventView.ColorOf(digest.Severity), digest.Tenant.DisplayName,
            digest.Tenant.TenantId, events.Count, EventView.Date(digest.ComposedAt), digest.DigestId, events);
    }
}
