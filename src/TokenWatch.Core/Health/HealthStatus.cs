namespace TokenWatch.Core.Health;

/// <summary>Monitoring-plugin statuses; the numeric values are the CLI exit codes.</summary>
public enum HealthStatus
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}
