// The Entra ID app registration App Service Authentication signs people in with, and the app roles the API
// maps to callers (src/Reporting/Access/CallerResolver.cs): Reporting.User admits a person, whose assignments
// (role, sectoral bodies or plans, member state) admins manage in the API's assignments table. The older roles,
// Reporting.Admin, Reporting.Secretariat and one Reporting.FocalPoint.{ISO3} per member state in
// reference/member-states.json, still work as assignments to every plan (Access__LegacyAppRoles, default true).
// Needs permission to create app registrations in the tenant (docs/deploy.md).
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@description('Stable key of the registration in the tenant; redeploying updates the same registration.')
param uniqueName string
param displayName string

@description('The function app\'s host name, for the sign-in redirect.')
param hostName string

@description('Principal (object) ID of the app\'s user-assigned identity, trusted instead of a client secret.')
param identityPrincipalId string

// AccessOptions.RolePrefix default.
var rolePrefix = 'Reporting.'
var memberStates = loadJsonContent('../../reference/member-states.json').memberStates

var staffRoles = [
  {
    value: '${rolePrefix}User'
    displayName: 'Reporting user'
    description: 'Signs in to the reporting system; what they may do (sectoral bodies, plans, member state) is their assignment in the API.'
  }
  {
    value: '${rolePrefix}Admin'
    displayName: 'Administrator'
    description: 'Manages plans and API keys; holds every secretariat right.'
  }
  {
    value: '${rolePrefix}Secretariat'
    displayName: 'ASEAN Secretariat'
    description: 'Sets reporting windows, reviews every member state\'s submissions, reads summaries.'
  }
]

var focalPointRoles = [
  for state in memberStates: {
    value: '${rolePrefix}FocalPoint.${state.code}'
    displayName: 'Focal point: ${state.name}'
    description: 'Prepares and submits ${state.name}\'s progress reports; sees only its own submissions.'
  }
]

// Role ids derive from the registration and the role value, so they stay the same on every deployment.
var appRoles = [
  for role in concat(staffRoles, focalPointRoles): {
    id: guid(uniqueName, role.value)
    value: role.value
    displayName: role.displayName
    description: role.description
    allowedMemberTypes: [
      'User'
    ]
    isEnabled: true
  }
]

resource application 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: appRoles
  web: {
    redirectUris: [
      'https://${hostName}/.auth/login/aad/callback'
    ]
    implicitGrantSettings: {
      enableIdTokenIssuance: true
      enableAccessTokenIssuance: false
    }
  }
  requiredResourceAccess: [
    {
      // Microsoft Graph, User.Read: what sign-in needs, nothing more.
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: [
        {
          id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d'
          type: 'Scope'
        }
      ]
    }
  ]
}

// Only people given one of the roles above can sign in at all.
resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: application.appId
  appRoleAssignmentRequired: true
}

// Lets App Service Authentication prove it is this registration with the app's managed identity
// (OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID), so there is no client secret to store or rotate.
resource managedIdentityCredential 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = {
  name: '${application.uniqueName}/app-service-authentication'
  description: 'The function app\'s user-assigned identity signs App Service Authentication\'s token requests.'
  audiences: [
    'api://AzureADTokenExchange'
  ]
  issuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
  subject: identityPrincipalId
}

output clientId string = application.appId
output servicePrincipalId string = servicePrincipal.id
