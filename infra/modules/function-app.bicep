// The Functions app (.NET isolated) on Flex Consumption: StartPicking (Event Grid blob trigger), the PickTomogram
// orchestration and its activities, BlockDone (queue trigger on block-results). Every connection is
// identity-based; the settings are those of docs/configuration.md.
param location string
param tags object

@description('Name of the Function App.')
param name string

@description('Name of its Flex Consumption plan.')
param planName string

@description('User-assigned identity the app runs as.')
param identityName string

param storageAccountName string

@description('Container of the deployment package.')
param deploymentContainerName string

param appInsightsName string

@description('Fully qualified name of the Service Bus namespace ({name}.servicebus.windows.net).')
param serviceBusFullyQualifiedNamespace string

param workQueueName string

@description('Endpoint of the Event Grid topic of completion events.')
param eventsTopicEndpoint string

@description('Ensemble folder under the models container.')
param ensemble string

@minValue(1)
param maximumInstanceCount int

param instanceMemoryMB int

@minValue(0)
param durableAlwaysReadyInstanceCount int

@description('.NET version of the isolated worker process.')
param dotnetVersion string = '10.0'

// The value of every `{connection}__credential` setting: use the managed identity named by `__clientId`.
var managedIdentityCredential = 'managedidentity'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'functions'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION are not allowed here.
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccount.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: managedIdentityCredential
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'CzPickStorage__blobServiceUri'
          value: storageAccount.properties.primaryEndpoints.blob
        }
        {
          name: 'CzPickStorage__queueServiceUri'
          value: storageAccount.properties.primaryEndpoints.queue
        }
        {
          name: 'CzPickStorage__credential'
          value: managedIdentityCredential
        }
        {
          name: 'CzPickStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'CzPickServiceBus__fullyQualifiedNamespace'
          value: serviceBusFullyQualifiedNamespace
        }
        {
          name: 'CzPickServiceBus__credential'
          value: managedIdentityCredential
        }
        {
          name: 'CzPickServiceBus__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'CzPick__WorkQueue__Transport'
          value: 'ServiceBus'
        }
        {
          name: 'CzPick__WorkQueue__Name'
          value: workQueueName
        }
        {
          name: 'CzPick__Events__Transport'
          value: 'EventGrid'
        }
        {
          name: 'CzPick__Events__TopicEndpoint'
          value: eventsTopicEndpoint
        }
        {
          name: 'CzPick__Models__Ensemble'
          value: ensemble
        }
        // The connection string of Application Insights names the component (instrumentation key and ingestion
        // endpoint) and grants nothing: local authentication is off, so ingestion needs the Entra token that the
        // authentication string asks for.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: [
          {
            name: 'durable'
            instanceCount: durableAlwaysReadyInstanceCount
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// No publishing with user names and passwords: azd deploys with an Entra token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output url string = 'https://${site.properties.defaultHostName}'
