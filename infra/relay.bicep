// The optional presence relay (relay/, README "Tenant scale: the presence relay"): the relay's container in
// Azure Container Apps (two or more replicas) and Azure Cache for Redis (TLS only) that the replicas share.
// teamsapp.yml runs this on every provision; it creates nothing unless RELAY_DEPLOY=true, so a small team's
// tab stays a static web app and the two outputs stay empty (the tab then polls Graph itself).
// Kept to what bicep v0.9.1 (teamsapp.yml's bicepCliVersion) compiles: no user-defined types, no `.?`, no `!`.
// Every reference()/list*() of a conditional resource sits behind `deploy ? … : ''`: ARM evaluates those
// functions even for a resource it does not deploy (Microsoft's "Conditional deployments in Bicep", runtime functions).

@description('"true" deploys the relay; anything else deploys nothing (RELAY_DEPLOY in env/.env.<environment> or the shell).')
param deployRelay string = 'false'

@maxLength(20)
@minLength(4)
@description('Used to name the resources (lower-case letters, digits and hyphens).')
param resourceBaseName string

param location string = resourceGroup().location

@description('The relay image, built with relay/Dockerfile and pushed to a registry, e.g. contoso.azurecr.io/whos-online-relay:1.0.')
param relayImage string

@description('Registry of a private image (e.g. contoso.azurecr.io); empty for a public image.')
param registryServer string = ''
param registryUsername string = ''
@secure()
param registryPassword string = ''

@description('The relay\'s Entra app (application permissions Presence.Read.All and User.Read.All, API scope Presence.Stream).')
param relayClientId string

@secure()
@description('Its client secret: kept as a Container Apps secret, never in an environment variable\'s plain value.')
param relayClientSecret string

@description('The tenant the relay serves (its id, a GUID).')
param tenantId string

@description('The tab\'s origin (https://<TAB_DOMAIN>): the only origin the relay answers with CORS.')
param tabOrigin string

@description('The Teams app\'s id (TEAMS_APP_ID): watch notifications link to its tab. Empty: watches off (the tab then watches only while open).')
param teamsAppId string = ''

@description('The tab\'s Entra app (AAD_APP_CLIENT_ID): Graph takes activity feed notifications only from the app in the Teams manifest\'s webApplicationInfo.')
param notifyClientId string = ''

@secure()
@description('A client secret of the tab\'s Entra app, for the relay\'s activity feed notifications. Empty: watches off.')
param notifyClientSecret string = ''

@description('The Microsoft cloud the relay serves (CLOUD: public, gcc, gcch, dod; docs/clouds.md): its Entra, keys and Graph follow from it.')
@allowed([
  'public'
  'gcc'
  'gcch'
  'dod'
])
param cloud string = 'public'

@minValue(1)
param minReplicas int = 2
@minValue(1)
param maxReplicas int = 4

var deploy = deployRelay == 'true'
// The toolkit leaves a placeholder whose variable is empty as it is (`${{NAME}}`): such a value means "not set".
var server = startsWith(registryServer, '\${{') ? '' : registryServer
var password = startsWith(registryPassword, '\${{') ? '' : registryPassword
var name = toLower('${resourceBaseName}-relay')
var port = 4100
// Watches through Teams' activity feed need all three (relay/config.ts refuses half of them).
var notifies = !empty(teamsAppId) && !empty(notifyClientId) && !empty(notifyClientSecret)
var registrySecrets = empty(password) ? [] : [
  {
    name: 'registry-password'
    value: password
  }
]
var registries = empty(server) ? [] : [
  {
    server: server
    username: registryUsername
    passwordSecretRef: 'registry-password'
  }
]

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = if (deploy) {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource environment 'Microsoft.App/managedEnvironments@2023-05-01' = if (deploy) {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: deploy ? logs.properties.customerId : ''
        sharedKey: deploy ? logs.listKeys().primarySharedKey : ''
      }
    }
  }
}

// Standard C1: a replica with automatic failover (the relay then starts a new board: storeLoss.test.ts).
// TLS only (port 6380, TLS 1.2); volatile-lru evicts only keys with a time to live (tickets), never the board.
resource redis 'Microsoft.Cache/redis@2023-08-01' = if (deploy) {
  name: '${name}-redis'
  location: location
  properties: {
    sku: {
      name: 'Standard'
      family: 'C'
      capacity: 1
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    redisConfiguration: {
      'maxmemory-policy': 'volatile-lru'
    }
  }
}

resource relay 'Microsoft.App/containerApps@2023-05-01' = if (deploy) {
  name: name
  location: location
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'http'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      // Container Apps secrets: the client secret and the Redis URL with its access key (rediss://: TLS).
      secrets: concat([
        {
          name: 'relay-client-secret'
          value: relayClientSecret
        }
        {
          name: 'redis-url'
          value: deploy ? 'rediss://:${uriComponent(redis.listKeys().primaryKey)}@${redis.properties.hostName}:${redis.properties.sslPort}' : ''
        }
      ], registrySecrets, notifies ? [
        {
          name: 'notify-client-secret'
          value: notifyClientSecret
        }
      ] : [])
      registries: registries
    }
    template: {
      containers: [
        {
          name: 'relay'
          image: relayImage
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat([
            {
              name: 'RELAY_HOST'
              value: '0.0.0.0'
            }
            {
              name: 'RELAY_PORT'
              value: string(port)
            }
            {
              name: 'REDIS_URL'
              secretRef: 'redis-url'
            }
            {
              name: 'RELAY_TENANT_IDS'
              value: tenantId
            }
            {
              name: 'RELAY_CLIENT_ID'
              value: relayClientId
            }
            {
              name: 'RELAY_CLIENT_SECRET'
              secretRef: 'relay-client-secret'
            }
            {
              name: 'RELAY_ALLOWED_ORIGINS'
              value: tabOrigin
            }
            {
              name: 'CLOUD'
              value: cloud
            }
          ], notifies ? [
            {
              name: 'RELAY_TEAMS_APP_ID'
              value: teamsAppId
            }
            {
              name: 'RELAY_NOTIFY_CLIENT_ID'
              value: notifyClientId
            }
            {
              name: 'RELAY_NOTIFY_CLIENT_SECRET'
              secretRef: 'notify-client-secret'
            }
          ] : [])
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 10
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 5
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'open-streams'
            http: {
              metadata: {
                concurrentRequests: '5000'
              }
            }
          }
        ]
      }
    }
  }
}

// Written to env/.env.<environment> by the toolkit; `deploy` builds the tab with them (empty: the tab polls).
output VITE_RELAY_URL string = deploy ? 'https://${relay.properties.configuration.ingress.fqdn}' : ''
output VITE_RELAY_SCOPE string = deploy ? 'api://${relayClientId}/Presence.Stream' : ''
