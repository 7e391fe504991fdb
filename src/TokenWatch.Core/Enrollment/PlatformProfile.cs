namespace TokenWatch.Core.Enrollment;

/// <summary>
/// One platform among a token's devices: how many, how many have no enrollment profile, and whether the token has a
/// default profile for it (null: not known, because Graph has no default-profile relation for the platform or it
/// was not read), and how many devices without a profile have already been in touch (contacted, enrolled or failed):
/// they went through Apple's setup without one.
/// </summary>
public sealed record PlatformProfile(
    string Platform,
    int Devices,
    int WithoutProfile,
    bool? HasDefaultProfile,
    int ContactedWithoutProfile = 0
);
