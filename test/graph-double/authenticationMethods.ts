import type { Answer, GraphDouble } from "./server";
import { graphError } from "./server";

const POLICY_PATH = "/beta/policies/authenticationMethodsPolicy";
const CONFIGS_PATH = `${POLICY_PATH}/authenticationMethodConfigurations`;
const NO_GROUP = "00000000-0000-0000-0000-000000000000";

const allUsers = (extra: Record<string, unknown> = {}) => [{ targetType: "group", id: "all_users", isRegistrationRequired: false, ...extra }];
const feature = (state: string) => ({ state, includeTarget: { targetType: "group", id: "all_users" }, excludeTarget: { targetType: "group", id: NO_GROUP } });

/**
 * A new tenant's method configurations as Graph's beta GET returns them: every `@odata.type`,
 * nulls and empty lists kept. Microsoft's defaults: Authenticator, FIDO2, SMS, email on; number matching enforced.
 */
export function defaultMethodConfigurations(): Record<string, any>[] {
  return [
    {
      "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration",
      id: "MicrosoftAuthenticator",
      state: "enabled",
      isSoftwareOathEnabled: false,
      excludeTargets: [],
      featureSettings: {
        displayAppInformationRequiredState: feature("default"),
        displayLocationInformationRequiredState: feature("default"),
        numberMatchingRequiredState: feature("enabled"),
        companionAppAllowedState: feature("default"),
      },
      "includeTargets@odata.context":
        "https://graph.microsoft.com/beta/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations('MicrosoftAuthenticator')" +
        "/microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration/includeTargets",
      includeTargets: allUsers({ authenticationMode: "any" }),
    },
    {
      "@odata.type": "#microsoft.graph.fido2AuthenticationMethodConfiguration",
      id: "Fido2",
      state: "enabled",
      isSelfServiceRegistrationAllowed: true,
      isAttestationEnforced: false,
      excludeTargets: [],
      keyRestrictions: { isEnforced: false, enforcementType: "block", aaGuids: [] },
      includeTargets: allUsers(),
    },
    {
      "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
      id: "TemporaryAccessPass",
      state: "disabled",
      defaultLifetimeInMinutes: 60,
      defaultLength: 8,
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      isUsableOnce: false,
      excludeTargets: [],
      includeTargets: allUsers(),
    },
    {
      "@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration",
      id: "Sms",
      state: "enabled",
      excludeTargets: [],
      includeTargets: allUsers({ isUsableForSignIn: true }),
    },
    {
      "@odata.type": "#microsoft.graph.voiceAuthenticationMethodConfiguration",
      id: "Voice",
      state: "disabled",
      isOfficePhoneAllowed: false,
      excludeTargets: [],
      includeTargets: allUsers(),
    },
    {
      "@odata.type": "#microsoft.graph.emailAuthenticationMethodConfiguration",
      id: "Email",
      state: "enabled",
      allowExternalIdToUseEmailOtp: "default",
      excludeTargets: [],
      includeTargets: allUsers(),
    },
    {
      "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethodConfiguration",
      id: "SoftwareOath",
      state: "disabled",
      excludeTargets: [],
      includeTargets: [],
    },
    {
      "@odata.type": "#microsoft.graph.x509CertificateAuthenticationMethodConfiguration",
      id: "X509Certificate",
      state: "disabled",
      excludeTargets: [],
      certificateUserBindings: [{ x509CertificateField: "PrincipalName", userProperty: "onPremisesUserPrincipalName", priority: 1 }],
      authenticationModeConfiguration: { x509CertificateAuthenticationDefaultMode: "x509CertificateSingleFactor", rules: [] },
      includeTargets: allUsers(),
    },
  ];
}

/** The policy's own fields as Graph stores them (the method configurations are kept apart). */
export function defaultAuthenticationMethodsPolicy(): Record<string, any> {
  return {
    id: "authenticationMethodsPolicy",
    displayName: "Authentication Methods Policy",
    description:
      "The tenant-wide policy that controls which authentication methods are allowed in the tenant, " +
      "authentication method registration requirements, and self-service password reset settings",
    lastModifiedDateTime: "2025-01-01T00:00:00Z",
    policyVersion: "1.5",
    reconfirmationInDays: 0,
    policyMigrationState: "preMigration",
    reportSuspiciousActivitySettings: { state: "default", voiceReportingCode: 0, includeTarget: { targetType: "group", id: "all_users" } },
    systemCredentialPreferences: { state: "default", excludeTargets: [], includeTargets: [{ id: "all_users", targetType: "group" }] },
  };
}

const denied = (): Answer => graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

