using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// The first run's install of the pinned npm packages, in a folder of the test's own with a fake <c>npm</c> at the
/// outer edge (a script that records its arguments and lays out node_modules as npm would, once the test lets it):
/// the demo installs Azurite alone, the tests the development tools too, and two starters at once install once.
/// </summary>
public sealed class AzuriteInstallTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tokenwatch-npm-");

    public AzuriteInstallTests()
    {
        File.WriteAllText(
            Path.Combine(_root.FullName, "package.json"),
            """
            {
              "name": "tokenwatch-install-test",
              "private": true,
              "dependencies": { "azurite": "3.35.0" },
              "devDependencies": { "adaptivecards": "3.0.6", "@kusto/language-service-next": "12.4.1" }
            }
            """
        );
        var npm = Path.Combine(_root.FullName, "fake-npm.sh");
        // Records its arguments, waits for the test's go-ahead, then installs what the arguments ask for.
        File.WriteAllText(
            npm,
            """
            #!/bin/sh
            echo "$*" >> npm-runs.log
            while [ ! -f go ]; do sleep 0.05; done
            mkdir -p node_modules/azurite/dist/src/table && touch node_modules/azurite/dist/src/table/main.js
            case "$*" in
              *--omit=dev*) ;;
              *) for d in adaptivecards @kusto/language-service-next; do
                   mkdir -p "node_modules/$d" && echo '{}' > "node_modules/$d/package.json"
                 done ;;
            esac
            """
        );
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Install = new AzuriteInstall(_root.FullName, npm);
    }

    private AzuriteInstall Install { get; }

    private string NpmLog => Path.Combine(_root.FullName, "npm-runs.log");

    private IReadOnlyList<string> NpmRuns() => File.Exists(NpmLog) ? File.ReadAllLines(NpmLog) : [];

    private void LetNpmFinish() => File.WriteAllText(Path.Combine(_root.FullName, "go"), "");

    [Fact]
    public async Task The_demos_first_run_installs_Azurite_without_the_development_tools()
    {
        LetNpmFinish();
        var said = new List<string>();

        await Install.EnsureAsync(devTools: false, said.Add, CancellationToken.None);

        Assert.Equal(["ci --omit=dev --no-audit --no-fund --loglevel=error"], NpmRuns());
        Assert.True(File.Exists(Install.AzuriteMain));
        Assert.False(Install.Installed(devTools: true));
        Assert.Contains("npm ci --omit=dev", Assert.Single(said), StringComparison.Ordinal);
        Assert.Contains("186 MB", said[0], StringComparison.Ordinal);

        // Started again, the demo finds Azurite and installs nothing.
        await Install.EnsureAsync(devTools: false, said.Add, CancellationToken.None);
        Assert.Single(NpmRuns());
    }

    [Fact]
    public async Task The_tests_install_the_development_tools_when_only_Azurite_is_there()
    {
        LetNpmFinish();
        await Install.EnsureAsync(devTools: false, progress: null, CancellationToken.None);

        await Install.EnsureAsync(devTools: true, progress: null, CancellationToken.None);
        await Install.EnsureAsync(devTools: true, progress: null, CancellationToken.None);

        Assert.Equal(
            ["ci --omit=dev --no-audit --no-fund --loglevel=error", "ci --no-audit --no-fund --loglevel=error"],
            NpmRuns()
        );
        Assert.True(Install.Installed(devTools: true));
    }

    [Fact]
    public async Task Two_starters_at_once_install_once_and_the_second_waits_for_the_first()
    {
        var first = Install.EnsureAsync(devTools: false, progress: null, CancellationToken.None);
        var second = Install.EnsureAsync(devTools: false, progress: null, CancellationToken.None);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (NpmRuns().Count == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), patience.Token);
        }

        // Without the lock the second starter, finding no Azurite either, runs npm too within this second.
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Single(NpmRuns());
        Assert.False(second.IsCompleted, "the second starter must wait while npm writes node_modules");

        LetNpmFinish();
        await Task.WhenAll(first, second).WaitAsync(patience.Token);

        Assert.Single(NpmRuns());
        Assert.True(File.Exists(Install.AzuriteMain));
        Assert.True(File.Exists(Path.Combine(_root.FullName, AzuriteInstall.LockFileName)));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
