using Microsoft.Extensions.Options;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph.Enrollment;

/// <summary>
/// The enrollment scan's reads with the real Microsoft Graph client, all Graph beta through the v1.0 client's
/// request adapter (docs/domain.md §6): a token's devices (<see cref="DeviceScanReader"/>) and the tenant's connector
/// verdicts. Whatever fails is an outcome with the classified cause (<see cref="GraphFailures"/>), never a partial
/// scan.
/// </summary>
/// <remarks>
/// ADE enrollment failures from v1.0 <c>deviceManagement/troubleshootingEvents</c> are not read. The reference lists
/// <c>DeviceManagementManagedDevices.Read.All</c> for that list, which TokenWatch holds, but v1.0 documents only the
/// base <c>deviceManagementTroubleshootingEvent</c> (<c>id</c>, <c>eventDateTime</c>, <c>correlationId</c>); the
/// <c>enrollmentTroubleshootingEvent</c> fields a reason needs (<c>enrollmentType</c> <c>appleBulkWithUser</c> /
/// <c>appleBulkWithoutUser</c>, <c>failureCategory</c>, <c>failureReason</c>) carry no serial number or ADE token id
/// to join them to a token's devices (only <c>managedDeviceIdentifier</c> and <c>deviceId</c>), and the list is
/// tenant-wide with no documented filter: a failure reason could not be told apart per token without reading every
/// event of the tenant (Graph reference, "enrollmentTroubleshootingEvent resource type", "List
/// enrollmentTroubleshootingEvents").
/// </remarks>
public sealed class GraphEnrollmentSource(
    GraphClientProvider clients,
    IOptions<TokenWatchOptions> options,
    TimeProvider clock
) : IEnrollmentSource
{
    public async Task<ScanOutcome<EnrollmentScan>> ScanAsync(
        MonitoredTenant tenant,
        TokenObservation token,
        CancellationToken cancellationToken
    )
    {
        var settings = options.Value.Enrollment;
        var trace = new RequestTrace();
        var tally = new EnrollmentTally(tenant.TenantId, token.Id, clock.GetUtcNow(), settings.UnassignedAfter);
        try
        {
            var graph = clients.For(tenant);
            await DeviceScanReader.ReadDevicesAsync(
                graph,
                token.Id,
                tally,
                settings.MaxPages,
                trace,
                cancellationToken
            );
            var defaults = await DeviceScanReader.ReadDefaultsAsync(
                graph,
                token.Id,
                tally.Platforms,
                trace,
                cancellationToken
            );
            return new(tally.Finish(defaults), null);
        }
        catch (Exception ex)
        {
            var what = $"Scanning the devices of ADE token '{token.DisplayName}'";
            return new(null, Failure(what, ex, tenant.TenantId, trace, cancellationToken));
        }
    }

    public async Task<ScanOutcome<IReadOnlyList<ConnectorVerdict>>> ReadConnectorsAsync(
        MonitoredTenant tenant,
        CancellationToken cancellationToken
    )
    {
        var trace = new RequestTrace();
        try
        {
            var item = await ReadConnectorStatusAsync(clients.For(tenant), trace, cancellationToken);
            return new(item.Verdicts, null);
        }
        catch (Exception ex)
        {
            return new(
                null,
                Failure("Reading Intune's connector status", ex, tenant.TenantId, trace, cancellationToken)
            );
        }
    }

    private static async Task<ConnectorStatusItem> ReadConnectorStatusAsync(
        TenantGraph graph,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var request = GraphCollections.Request(new Uri($"{graph.Root}/beta/deviceManagement?$select=connectorStatus"));
        var item = await graph.Client.RequestAdapter.SendAsync(
            trace.Tag(request),
            ConnectorStatusItem.Create,
            GraphCollections.ErrorMapping,
            cancellationToken
        ) ?? throw new GraphResponseException("Graph answered the connector status request with an empty body.");
        return item.HasConnectorStatus && item.Problems.Count == 0
            ? item
            : throw new GraphResponseException(
                "Graph's connector status could not be read: "
                    + (item.Problems.Count > 0 ? string.Join("; ", item.Problems.Take(3)) : "no connectorStatus array")
                    + "."
            );
    }

    /// <summary>
    /// The failure in the words of <see cref="GraphFailures"/>, or the tenant's scan budget running out.
    /// </summary>
    private ScanFailure Failure(
        string what,
        Exception ex,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var at = clock.GetUtcNow();
        if (cancellationToken.IsCancellationRequested)
        {
            var seconds = options.Value.Enrollment.TenantTimeoutSeconds;
            return new ScanFailure(
                at,
                FailureCodes.Timeout,
                $"{what} took longer than the tenant's enrollment scan budget of {seconds} s; the last complete scan "
                    + "is kept.",
                FailureFix.ScanTimeout
            );
        }

        var failure = GraphFailures.Classify(TokenKind.Ade, ex, tenantId, trace);
        var ids = failure.RequestId is null ? "" : $" (request-id {failure.RequestId})";
        return new ScanFailure(at, failure.Code, $"{what} failed: {failure.Message}{ids}", FailureFixes.Of(failure));
    }
}
