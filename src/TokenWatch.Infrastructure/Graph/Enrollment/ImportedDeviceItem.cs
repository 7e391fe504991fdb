using Microsoft.Kiota.Abstractions.Serialization;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Infrastructure.Graph.Enrollment;

/// <summary>
/// One row of Graph beta <c>depOnboardingSettings/{id}/importedAppleDeviceIdentities</c> ("List
/// importedAppleDeviceIdentities", application permission <c>DeviceManagementServiceConfig.Read.All</c>), only the
/// fields the scan asks for with <c>$select</c>.
/// </summary>
public sealed class ImportedDeviceItem : GraphItem
{
    /// <summary>The <c>$select</c> of the device request: what the scan judges, and nothing else.</summary>
    public const string Select =
        "serialNumber,platform,createdDateTime,lastContactedDateTime,requestedEnrollmentProfileId,"
        + "enrollmentState,isDeleted";

    private string? _serial;
    private string? _platform;
    private DateTimeOffset? _created;
    private DateTimeOffset? _lastContacted;
    private string? _profile;
    private string? _state;
    private bool _deleted;

    public static ImportedDeviceItem Create(IParseNode node) => new();

    public ImportedDevice ToDevice() => new(_serial, _platform, _created, _lastContacted, _profile, _state, _deleted);

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["serialNumber"] = n => _serial = ReadString(n, "serialNumber");
        fields["platform"] = n => _platform = ReadString(n, "platform");
        fields["createdDateTime"] = n => _created = ReadDate(n, "createdDateTime");
        fields["lastContactedDateTime"] = n => _lastContacted = ReadDate(n, "lastContactedDateTime");
        fields["requestedEnrollmentProfileId"] = n => _profile = ReadString(n, "requestedEnrollmentProfileId");
        fields["enrollmentState"] = n => _state = ReadString(n, "enrollmentState");
        fields["isDeleted"] = n => _deleted = ReadFlag(n, "isDeleted");
    }

    /// <summary>A boolean; anything else is a problem and read as false (the device is counted, not dropped).</summary>
    private bool ReadFlag(IParseNode node, string field)
    {
        switch (ReadNode(node, field))
        {
            case UntypedBoolean flag:
                return flag.GetValue();
            case UntypedNull or null:
                return false;
            case var other:
                AddProblem($"{field} is {Describe(other)} where a boolean was expected");
                return false;
        }
    }
}
