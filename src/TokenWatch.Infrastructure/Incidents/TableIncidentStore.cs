using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Incidents;
using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>
/// Incidents in their own table (<see cref="IncidentSettings.Table"/>), one row each in one partition, the incident
/// gzip-compressed JSON (a thousand tenants fit a row). <c>Active</c> marks the rows an evaluation reads: open ones,
/// and closed ones whose recovery summary is still owed.
/// </summary>
public sealed class TableIncidentStore(TableStorage storage, IncidentSettings settings) : IIncidentStore
{
    private const string Partition = "incident";
    private const string Payload = "Incident";

    public async Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(settings.Table, cancellationToken);
        var incidents = new List<Incident>();
        var filter = $"PartitionKey eq '{Partition}' and Active eq true";
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            incidents.Add(Read(row));
        }

        return incidents;
    }

    public async Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(settings.Table, cancellationToken);
        var key = TableKeys.Escape(incidentId);
        return await TableStorage.GetRowAsync(table, Partition, key, cancellationToken) is { } row ? Read(row) : null;
    }

    public async Task<Incident?> TrySaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(settings.Table, cancellationToken);
        var row = new TableEntity(Partition, TableKeys.Escape(incident.Id))
        {
            ["SchemaVersion"] = 1,
            ["Active"] = incident.Open || incident.Owed is not null,
            ["Since"] = incident.Since,
        };
        TableBlobs.Write(row, Payload, JsonSerializer.SerializeToUtf8Bytes(incident, AlertJson.Options));
        try
        {
            var response = incident.Version is null
                ? await table.AddEntityAsync(row, cancellationToken)
                : await table.UpdateEntityAsync(
                    row,
                    new ETag(incident.Version),
                    TableUpdateMode.Replace,
                    cancellationToken
                );
            return incident with { Version = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private static Incident Read(TableEntity row)
    {
        var json = TableBlobs.Read(row, Payload) ?? throw new InvalidDataException($"Incident {row.RowKey} is empty.");
        var incident = JsonSerializer.Deserialize<Incident>(json, AlertJson.Options)
            ?? throw new InvalidDataException($"Incident {row.RowKey} could not be read.");
        return incident with { Version = row.ETag.ToString() };
    }
}
