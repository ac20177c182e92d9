// One user-assigned identity per role in the flow, so that each gets only the data roles it needs
// (role-assignments.bicep). User-assigned, so that the roles exist before the apps start and pull images.
param location string
param tags object

@description('Identity of the Function App: host storage, Durable Functions, the flow\'s blobs and queues, sending work, publishing events.')
param functionIdentityName string

@description('Identity of the GPU worker code: reading tomograms and models, writing block results, receiving work.')
param workerIdentityName string

@description('Identity of the worker\'s KEDA scale rule: reading the length of the work queue.')
param scalerIdentityName string

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: functionIdentityName
  location: location
  tags: tags
}

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: workerIdentityName
  location: location
  tags: tags
}

resource scalerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: scalerIdentityName
  location: location
  tags: tags
}
