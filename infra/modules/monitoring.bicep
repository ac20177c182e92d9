// Log Analytics workspace and the workspace-based Application Insights that the Function App and the worker
// environment report to. Local authentication is off: telemetry is accepted only with an Entra token.
param location string
param tags object
param logAnalyticsName string
param appInsightsName string

@minValue(30)
@description('Days of log retention.')
param retentionDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}
