// Event Grid source of the StartPicking blob trigger: the storage account's system topic, and a subscription that
// delivers BlobCreated events under tomograms/ to the Functions blob extension's webhook.
param location string
param tags object

@description('Name of the system topic of the storage account.')
param name string

param storageAccountName string
param tomogramsContainerName string
param functionAppName string

@description('Name of the blob-triggered function.')
param functionName string = 'StartPicking'

@description('Create the subscription. The function must be deployed first: Event Grid validates the webhook on creation, and the blobs_extension system key exists only once the blob extension has run.')
param subscriptionEnabled bool

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName

  // The Functions host's keys. ARM serves this resource, but Bicep's type library has no type for it.
  #disable-next-line BCP081
  resource host 'host' existing = {
    name: 'default'
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource startPicking 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (subscriptionEnabled) {
  parent: systemTopic
  name: 'start-picking'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The blob extension's webhook authenticates Event Grid with its system key.
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${functionApp::host.listKeys().systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${tomogramsContainerName}/blobs/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
