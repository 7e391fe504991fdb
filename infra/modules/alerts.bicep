// Platform alerts: they come from Azure Monitor, not from TokenWatch, so ops hear about it even when
// TokenWatch itself is down, misconfigured or unable to send mail.

param location string
param tags object
param actionGroupName string
param opsEmail string
param appInsightsName string
param functionAppName string

@allowed([1, 2, 3, 4, 5, 6, 24, 48])
@description('Alert when no poll has completed for this many hours (a log alert window: PT1M-PT6H, P1D or P2D).')
param missedPollAlertHours int

@minValue(2)
@maxValue(5)
@description('Alert when one tenant has failed this many polls in a row.')
param failedPollsAlertCount int

@minValue(1)
@maxValue(48)
@description('Alert when a digest has waited this many hours for SendGrid.')
param pendingDigestAlertHours int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'TokenWatch'
    enabled: true
    emailReceivers: [
      {
        name: 'ops'
        emailAddress: opsEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Dead-man's switch: PollTokens logs "Poll completed" (event PollCompleted, id 1002) at the end of every
// run. No such trace in the window means the timer did not fire, the app did not start, or every run
// crashed: nothing TokenWatch can report by email itself. The message test keeps the rule working
// whether or not the logging pipeline carries the event name.
var pollCompletedQuery = '''
traces
| where tostring(customDimensions.EventName) == "PollCompleted" or message startswith "Poll completed"
'''

resource missedPollAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${functionAppName}-missed-poll'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'TokenWatch: no completed poll in ${missedPollAlertHours} hours'
    description: 'No PollCompleted trace from ${functionAppName} in the last ${missedPollAlertHours} hours. Check the function app (Overview, Invocations of PollTokens, Application Insights > Logs) and docs/operations.md.'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: missedPollAlertHours <= 6 ? 'PT${missedPollAlertHours}H' : 'P${missedPollAlertHours / 24}D'
    criteria: {
      allOf: [
        {
          query: pollCompletedQuery
          timeAggregation: 'Count'
          operator: 'LessThan'
          threshold: 1
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// Quiet failures: TokenWatch catches them per tenant and carries on, so no function fails and the dead-man's switch
// stays green. Each query names only events the code logs (an infra test checks the names against the source).
type quietFailureRule = {
  name: string
  displayName: string
  description: string
  severity: int
  windowSize: string
  query: string
  @description('Split the alert by these columns of the query: each value fires and resolves on its own.')
  dimensions: object[]?
}

var quietFailureAlerts quietFailureRule[] = [
  {
    name: 'every-tenant-failed'
    displayName: 'TokenWatch: a poll could read no tenant'
    description: 'A poll completed but failed for every tenant (EveryTenantFailed): typically the Graph grant is missing, the identity is broken or storage is refused. docs/operations.md, "Platform alerts".'
    severity: 1
    windowSize: 'PT1H'
    query: '''
traces
| where tostring(customDimensions.EventName) == "EveryTenantFailed"
'''
  }
  {
    name: 'tenant-failing'
    displayName: 'TokenWatch: a tenant failed ${failedPollsAlertCount} polls in a row'
    description: 'One tenant could not be read or stored in each of the last ${failedPollsAlertCount} polls (TenantPollFailed or TenantStoreFailed): revoked consent, a missing permission, an expired credential. The alert names the tenant; each tenant fires and resolves on its own. docs/operations.md, "Platform alerts".'
    severity: 2
    windowSize: 'PT6H'
    // Split by tenant: while one tenant's alert is open, another tenant starting to fail is a new alert.
    dimensions: [
      {
        name: 'TenantId'
        operator: 'Include'
        values: ['*']
      }
    ]
    // Polls are told apart by operation_Id, the invocation every log line of one poll shares.
    query: replace(
      '''
let polls = traces
    | where tostring(customDimensions.EventName) == "PollCompleted"
    | top __POLLS__ by timestamp desc
    | project operation_Id;
traces
| where tostring(customDimensions.EventName) in ("TenantPollFailed", "TenantStoreFailed")
| where operation_Id in (polls)
| summarize FailedPolls = dcount(operation_Id) by TenantId = tostring(customDimensions.TenantId)
| where FailedPolls >= __POLLS__
''',
      '__POLLS__',
      string(failedPollsAlertCount)
    )
  }
  {
    name: 'email-misconfigured'
    displayName: 'TokenWatch: delivery misconfigured'
    description: 'The SendGrid key is missing, an unresolved Key Vault reference, or refused (401/403), or a Teams or webhook URL or secret is an unresolved Key Vault reference or refused (redirect, 401, 403, 404, 410): digests wait in the outbox (EmailDeliveryMisconfigured, ChannelDeliveryMisconfigured, DeliveryMisconfigured, whose message names the channel). Fix the setting; every pending digest then goes out once on that channel. docs/operations.md, "Platform alerts".'
    severity: 1
    windowSize: 'PT1H'
    query: '''
traces
| where tostring(customDimensions.EventName) in ("EmailDeliveryMisconfigured", "ChannelDeliveryMisconfigured", "DeliveryMisconfigured")
'''
  }
  {
    name: 'digests-delayed'
    displayName: 'TokenWatch: digests refused or delayed over ${pendingDigestAlertHours} hours'
    description: 'SendGrid refused a digest for good (DeliveryRefused), or a digest has waited more than ${pendingDigestAlertHours} hours (DeliveryDeferred). docs/operations.md, "Platform alerts".'
    severity: 2
    windowSize: 'PT1H'
    query: replace(
      '''
traces
| where tostring(customDimensions.EventName) == "DeliveryRefused"
    or (tostring(customDimensions.EventName) == "DeliveryDeferred" and todouble(customDimensions.PendingHours) >= __HOURS__)
''',
      '__HOURS__',
      string(pendingDigestAlertHours)
    )
  }
  {
    name: 'storage-failures'
    displayName: 'TokenWatch: storage failures'
    description: 'A poll could not store a tenant\'s state (TenantStoreFailed); the last stored state stands. Check the data storage account and the identity\'s table role. docs/operations.md, "Platform alerts".'
    severity: 2
    windowSize: 'PT1H'
    query: '''
traces
| where tostring(customDimensions.EventName) == "TenantStoreFailed"
'''
  }
  {
    // The catalog is read at every poll and evaluation; when it cannot be, the cycle goes on with the tenants of the
    // app settings alone and nothing fails, so the catalog's tenants would go unwatched with every light green.
    name: 'catalog-unreadable'
    displayName: 'TokenWatch: tenant catalog unreadable'
    description: 'The tenant catalog table could not be read (TenantCatalogUnreadable): that poll or evaluation watched only the tenants of the app settings, so every catalog tenant went unwatched. Check the data storage account, the identity\'s table role and the catalog table. docs/operations.md, "Platform alerts".'
    severity: 1
    windowSize: 'PT1H'
    query: '''
traces
| where tostring(customDimensions.EventName) == "TenantCatalogUnreadable"
'''
  }
  {
    name: 'evaluation-failures'
    displayName: 'TokenWatch: evaluation failures'
    description: 'Evaluating a tenant failed (AlertFailed): its alerts were not decided this time, usually storage trouble or a bug. docs/operations.md, "Platform alerts".'
    severity: 2
    windowSize: 'PT1H'
    query: '''
traces
| where tostring(customDimensions.EventName) == "AlertFailed"
'''
  }
]

resource quietFailureAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in quietFailureAlerts: {
    name: '${functionAppName}-${alert.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: 'PT15M'
      windowSize: alert.windowSize
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            dimensions: alert.?dimensions ?? []
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

output actionGroupName string = actionGroup.name
output actionGroupId string = actionGroup.id
