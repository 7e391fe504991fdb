using Microsoft.Kiota.Abstractions.Serialization;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// VPP location token (<c>vppToken</c>), read from Graph beta: v1.0 has no <c>displayName</c>, <c>locationName</c>
/// or <c>tokenActionResults</c>, and no <c>duplicateLocationId</c> state. Every beta field may be missing (an answer
/// shaped like v1.0 still reads); <c>token</c> itself is deliberately not read.
/// </summary>
public sealed class VppTokenItem : GraphItem
{
    private readonly List<VppActionResult> _actions = [];

    public string? OrganizationName { get; private set; }
    public string? DisplayName { get; private set; }
    public string? LocationName { get; private set; }
    public string? AppleId { get; private set; }
    public string? AccountType { get; private set; }
    public DateTimeOffset? ExpirationDateTime { get; private set; }
    public DateTimeOffset? LastSyncDateTime { get; private set; }
    public string? State { get; private set; }
    public string? LastSyncStatus { get; private set; }

    /// <summary>
    /// The name admins know the token by. The location comes first: Apple issues one token per location, lists them
    /// by location (Apple Business Manager → Apps and Books → Content Tokens) and lets that location's Content
    /// Managers renew it, so "Berlin (Contoso Ltd)" tells apart the tokens that <c>organizationName</c> alone names
    /// alike. The admin-typed <c>displayName</c> only stands in when Graph sends no location.
    /// </summary>
    public string? Name
    {
        get
        {
            var location = Present(LocationName);
            var organization = Present(OrganizationName);
            var same = string.Equals(location?.Trim(), organization?.Trim(), StringComparison.OrdinalIgnoreCase);
            return location is null ? Present(DisplayName) ?? organization
                : organization is null || same ? location
                : $"{location} ({organization})";
        }
    }

    /// <summary>
    /// The latest failed action, unless a later run of the same action completed (then the failure is over), as
    /// "action: failed at 2026-03-01T04:00:00Z"; null when no action failed.
    /// </summary>
    public string? LastFailedAction
    {
        get
        {
            var failed = _actions.Where(a => Is(a.State, "failed")).MaxBy(a => a.At ?? DateTimeOffset.MinValue);
            if (failed is null || _actions.Any(a => Is(a.State, "done") && SameAction(a, failed) && a.At > failed.At))
            {
                return null;
            }

            var at = failed.At is { } time ? $" at {time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "";
            return $"{Present(failed.Name) ?? "an action"}: {failed.State!.Trim()}{at}";
        }
    }

    public static VppTokenItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["organizationName"] = n => OrganizationName = ReadString(n, "organizationName");
        fields["displayName"] = n => DisplayName = ReadString(n, "displayName");
        fields["locationName"] = n => LocationName = ReadString(n, "locationName");
        fields["appleId"] = n => AppleId = ReadString(n, "appleId");
        fields["vppTokenAccountType"] = n => AccountType = ReadString(n, "vppTokenAccountType");
        fields["expirationDateTime"] = n => ExpirationDateTime = ReadDate(n, "expirationDateTime");
        fields["lastSyncDateTime"] = n => LastSyncDateTime = ReadDate(n, "lastSyncDateTime");
        fields["state"] = n => State = ReadString(n, "state");
        fields["lastSyncStatus"] = n => LastSyncStatus = ReadString(n, "lastSyncStatus");
        fields["tokenActionResults"] = ReadActions;
    }

    /// <summary>An array of <c>vppTokenActionResult</c>; anything else in it is a problem, as in any field.</summary>
    private void ReadActions(IParseNode node)
    {
        const string field = "tokenActionResults";
        switch (ReadNode(node, field))
        {
            case UntypedNull or null:
                return;
            case UntypedArray array:
                var index = 0;
                foreach (var item in array.GetValue())
                {
                    ReadAction(item, $"{field}[{index++}]");
                }

                return;
            case var other:
                AddProblem($"{field} is {Describe(other)} where a list was expected");
                return;
        }
    }

    private void ReadAction(UntypedNode item, string field)
    {
        if (item is not UntypedObject action)
        {
            AddProblem($"{field} is {Describe(item)}, not an object");
            return;
        }

        // By hand, not the copy constructor: a property sent twice (in another case) must not throw; the last wins,
        // as it does for the token's own fields.
        var properties = new Dictionary<string, UntypedNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in action.GetValue())
        {
            properties[name] = value;
        }

        UntypedNode? Property(string name) => properties.GetValueOrDefault(name);
        var updated = DateOf(Property("lastUpdatedDateTime"), $"{field}.lastUpdatedDateTime");
        var started = DateOf(Property("startDateTime"), $"{field}.startDateTime");
        _actions.Add(
            new VppActionResult(
                TextOf(Property("actionName"), $"{field}.actionName"),
                TextOf(Property("actionState"), $"{field}.actionState"),
                updated ?? started
            )
        );
    }

    private static bool SameAction(VppActionResult a, VppActionResult b) =>
        string.Equals(a.Name?.Trim(), b.Name?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool Is(string? value, string expected) =>
        string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value verbatim (names come through as Graph sent them), or null when it says nothing.</summary>
    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>One <c>vppTokenActionResult</c>: name, state verbatim, when last updated (else started).</summary>
    private sealed record VppActionResult(string? Name, string? State, DateTimeOffset? At);
}
