using Microsoft.Kiota.Abstractions.Serialization;

namespace TokenWatch.Infrastructure.Graph.Enrollment;

/// <summary>
/// A token's default enrollment profile (<c>defaultIosEnrollmentProfile</c>, …), read for its id only.
/// </summary>
public sealed class ProfileItem : GraphItem
{
    public static ProfileItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields) { }
}
