// Every timer function's heartbeat and its failures, from the events TokenWatch logs itself at the end of each
// invocation (FunctionCompleted, FunctionFailed: src/TokenWatch.Functions/InvocationLogging.cs). The host's request
// metrics are not exported in OpenTelemetry mode, so a metric alert on requests/failed would never fire.

param location string
param tags object
param appInsightsName string
param functionAppName string
param actionGroupId string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The poll's own heartbeat is the missed-poll alert (alerts.bicep). Each window is the function's period plus a
// day, except the evaluation's (hourly, digests are owed: 3 hours). A log alert window is at most two days, so the
// weekly calendar's eight days are four two-day periods that must all be empty. A longer schedule needs a longer
// window here. DiscoverCustomers completes daily also while discovery is off (it logs DiscoveryDisabled).
var heartbeats = [
  {
    function: 'EvaluateAlerts'
    windowSize: 'PT3H'
    periods: 1
    severity: 1
    consequence: 'no digest is decided or sent while polls go on'
  }
  {
    function: 'CleanUpStorage'
    windowSize: 'P2D'
    periods: 1
    severity: 2
    consequence: 'old rows are not deleted and the row counts are not reported'
  }
  {
    function: 'DiscoverCustomers'
    windowSize: 'P2D'
    periods: 1
    severity: 2
    consequence: 'new, unconsented and departed GDAP customers are not reported'
  }
  {
    function: 'SendRenewalCalendar'
    windowSize: 'P2D'
    periods: 4
    severity: 2
    consequence: 'the weekly renewal summary is not sent'
  }
]

resource heartbeatAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for heartbeat in heartbeats: {
    name: '${functionAppName}-heartbeat-${toLower(heartbeat.function)}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: 'TokenWatch: ${heartbeat.function} has not completed'
      description: '${heartbeat.function} logged no FunctionCompleted in ${heartbeat.periods} × ${heartbeat.windowSize}: ${heartbeat.consequence}. A bad deploy, a crash loop or a disabled function; after a first deployment it resolves once the function has run. docs/operations.md, "Platform alerts".'
      severity: heartbeat.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: heartbeat.windowSize == 'PT3H' ? 'PT15M' : 'PT1H'
      windowSize: heartbeat.windowSize
      criteria: {
        allOf: [
          {
            query: replace(
              '''
traces
| where tostring(customDimensions.EventName) == "FunctionCompleted"
| where tostring(customDimensions.FunctionName) == "__FUNCTION__"
''',
              '__FUNCTION__',
              heartbeat.function
            )
            timeAggregation: 'Count'
            operator: 'LessThan'
            threshold: 1
            failingPeriods: {
              numberOfEvaluationPeriods: heartbeat.periods
              minFailingPeriodsToAlert: heartbeat.periods
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroupId
        ]
      }
    }
  }
]

// Any invocation that ended in an unhandled exception, one alert per function.
resource functionFailuresAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${functionAppName}-function-failures'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'TokenWatch: a function failed'
    description: 'A TokenWatch function invocation ended in an exception (FunctionFailed; the alert names the function). Application Insights > Failures shows the exception; docs/operations.md has the queries.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: '''
traces
| where tostring(customDimensions.EventName) == "FunctionFailed"
| extend FunctionName = tostring(customDimensions.FunctionName)
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'FunctionName'
              operator: 'Include'
              values: ['*']
            }
          ]
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
        actionGroupId
      ]
    }
  }
}
