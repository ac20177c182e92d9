// CzPick on Azure: every resource of the serverless picking pipeline, for `azd up` (docs/deploy.md).
// tomograms/ upload → Event Grid → StartPicking (Functions, Flex Consumption) → durable orchestration → Service Bus
// → GPU workers (Container Apps, KEDA) → block-results queue → picks/ + a CloudEvents completion event.
// Every connection is identity-based: no account keys, connection strings or SAS anywhere in settings or outputs.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; with the subscription and the region it seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer both Flex Consumption and Container Apps serverless GPUs (for example swedencentral, westus3 or australiaeast).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of whoever runs azd (azd sets AZURE_PRINCIPAL_ID). It may upload tomograms and models and read picks. Empty: no such grant.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
@description('What principalId is: a person, or the service principal of a pipeline.')
param principalType string = 'User'

@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
@description('Serverless GPU of the workers: one NVIDIA T4 (8 vCPU, 56 GiB) or one A100 (24 vCPU, 220 GiB) per replica. Needs GPU quota in the region (docs/deploy.md).')
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@minValue(1)
@maxValue(100)
@description('Most GPU worker replicas at once; keep it within the GPU quota of the subscription.')
param workerMaxReplicas int = 2

@minValue(1)
@description('Work messages (blocks) waiting per worker replica before KEDA adds another replica.')
param workerBlocksPerReplica int = 4

@description('Worker image in the registry; azd records it after the first deploy (SERVICE_WORKER_IMAGE_NAME). Empty: a public placeholder image until then.')
param workerImageName string = ''

@minValue(1)
@description('Days after which the lifecycle rule deletes intermediate data in the work container.')
param workRetentionDays int = 7

@minLength(1)
@description('Ensemble folder under the models container that the pipeline runs.')
param ensemble string = 'sample'

@description('Deliver tomogram uploads to the StartPicking blob trigger. Event Grid validates the webhook and the blobs_extension key exists only once the function app is deployed, so the postdeploy hook turns this on and provisions again.')
param blobTriggerSubscriptionEnabled bool = false

@minValue(1)
@maxValue(1000)
@description('Most Function App instances (Flex Consumption).')
param functionMaximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
@description('Memory of each Function App instance, in MB.')
param functionInstanceMemoryMB int = 2048

@minValue(0)
@maxValue(10)
@description('Always-ready instances of the durable group (orchestrator, activities), so that a run starts without a cold start.')
param durableAlwaysReadyInstanceCount int = 1

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var resourceGroupName = '${abbrs.resourcesResourceGroups}${environmentName}'
var functionIdentityName = '${abbrs.managedIdentityUserAssignedIdentities}func-${resourceToken}'
var workerIdentityName = '${abbrs.managedIdentityUserAssignedIdentities}worker-${resourceToken}'
var scalerIdentityName = '${abbrs.managedIdentityUserAssignedIdentities}scaler-${resourceToken}'
var logAnalyticsName = '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
var appInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var serviceBusNamespaceName = '${abbrs.serviceBusNamespaces}${resourceToken}'
var eventsTopicName = '${abbrs.eventGridDomainsTopics}${resourceToken}'
var blobEventsTopicName = '${abbrs.eventGridSystemTopics}${resourceToken}'
var registryName = '${abbrs.containerRegistryRegistries}${resourceToken}'
var planName = '${abbrs.webServerFarms}${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var environmentResourceName = '${abbrs.appManagedEnvironments}${resourceToken}'
var workerAppName = '${abbrs.appContainerApps}worker-${resourceToken}'

// Names the code reads (docs/configuration.md, SettingNames.cs): change them there too, or not at all.
var tomogramsContainerName = 'tomograms'
var modelsContainerName = 'models'
var workContainerName = 'work'
var picksContainerName = 'picks'
var deploymentContainerName = 'app-package'
var blockResultsQueueName = 'block-results'
var pickingEventsQueueName = 'picking-events'
var workQueueName = 'picking-blocks'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module identities 'modules/identities.bicep' = {
  name: 'identities'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    functionIdentityName: functionIdentityName
    workerIdentityName: workerIdentityName
    scalerIdentityName: scalerIdentityName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsName: logAnalyticsName
    appInsightsName: appInsightsName
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: storageAccountName
    tomogramsContainerName: tomogramsContainerName
    modelsContainerName: modelsContainerName
    workContainerName: workContainerName
    picksContainerName: picksContainerName
    deploymentContainerName: deploymentContainerName
    blockResultsQueueName: blockResultsQueueName
    pickingEventsQueueName: pickingEventsQueueName
    workQueueName: workQueueName
    workRetentionDays: workRetentionDays
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: serviceBusNamespaceName
    workQueueName: workQueueName
  }
}

module eventsTopic 'modules/events-topic.bicep' = {
  name: 'events-topic'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: eventsTopicName
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: registryName
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  scope: resourceGroup
  params: {
    functionIdentityName: functionIdentityName
    workerIdentityName: workerIdentityName
    scalerIdentityName: scalerIdentityName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    storageAccountName: storageAccountName
    tomogramsContainerName: tomogramsContainerName
    modelsContainerName: modelsContainerName
    workContainerName: workContainerName
    blockResultsQueueName: blockResultsQueueName
    serviceBusNamespaceName: serviceBusNamespaceName
    workQueueName: workQueueName
    eventsTopicName: eventsTopicName
    registryName: registryName
    appInsightsName: appInsightsName
  }
  dependsOn: [
    identities
    monitoring
    storage
    serviceBus
    eventsTopic
    registry
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: planName
    identityName: functionIdentityName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    appInsightsName: appInsightsName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    workQueueName: workQueueName
    eventsTopicEndpoint: eventsTopic.outputs.endpoint
    ensemble: ensemble
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    durableAlwaysReadyInstanceCount: durableAlwaysReadyInstanceCount
  }
  dependsOn: [
    roles
  ]
}

module worker 'modules/worker.bicep' = {
  name: 'worker'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    environmentName: environmentResourceName
    name: workerAppName
    gpuProfileType: gpuProfileType
    maxReplicas: workerMaxReplicas
    blocksPerReplica: workerBlocksPerReplica
    imageName: workerImageName
    identityName: workerIdentityName
    scalerIdentityName: scalerIdentityName
    logAnalyticsName: logAnalyticsName
    registryName: registryName
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    workQueueName: workQueueName
    ensemble: ensemble
  }
  dependsOn: [
    roles
  ]
}

module blobEvents 'modules/blob-events.bicep' = {
  name: 'blob-events'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: blobEventsTopicName
    storageAccountName: storageAccountName
    tomogramsContainerName: tomogramsContainerName
    functionAppName: functionAppName
    subscriptionEnabled: blobTriggerSubscriptionEnabled
  }
  dependsOn: [
    storage
    functionApp
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_STORAGE_ACCOUNT_NAME string = storageAccountName
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_FUNCTION_APP_NAME string = functionAppName
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output CZPICK_SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output CZPICK_EVENTS_TOPIC_ENDPOINT string = eventsTopic.outputs.endpoint
output CZPICK_EVENTS_TOPIC_ID string = eventsTopic.outputs.id
output CZPICK_BLOB_EVENTS_TOPIC_NAME string = blobEventsTopicName
output CZPICK_WORKER_APP_NAME string = workerAppName
