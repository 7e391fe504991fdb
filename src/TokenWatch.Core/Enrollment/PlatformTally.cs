namespace TokenWatch.Core.Enrollment;

/// <summary>One platform's counts while a scan runs, with the first serials of its devices without a profile.</summary>
internal sealed class PlatformTally(string platform)
{
    public string Platform { get; } = platform;

    public int Devices { get; set; }

    public int WithoutProfile { get; set; }

    public int ContactedWithoutProfile { get; set; }

    public List<string> WithoutProfileSamples { get; } = [];
}
