using Azure.Data.Tables;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The columns of one stored shape, each declared once with how it is written and how it is read back: a row is
/// written and read by walking the same list, so no column can be written under one name and read under another.
/// A column missing from a row (an older version's, or null when written) leaves the value it is read into as it was.
/// </summary>
internal sealed class RowMap<T>
{
    private readonly List<Column> _columns = [];

    public RowMap<T> Text(string name, Func<T, string?> get, Func<T, string, T> set) =>
        Add(name, t => get(t), (t, row) => row.GetString(name) is { } v ? set(t, v) : t);

    public RowMap<T> Time(string name, Func<T, DateTimeOffset?> get, Func<T, DateTimeOffset, T> set) =>
        Add(name, t => get(t), (t, row) => row.GetDateTimeOffset(name) is { } v ? set(t, v) : t);

    public RowMap<T> Number(string name, Func<T, int?> get, Func<T, int, T> set) =>
        Add(name, t => get(t), (t, row) => row.GetInt32(name) is { } v ? set(t, v) : t);

    public RowMap<T> Flag(string name, Func<T, bool> get, Func<T, bool, T> set) =>
        Add(name, t => get(t), (t, row) => row.GetBoolean(name) is { } v ? set(t, v) : t);

    /// <summary>A payload stored compressed across numbered binary columns (<see cref="TableBlobs"/>).</summary>
    public RowMap<T> Blob(string name, Func<T, byte[]?> get, Func<T, byte[], T> set)
    {
        _columns.Add(new Column(name, null, (t, row) => TableBlobs.Read(row, name) is { } v ? set(t, v) : t, get));
        return this;
    }

    /// <summary>A column written for queries and people (a filter, a count), never read back.</summary>
    public RowMap<T> Written(string name, Func<T, object?> get) => Add(name, get, (t, _) => t);

    public void Write(T value, TableEntity row)
    {
        foreach (var column in _columns)
        {
            if (column.Payload is { } payload)
            {
                if (payload(value) is { } bytes)
                {
                    TableBlobs.Write(row, column.Name, bytes);
                }

                continue;
            }

            row[column.Name] = column.Get!(value);
        }
    }

    /// <summary>
    /// The value <paramref name="row"/> holds, read into <paramref name="seed"/> (its keys and defaults).
    /// </summary>
    public T Read(TableEntity row, T seed)
    {
        var value = seed;
        foreach (var column in _columns)
        {
            value = column.Read(value, row);
        }

        return value;
    }

    private RowMap<T> Add(string name, Func<T, object?> get, Func<T, TableEntity, T> read)
    {
        _columns.Add(new Column(name, get, read, null));
        return this;
    }

    private sealed record Column(
        string Name,
        Func<T, object?>? Get,
        Func<T, TableEntity, T> Read,
        Func<T, byte[]?>? Payload
    );
}