function parse(body: string): Record<string, any> | undefined {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const MIGRATION_STATES = ["preMigration", "migrationInProgress", "migrationComplete"];
const ADVANCED_STATES = ["default", "enabled", "disabled"];

/** Graph's answers for the authentication methods policy and its method configurations, with Graph's validation; `undefined` when not its route. */
export function authenticationMethodsRoutes(double: GraphDouble, method: string, url: URL, body: string): Answer | undefined {
  const t = double.tenant;
  const can = (...permissions: string[]) => permissions.some((p) => t.permissions.has(p));
  const canRead = () => can("Policy.Read.AuthenticationMethod", "Policy.ReadWrite.AuthenticationMethod", "Policy.Read.All");
  const canWrite = () => can("Policy.ReadWrite.AuthenticationMethod");

  if (url.pathname === POLICY_PATH) {
    if (method === "GET") {
      if (!canRead()) return denied();
      return {
        status: 200,
        body: {
          "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/authenticationMethodsPolicy/$entity",
          ...t.authenticationMethodsPolicy,
          registrationEnforcement: { authenticationMethodsRegistrationCampaign: t.registrationCampaign },
          "authenticationMethodConfigurations@odata.context":
            "https://graph.microsoft.com/beta/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations",
          authenticationMethodConfigurations: t.authenticationMethodConfigurations,
        },
      };
    }
    if (method === "PATCH") {
      if (!canWrite()) return denied();
      const patch = parse(body);
      if (!patch) return graphError(400, "BadRequest", "Unable to read JSON request payload.");
      const campaign = patch.registrationEnforcement?.authenticationMethodsRegistrationCampaign;
      if (patch.registrationEnforcement !== undefined && (!campaign || !ADVANCED_STATES.includes(campaign.state)))
        return graphError(400, "BadRequest", "Invalid registrationEnforcement.");
      if (patch.policyMigrationState !== undefined && !MIGRATION_STATES.includes(patch.policyMigrationState)) {
        return graphError(400, "BadRequest", `Requested value '${patch.policyMigrationState}' was not found.`);
      }
      if (patch.systemCredentialPreferences !== undefined && !ADVANCED_STATES.includes(patch.systemCredentialPreferences?.state)) {
        return graphError(400, "BadRequest", "Invalid systemCredentialPreferences.");
      }
      if (campaign) t.registrationCampaign = campaign;
      const { registrationEnforcement: _campaign, ...rest } = patch;
      Object.assign(t.authenticationMethodsPolicy, rest, { lastModifiedDateTime: new Date().toISOString() });
      return { status: 204 };
    }
  }

  const configId = url.pathname.startsWith(`${CONFIGS_PATH}/`) ? url.pathname.slice(CONFIGS_PATH.length + 1) : undefined;
  if (configId !== undefined) {
    if (method === "GET" ? !canRead() : !canWrite()) return denied();
    // Graph matches method ids without regard to case.
    const existing = t.authenticationMethodConfigurations.find((c) => c.id.toLowerCase() === configId.toLowerCase());
    if (!existing) return graphError(404, "NotFound", `Authentication method configuration '${configId}' was not found.`);
    if (method === "GET")
      return {
        status: 200,
        body: {
          "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity",
          ...existing,
        },
      };
    if (method === "PATCH") {
      const patch = parse(body);
      if (!patch) return graphError(400, "BadRequest", "Unable to read JSON request payload.");
      if (patch["@odata.type"] !== undefined && patch["@odata.type"] !== existing["@odata.type"]) {
        return graphError(400, "BadRequest", `The @odata.type '${patch["@odata.type"]}' does not match the method configuration '${existing.id}'.`);
      }
      if (patch.state !== undefined && !["enabled", "disabled"].includes(patch.state))
        return graphError(400, "BadRequest", `Requested value '${patch.state}' was not found.`);
      if (patch.featureSettings?.numberMatchingRequiredState !== undefined && patch.featureSettings.numberMatchingRequiredState.state !== "enabled") {
        return graphError(400, "BadRequest", "Number matching is enabled for all users and cannot be changed.");
      }
      const targets = [...(patch.includeTargets ?? []), ...(patch.excludeTargets ?? [])];
      const badTarget = targets.find((x: any) => x?.id !== "all_users" && !/^[0-9a-f-]{36}$/i.test(String(x?.id)));
      if (badTarget) return graphError(400, "BadRequest", `Invalid target id '${badTarget.id}'.`);
      const featureSettings = patch.featureSettings ? { ...existing.featureSettings, ...patch.featureSettings } : existing.featureSettings;
      Object.assign(existing, patch, featureSettings ? { featureSettings } : {});
      return { status: 204 };
    }
  }
  return undefined;
}
