// An Azure Monitor workbook over the app's Application Insights: token expiry, poll failures, alerts sent.
// The items are in ../workbook/tokenwatch.workbook.json (edit them in the portal, then paste the
// "Advanced Editor" gallery template back into that file).

param location string
param tags object
param appInsightsName string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var workbookContent = union(loadJsonContent('../workbook/tokenwatch.workbook.json'), {
  fallbackResourceIds: [
    appInsights.id
  ]
})

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, appInsights.id, 'tokenwatch-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'TokenWatch'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string(workbookContent)
  }
}

output workbookId string = workbook.id
