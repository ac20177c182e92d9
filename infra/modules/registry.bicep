// The registry of the worker image. No admin user and no anonymous pull: the worker pulls with its identity.
param location string
param tags object

@minLength(5)
@maxLength(50)
@description('Name of the container registry.')
param name string

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output loginServer string = registry.properties.loginServer
