using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Cycle;

/// <summary>One channel's attempt: its state to record, what it accepted, or why it did not.</summary>
internal sealed record ChannelAttempt(ChannelDelivery Next, ChannelReceipt? Receipt, string? Error);
