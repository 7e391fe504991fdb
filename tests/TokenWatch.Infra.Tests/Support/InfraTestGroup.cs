namespace TokenWatch.Infra.Tests.Support;

[CollectionDefinition(Name)]
public sealed class InfraTestGroup : ICollectionFixture<InfraFixture>
{
    public const string Name = "infra";
}
