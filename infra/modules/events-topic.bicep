// Completion events: `org.czpick.picking.completed` / `.failed` in CloudEvents 1.0, published by the Function App
// with its identity (access keys are off).
param location string
param tags object

@description('Name of the Event Grid topic.')
param name string

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

output endpoint string = topic.properties.endpoint
output id string = topic.id
