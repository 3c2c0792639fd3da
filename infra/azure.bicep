// Hosting for the tab: an Azure Static Web App serving dist/ with public/staticwebapp.config.json.
@maxLength(40)
@minLength(4)
@description('Used to name the static web app.')
param resourceBaseName string

@description('Free or Standard.')
param staticWebAppSku string = 'Free'

@description('A region where Static Web Apps run.')
@allowed(['centralus', 'eastus2', 'eastasia', 'westeurope', 'westus2'])
param location string = 'westeurope'

resource staticWebApp 'Microsoft.Web/staticSites@2022-09-01' = {
  name: resourceBaseName
  location: location
  sku: {
    name: staticWebAppSku
    tier: staticWebAppSku
  }
  properties: {}
}

var siteDomain = staticWebApp.properties.defaultHostname

output AZURE_STATIC_WEB_APPS_RESOURCE_ID string = staticWebApp.id
output TAB_DOMAIN string = siteDomain
output TAB_ENDPOINT string = 'https://${siteDomain}'
