using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>One Azurite for the whole test run (started by the tests themselves, stopped by process id).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteRunner? _azurite;

    public string ConnectionString =>
        _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    /// <summary>Installs the development tools too when they are missing: the tests use them beside Azurite.</summary>
    public async Task InitializeAsync() =>
        _azurite = await AzuriteRunner.StartAsync(
            dataFolder: null,
            port: null,
            progress: null,
            CancellationToken.None,
            devTools: true
        );

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
