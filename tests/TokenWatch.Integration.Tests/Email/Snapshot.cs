using System.Runtime.CompilerServices;
using System.Text;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// Approved-file snapshots: the rendered text is compared byte for byte with <c>Approved/NAME.approved.EXT</c>
/// beside this file. On a difference the actual render is written next to it as <c>NAME.received.EXT</c> (diff the
/// two to review); to accept every new render, run the tests with <c>TOKENWATCH_UPDATE_SNAPSHOTS=1</c> and commit.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "TOKENWATCH_UPDATE_SNAPSHOTS";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The test project's folder in the source tree (not bin/), found from this file's own path.</summary>
    public static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>The repository root: docs/ lives there.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(SourceFolder(), "..", "..", ".."));

    public static void Match(string name, string extension, string actual)
    {
        var folder = Path.Combine(SourceFolder(), "Approved");
        var approved = Path.Combine(folder, $"{name}.approved.{extension}");
        var received = Path.Combine(folder, $"{name}.received.{extension}");
        if (Updating)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(approved, actual, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }

        var expected = File.Exists(approved) ? File.ReadAllText(approved, Encoding.UTF8) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual, new UTF8Encoding(false));
        Assert.Fail(
            expected is null
                ? $"No approved snapshot {approved}. The render is in {received}; review it, then run with "
                    + $"{UpdateVariable}=1 to approve."
                : $"The render differs from {approved} at character {FirstDifference(expected, actual)}. The new "
                    + $"render is in {received}; "
                    + $"diff the two, and if the change is intended run the tests with {UpdateVariable}=1 and "
                    + "commit the approved files."
        );
    }

    private static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }
}
