using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>What the polls since the last evaluation left: tokens, open alerts, endpoints.</summary>
internal sealed record FoldedPolls(
    Dictionary<string, TokenObservation> Tokens,
    Dictionary<string, Dictionary<string, OpenAlert>> Alerts,
    Dictionary<TokenKind, EndpointLedger> Endpoints,
    SortedSet<TokenKind> ReadKinds,
    PollWatermark? Watermark
);
