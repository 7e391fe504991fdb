namespace TokenWatch.Core.Notifications;

/// <summary>A portal to open; the first link of an event is its main action.</summary>
public sealed record NoticeLink(string Label, string Url, bool Primary);
