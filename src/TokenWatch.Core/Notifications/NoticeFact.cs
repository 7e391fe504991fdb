namespace TokenWatch.Core.Notifications;

/// <summary>One row of an event's facts: "Apple ID: abm-admin@contoso.com".</summary>
public sealed record NoticeFact(string Label, string Value);
