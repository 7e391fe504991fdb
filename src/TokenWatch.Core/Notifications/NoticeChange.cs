namespace TokenWatch.Core.Notifications;

/// <summary>Something that changed: "Expiry: 2026-06-10 → 2027-06-09".</summary>
public sealed record NoticeChange(string Label, string Old, string New);
