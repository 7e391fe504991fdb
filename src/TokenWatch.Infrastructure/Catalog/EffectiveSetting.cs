namespace TokenWatch.Infrastructure.Catalog;

/// <summary>One setting of a tenant's effective policy: its value and where it comes from.</summary>
public sealed record EffectiveSetting(string Name, string Value, string Source);
