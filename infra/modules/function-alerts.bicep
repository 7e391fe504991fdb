// Every timer function's heartbeat and its failures, from the events TokenWatch logs itself at the end of each
// invocation (FunctionCompleted, FunctionFailed: src/TokenWatch.Functions/InvocationLogging.cs). The host's request
// metrics are not exported in OpenTelemetry mode, so a metric alert on requests/failed would never fire.

param location string
param tags object
param appInsightsName string
param functionAppName string
param actionGroupId string
param logAnalyticsName string

@description('Each timer function\'s NCRONTAB schedule (six fields, UTC), as written to its app setting: the heartbeat windows follow them.')
param schedules {
  EvaluateAlerts: string
  CleanUpStorage: string
  DiscoverCustomers: string
  WatchCredentials: string
  ScanEnrollment: string
  SendRenewalCalendar: string
}

@description('Alert when the workspace reaches its daily cap (set when the deployment gives one).')
param dailyCapAlert bool

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

// The poll's own heartbeat is the missed-poll alert (alerts.bicep). Each window is the function's period plus a
// day, except the evaluation's, whose digests are owed: its period plus two hours (3 hours when hourly). The period
// is read from the schedule the function runs on, an upper bound: a day of the week is weekly, a day of the month
// monthly, a list or range of hours daily, an hour step (*/6) that many hours, any hour hourly. A log alert window
// is PT1M-PT6H, P1D or P2D (Learn: "Microsoft.Insights scheduledQueryRules"), so a longer lookback is several
// windows that must all be empty: two days each, or one day, or six hours (rounded up). DiscoverCustomers completes
// daily also while discovery is off (it logs DiscoveryDisabled).
func fieldStep(field string) int => contains(field, '/') ? int(last(split(field, '/'))) : 1

func periodHours(fields string[]) int =>
  fields[5] != '*' && fields[5] != '?'
    ? 168
    : fields[3] != '*' && fields[3] != '?'
        ? (startsWith(fields[3], '*/') ? 24 * fieldStep(fields[3]) : 744)
        : fields[4] != '*' ? 744 : fields[2] == '*' ? 1 : startsWith(fields[2], '*/') ? fieldStep(fields[2]) : 24

func scheduleHours(schedule string) int => periodHours(filter(split(trim(schedule), ' '), f => !empty(f)))

func lookback(hours int) object =>
  hours <= 6
    ? { windowSize: 'PT${hours}H', periods: 1 }
    : hours % 48 == 0
        ? { windowSize: 'P2D', periods: hours / 48 }
        : hours % 24 == 0
            ? { windowSize: 'P1D', periods: hours / 24 }
            : { windowSize: 'PT6H', periods: (hours + 5) / 6 }

var heartbeatFunctions = [
  {
    function: 'EvaluateAlerts'
    margin: 2
    severity: 1
    consequence: 'no digest is decided or sent while polls go on'
  }
  {
    function: 'CleanUpStorage'
    margin: 24
    severity: 2
    consequence: 'old rows are not deleted and the row counts are not reported'
  }
  {
    function: 'DiscoverCustomers'
    margin: 24
    severity: 2
    consequence: 'new, unconsented and departed GDAP customers are not reported'
  }
  {
    function: 'WatchCredentials'
    margin: 24
    severity: 2
    consequence: 'the expiry of TokenWatch\'s own Key Vault secrets is not watched'
  }
  {
    function: 'ScanEnrollment'
    margin: 24
    severity: 2
    consequence: 'devices left without an enrollment profile and failed enrollments are not counted'
  }
  {
    function: 'SendRenewalCalendar'
    margin: 24
    severity: 2
    consequence: 'the weekly renewal summary is not sent'
  }
]

var heartbeats = map(heartbeatFunctions, h => union(h, lookback(scheduleHours(schedules[h.function]) + h.margin)))

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
      evaluationFrequency: heartbeat.periods == 1 && startsWith(heartbeat.windowSize, 'PT') ? 'PT15M' : 'PT1H'
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

// TokenWatch's own credentials (Key Vault secrets with an expiry): one alert per secret and milestone, so ops
// hear once as each milestone is reached (60, 30, 14, 7, 3, 1 days by default) and daily-held alerts stay open.
resource credentialExpiryAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${functionAppName}-credential-expiring'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'TokenWatch: a credential it uses expires soon'
    description: 'A Key Vault secret TokenWatch reads (a customer tenant\'s client secret, the SendGrid key, a channel URL) reached an expiry milestone or expired (CredentialExpiring, CredentialExpired; the alert names the secret and milestone). Renew the credential, then az keyvault secret set with --expires. docs/operations.md, "Platform alerts".'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'P1D'
    criteria: {
      allOf: [
        {
          query: '''
traces
| where tostring(customDimensions.EventName) in ("CredentialExpiring", "CredentialExpired")
| extend SecretName = tostring(customDimensions.SecretName), Milestone = tostring(customDimensions.Milestone)
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'SecretName'
              operator: 'Include'
              values: ['*']
            }
            {
              name: 'Milestone'
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

// Past the daily cap the workspace drops everything until midnight UTC, the heartbeats' and alerts' data included:
// the workspace's own operation log says so.
resource dailyCapReachedAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = if (dailyCapAlert) {
  name: '${functionAppName}-daily-cap-reached'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'TokenWatch: log workspace daily cap reached'
    description: 'The Log Analytics workspace reached its daily cap (logDailyCapGb): TokenWatch\'s logs are dropped until the cap resets, so the other alerts are blind. Find what logs so much (docs/operations.md), or raise the cap.'
    severity: 1
    enabled: true
    scopes: [
      workspace.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: '''
_LogOperation
| where Category =~ "Ingestion"
| where Detail has "OverQuota"
'''
          timeAggregation: 'Count'
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
