// Platform alerts: they come from Azure Monitor, not from TokenWatch, so ops hear about it even when
// TokenWatch itself is down, misconfigured or unable to send mail.

param location string
param tags object
param actionGroupName string
param opsEmail string
param appInsightsName string
param functionAppName string

@minValue(1)
@maxValue(24)
@description('Alert when no poll has completed for this many hours.')
param missedPollAlertHours int

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
    description: 'No PollCompleted trace from ${functionAppName} in the last ${missedPollAlertHours} hours. Check the function app (Overview, Log stream, Invocations of PollTokens) and docs/operations.md.'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT${missedPollAlertHours}H'
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

// Any failed function execution (an unhandled exception in PollTokens or EvaluateAlerts).
resource functionFailuresAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${functionAppName}-function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'A TokenWatch function execution failed in the last hour. Application Insights > Failures shows the exception; docs/operations.md has the queries.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'FailedExecutions'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupName string = actionGroup.name
