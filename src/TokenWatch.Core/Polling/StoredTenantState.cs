namespace TokenWatch.Core.Polling;

/// <summary>What the store knows about a tenant: its tokens and how its latest poll went.</summary>
public sealed record StoredTenantState(string TenantId, IReadOnlyList<StoredToken> Tokens, PollRunRecord? LastPoll);
