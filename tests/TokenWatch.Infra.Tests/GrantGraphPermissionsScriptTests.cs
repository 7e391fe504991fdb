using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// infra/grant-graph-permissions.sh against a fake `az` that keeps the identity's Graph app role assignments
/// in a file: it grants exactly the two permissions, and running it again changes nothing.
/// </summary>
public sealed class GrantGraphPermissionsScriptTests : IDisposable
{
    private const string PrincipalId = "9d1e8a52-0000-4000-8000-0000000000c1";
    private const string GraphServicePrincipalId = "4f0a2b7e-0000-4000-8000-0000000000d2";

    // Made-up app role ids for the fake directory; the script must look the real ones up, never hard-code them.
    private const string ServiceConfigRoleId = "a1111111-0000-4000-8000-0000000000e3";
    private const string ManagedDevicesRoleId = "b2222222-0000-4000-8000-0000000000f4";
    private const string OtherGraphRoleId = "c3333333-0000-4000-8000-000000000005";
    private const string DiscoveryRoleId = "d4444444-0000-4000-8000-000000000006";

    // The fake az: answers the calls the script makes, records every call, and keeps the identity's app role
    // assignments ("resourceId appRoleId" lines) in $FAKE_AZ_STATE/held.
    private const string FakeAz = """
        #!/usr/bin/env bash
        set -euo pipefail
        state="$FAKE_AZ_STATE"
        printf '%s\n' "$*" >> "$state/calls.log"
        arg() {
          local name="$1"; shift
          while [[ $# -gt 0 ]]; do if [[ "$1" == "$name" ]]; then echo "$2"; return; fi; shift; done
        }
        case "$1 $2" in
          "account show") exit 0 ;;
          "cloud show") echo "https://graph.microsoft.com/" ;;
          "identity show") echo "$FAKE_PRINCIPAL_ID" ;;
          "identity list") cat "$state/identities" ;;
          "ad sp")
            query="$(arg --query "$@")"
            case "$query" in
              id) echo "$FAKE_GRAPH_SP_ID" ;;
              *"'DeviceManagementServiceConfig.Read.All'"*) echo "$FAKE_SERVICECONFIG_ROLE" ;;
              *"'DeviceManagementManagedDevices.Read.All'"*) echo "$FAKE_MANAGEDDEVICES_ROLE" ;;
              *"'DelegatedAdminRelationship.Read.All'"*) echo "$FAKE_DISCOVERY_ROLE" ;;
              *) echo "unexpected query: $query" >&2; exit 3 ;;
            esac ;;
          "rest --method")
            method="$3"; url="$(arg --url "$@")"
            want="https://graph.microsoft.com/v1.0/servicePrincipals/$FAKE_PRINCIPAL_ID/appRoleAssignments"
            [[ "$url" == "$want" ]] || { echo "unexpected url $url" >&2; exit 4; }
            if [[ "$method" == get ]]; then
              query="$(arg --query "$@")"
              [[ "$query" == "value[?resourceId=='$FAKE_GRAPH_SP_ID'].appRoleId" ]] ||
                { echo "unexpected query $query" >&2; exit 5; }
              grep "^$FAKE_GRAPH_SP_ID " "$state/held" | cut -d' ' -f2 || true
            else
              body="$(arg --body "$@")"
              printf '%s\n' "$body" >> "$state/posts.log"
              role="$(sed -E 's/.*"appRoleId":"([^"]+)".*/\1/' <<<"$body")"
              resource="$(sed -E 's/.*"resourceId":"([^"]+)".*/\1/' <<<"$body")"
              echo "$resource $role" >> "$state/held"
            fi ;;
          *) echo "unexpected az call: $*" >&2; exit 2 ;;
        esac
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tokenwatch-fake-az-");

    public GrantGraphPermissionsScriptTests()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The script and its fake az need bash.");
        }

        var bin = Directory.CreateDirectory(Path.Combine(_directory.FullName, "bin"));
        var az = Path.Combine(bin.FullName, "az");
        File.WriteAllText(az, FakeAz.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        State = Directory.CreateDirectory(Path.Combine(_directory.FullName, "state")).FullName;
        File.WriteAllText(Held, "");
        File.WriteAllText(Path.Combine(State, "identities"), PrincipalId + "\n");
        Path_ = bin.FullName + ":" + Environment.GetEnvironmentVariable("PATH");
    }

    private string State { get; }

    private string Held => Path.Combine(State, "held");

    private string Posts => Path.Combine(State, "posts.log");

    private string Path_ { get; }

    [Fact]
    public void Grants_both_permissions_to_a_fresh_identity()
    {
        var result = Run("--resource-group", "rg-tokenwatch", "--identity-name", "id-tokenwatch");
        Assert.True(result.ExitCode == 0, result.Describe());

        var posts = File.ReadAllLines(Posts);
        Assert.Equal(2, posts.Length);
        Assert.Contains(
            $"{{\"principalId\":\"{PrincipalId}\",\"resourceId\":\"{GraphServicePrincipalId}\","
                + $"\"appRoleId\":\"{ServiceConfigRoleId}\"}}",
            posts
        );
        Assert.Contains(
            $"{{\"principalId\":\"{PrincipalId}\",\"resourceId\":\"{GraphServicePrincipalId}\","
                + $"\"appRoleId\":\"{ManagedDevicesRoleId}\"}}",
            posts
        );
        Assert.Contains("Done: 2 permission(s) granted now.", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void With_discovery_it_grants_the_GDAP_permission_too_and_only_then()
    {
        Assert.Equal(0, Run("--principal-id", PrincipalId).ExitCode);
        Assert.DoesNotContain(File.ReadAllLines(Posts), p => p.Contains(DiscoveryRoleId, StringComparison.Ordinal));

        var result = Run("--principal-id", PrincipalId, "--discovery");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("DelegatedAdminRelationship.Read.All: granted", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Held).Length);
        Assert.Equal(
            TokenWatch.Infrastructure.Discovery.GdapDiscovery.Permission,
            "DelegatedAdminRelationship.Read.All"
        );
    }

    [Fact]
    public void Running_it_again_grants_nothing()
    {
        Assert.Equal(0, Run("--principal-id", PrincipalId).ExitCode);
        File.Delete(Posts);

        var second = Run("--principal-id", PrincipalId);

        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.False(File.Exists(Posts), "a second run must not post any app role assignment");
        Assert.Contains(
            "DeviceManagementServiceConfig.Read.All: already granted",
            second.StdOut,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "DeviceManagementManagedDevices.Read.All: already granted",
            second.StdOut,
            StringComparison.Ordinal
        );
        Assert.Equal(2, File.ReadAllLines(Held).Length);
    }

    [Fact]
    public void Grants_only_what_is_missing_and_ignores_other_roles()
    {
        File.WriteAllLines(
            Held,
            [$"{GraphServicePrincipalId} {ServiceConfigRoleId}", $"{GraphServicePrincipalId} {OtherGraphRoleId}"]
        );

        var result = Run("--principal-id", PrincipalId);

        Assert.True(result.ExitCode == 0, result.Describe());
        var post = Assert.Single(File.ReadAllLines(Posts));
        Assert.Contains(ManagedDevicesRoleId, post, StringComparison.Ordinal);
    }

    [Fact]
    public void Dry_run_grants_nothing()
    {
        var result = Run("--principal-id", PrincipalId, "--dry-run");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.False(File.Exists(Posts));
        Assert.Contains(
            "DeviceManagementManagedDevices.Read.All: would be granted (dry run)",
            result.StdOut,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Finds_the_tagged_identity_of_the_resource_group_and_refuses_to_guess_between_two()
    {
        var found = Run("--resource-group", "rg-tokenwatch");
        Assert.True(found.ExitCode == 0, found.Describe());
        Assert.Contains(
            "identity list --resource-group rg-tokenwatch --query [?tags.application=='tokenwatch'].principalId "
                + "--output tsv",
            File.ReadAllText(Path.Combine(State, "calls.log")),
            StringComparison.Ordinal
        );

        File.WriteAllText(Path.Combine(State, "identities"), $"{PrincipalId}\n{Guid.NewGuid()}\n");
        File.Delete(Posts);
        var ambiguous = Run("--resource-group", "rg-tokenwatch");
        Assert.NotEqual(0, ambiguous.ExitCode);
        Assert.Contains("Found 2 identities", ambiguous.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Posts));
    }

    [Fact]
    public void Rejects_a_principal_id_that_is_not_a_guid()
    {
        var result = Run("--principal-id", "id-tokenwatch; rm -rf /");
        Assert.NotEqual(0, result.ExitCode);
        Assert.False(File.Exists(Posts));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run(
            "bash",
            [Path.Combine(RepositoryPaths.Infra, "grant-graph-permissions.sh"), .. arguments],
            RepositoryPaths.Root,
            new Dictionary<string, string?>
            {
                ["PATH"] = Path_,
                ["FAKE_AZ_STATE"] = State,
                ["FAKE_PRINCIPAL_ID"] = PrincipalId,
                ["FAKE_GRAPH_SP_ID"] = GraphServicePrincipalId,
                ["FAKE_SERVICECONFIG_ROLE"] = ServiceConfigRoleId,
                ["FAKE_MANAGEDDEVICES_ROLE"] = ManagedDevicesRoleId,
                ["FAKE_DISCOVERY_ROLE"] = DiscoveryRoleId,
            }
        );
}
