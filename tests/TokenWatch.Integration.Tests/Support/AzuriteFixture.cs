using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>One Azurite for the whole test run (started by the tests themselves, stopped by process id).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteRunner? _azurite;

    public string ConnectionString =>
        _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    public async Task InitializeAsync() => _azurite = await AzuriteRunner.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
