// The GPU workers: a Container Apps environment with a serverless GPU workload profile, and the worker app on it,
// scaled by KEDA on the length of the Service Bus work queue, to zero when idle. Image pulls, scaling and data
// access all use managed identities.
param location string
param tags object

@description('Name of the Container Apps environment.')
param environmentName string

@description('Name of the worker container app.')
param name string

@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string

@minValue(1)
param maxReplicas int

@minValue(1)
@description('Blocks waiting per replica before KEDA adds a replica.')
param blocksPerReplica int

@description('Worker image in the registry; empty until azd deploys it.')
param imageName string

@description('Identity of the worker code and of image pulls.')
param identityName string

@description('Identity of the KEDA scale rule.')
param scalerIdentityName string

param logAnalyticsName string
param registryName string
param storageAccountName string

@description('Name of the Service Bus namespace, for KEDA.')
param serviceBusNamespaceName string

@description('Fully qualified name of the Service Bus namespace, for the worker.')
param serviceBusFullyQualifiedNamespace string

param workQueueName string
param ensemble string

@minValue(0)
@maxValue(600)
@description('Seconds a replica that is scaled in gets to finish its block before it is stopped (the block is otherwise delivered again when its lock expires).')
param terminationGracePeriodSeconds int = 300

var gpuProfileName = 'gpu'

// A serverless GPU replica takes the whole GPU machine: one GPU with these cores and memory.
var replicaResources = {
  'Consumption-GPU-NC8as-T4': {
    cpu: 8
    memory: '56Gi'
  }
  'Consumption-GPU-NC24-A100': {
    cpu: 24
    memory: '220Gi'
  }
}

// Until azd deploys the worker image, a small public image keeps the app valid; with an empty queue it never runs.
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'

// The value of every `{connection}__credential` setting: use the managed identity named by `__clientId`.
var managedIdentityCredential = 'managedidentity'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource scalerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: scalerIdentityName
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: logAnalyticsName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = {
  name: registryName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

// GPU workload profiles can only be added when the environment is created.
resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    // Logs go through a diagnostic setting, so no workspace key is handed to the environment.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ]
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: environment
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'worker'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
      '${scalerIdentity.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'worker'
          image: empty(imageName) ? placeholderImage : imageName
          resources: {
            cpu: replicaResources[gpuProfileType].cpu
            memory: replicaResources[gpuProfileType].memory
          }
          env: [
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
              name: 'CzPick__Models__Ensemble'
              value: ensemble
            }
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'work-queue'
            custom: {
              type: 'azure-servicebus'
              identity: scalerIdentity.id
              metadata: {
                namespace: serviceBusNamespaceName
                queueName: workQueueName
                messageCount: string(blocksPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}
