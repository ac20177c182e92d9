// The work queue: one message per block, MessageId `{instance}:{block}`. Local (SAS) authentication is off.
param location string
param tags object

@description('Name of the Service Bus namespace.')
param name string

@description('Name of the work queue.')
param workQueueName string

@description('How long a worker holds a block before Service Bus hands it to another; workers renew the lock while a block runs (5 minutes is the most Service Bus allows).')
param lockDuration string = 'PT5M'

@minValue(1)
@description('Deliveries of a block before it is dead-lettered as poison and its run fails with the reason.')
param maxDeliveryCount int = 5

@description('Window in which a message with an already seen MessageId is dropped: it absorbs a DispatchBlocks activity that runs twice. It must stay shorter than the orchestrator\'s re-send timeout, or the re-sent blocks are dropped too.')
param duplicateDetectionWindow string = 'PT10M'

@description('Time after which an unprocessed block is dead-lettered.')
param messageTimeToLive string = 'P1D'

// Standard: duplicate detection is not available on Basic.
resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource workQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: workQueueName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: messageTimeToLive
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    requiresSession: false
    enablePartitioning: false
  }
}

// serviceBusEndpoint is https://{namespace}.servicebus.windows.net:443/ (or a sovereign cloud's suffix).
output fullyQualifiedNamespace string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
