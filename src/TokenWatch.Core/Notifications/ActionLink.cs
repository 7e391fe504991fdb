namespace TokenWatch.Core.Notifications;

/// <summary>A link in an email: where the admin goes to act.</summary>
public sealed record ActionLink(string Label, string Url);
