namespace TokenWatch.Simulator;

/// <summary>
/// What the simulated tokens have in common: a way to make their JSON wrong on purpose. Graph is not always
/// well-behaved (beta fields come and go, types drift), and TokenWatch has to show such data, not crash on it.
/// </summary>
public abstract class SimulatedItem
{
    private readonly Dictionary<string, object?> _overrides = new(StringComparer.Ordinal);
    private readonly HashSet<string> _omitted = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends <paramref name="value"/> (any JSON-serializable value: a number, an object, null) as
    /// <paramref name="field"/>.
    /// </summary>
    public void Override(string field, object? value)
    {
        _omitted.Remove(field);
        _overrides[field] = value;
    }

    /// <summary>Leaves <paramref name="field"/> out of the JSON entirely.</summary>
    public void Omit(string field)
    {
        _overrides.Remove(field);
        _omitted.Add(field);
    }

    internal Dictionary<string, object?> Apply(Dictionary<string, object?> json)
    {
        foreach (var (field, value) in _overrides)
        {
            json[field] = value;
        }

        foreach (var field in _omitted)
        {
            json.Remove(field);
        }

        return json;
    }
}
