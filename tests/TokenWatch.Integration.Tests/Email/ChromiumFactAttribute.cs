namespace TokenWatch.Integration.Tests.Email;

/// <summary>Skips a test, saying how to run it, where Chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Chromium.Installed)
        {
            Skip = Chromium.Missing;
        }
    }
}
