// App Service Authentication (Easy Auth) with Entra ID in front of the function app.
// Anonymous requests still reach the API on purpose: API keys, GET /api/health and the core's own 401/403
// answers need them. Signed-in requests arrive with X-MS-CLIENT-PRINCIPAL (roles included), which the
// platform strips from anything a client sends itself; Access__TrustAppServiceAuthentication=true (api.bicep)
// lets the core read it.
param functionAppName string

@description('Application (client) ID of the app registration from entra.bicep.')
param clientId string

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    login: {
      // Sessions ride on the App Service cookie; no token store (nothing here calls other APIs for the user).
      tokenStore: {
        enabled: false
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          // Not a secret: the name of the app setting holding the managed identity's client ID (api.bicep).
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
  }
}
