using System.Text;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>
/// Digests stored before the condition catalog stay readable: an upgrade must not strand a pending email.
/// </summary>
public sealed class StoredEventsTests
{
    [Fact]
    public void An_event_stored_before_the_catalog_reads_with_its_codes()
    {
        const string stored = """
            [{"kind":"Entered","severity":"Critical","at":"2026-06-01T12:00:00+00:00","condition":"sync-error",
              "message":"Apple reported sync error code 3.",
              "token":{"tenantId":"t1","kind":"Ade","id":"ade-1","syncErrorCode":3},
              "health":{"status":"Critical","reasons":[{"code":"sync-error","status":"Critical","message":"m"}]}},
             {"kind":"Renewed","severity":"Ok","at":"2026-06-01T12:00:00+00:00","condition":"renewed","message":"r"}]
            """;

        var events = AlertJson.DeserializeEvents(Encoding.UTF8.GetBytes(stored));

        Assert.Equal(Condition.SyncError, events[0].Condition);
        Assert.Equal(Condition.SyncError, Assert.Single(events[0].Health!.Reasons).Condition);
        Assert.Null(events[1].Condition);
        Assert.Contains("\"code\":\"sync-error\"", Encoding.UTF8.GetString(AlertJson.Serialize(events)));
    }
}
