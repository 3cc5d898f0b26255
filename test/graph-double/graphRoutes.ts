import { randomUUID } from "crypto";
import { Answer, faultAnswer, graphError, GraphDouble, graphOk } from "./server";
import { hasP2 } from "./tenantState";
import { authenticationMethodsRoutes } from "./authenticationMethods";
import { registrationRoutes } from "./registrationDetails";
import { directoryNameRoutes } from "./directoryNames";
import { POLICY_ENTITY_CONTEXT, storedPolicy } from "./policyStore";

const SD_PATH = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";
const CA_PATH = "/v1.0/identity/conditionalAccess/policies";
const LOCATIONS_PATH = "/v1.0/identity/conditionalAccess/namedLocations";

const denied = (): Answer => graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

function page(double: GraphDouble, url: URL, items: unknown[], context: string): Answer {
  const skip = Number(url.searchParams.get("$skiptoken") ?? "0");
  const slice = items.slice(skip, skip + double.pageSize);
  const next = skip + double.pageSize < items.length ? `${double.url}${url.pathname}?$skiptoken=${skip + double.pageSize}` : undefined;
  return { status: 200, body: { "@odata.context": context, value: slice, ...(next ? { "@odata.nextLink": next } : {}) } };
}

function parseJson(body: string): Record<string, any> | undefined {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Members of evolvable enums that Graph added after `unknownFutureValue`, which it sends as themselves
 * only to a client that sends `Prefer: include-unknown-enum-members` (conditionalAccessDevicePlatform's `linux`).
 */
const EVOLVED_PLATFORMS = ["linux"];
const PREFER_UNKNOWN_ENUMS = /(^|[,;\s])include-unknown-enum-members($|[,;\s])/;

/** A CA policy as Graph sends it to a client that did not ask for evolved enum members: those read `unknownFutureValue`. */
function asSentTo(policy: Record<string, any>, prefer: string | undefined): Record<string, any> {
  const platforms = policy.conditions?.platforms;
  if (PREFER_UNKNOWN_ENUMS.test(prefer ?? "") || !platforms) return policy;
  const hide = (list: unknown) => (Array.isArray(list) ? list.map((p) => (EVOLVED_PLATFORMS.includes(p) ? "unknownFutureValue" : p)) : list);
  return {
    ...policy,
    conditions: {
      ...policy.conditions,
      platforms: { ...platforms, includePlatforms: hide(platforms.includePlatforms), excludePlatforms: hide(platforms.excludePlatforms) },
    },
  };
}

/** Graph's answers, with Graph's rules: the Security Defaults ⇄ CA conflict both ways, and error 1039 for P2 features without P2. */
export function graphRoutes(double: GraphDouble, method: string, url: URL, body: string, prefer?: string): Answer {
  const t = double.tenant;
  const can = (permission: string) => t.permissions.has(permission);

  if (url.pathname === SD_PATH) {
    if (method === "GET") {
      if (!can("Policy.Read.All")) return denied();
      return graphOk("policies/identitySecurityDefaultsEnforcementPolicy/$entity", {
        id: "00000000-0000-0000-0000-000000000005",
        displayName: "Security Defaults",
        description:
          "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. " +
          "When enabled, these recommendations will be automatically enforced in your organization. " +
          "Administrators and users will be better protected from common identity related attacks.",
        isEnabled: t.securityDefaults,
      });
    }
    if (method === "PATCH") {
      if (!can("Policy.ReadWrite.SecurityDefaults")) return denied();
      const patch = parseJson(body);
      if (!patch || typeof patch.isEnabled !== "boolean")
        return graphError(400, "BadRequest", "Invalid value specified for property 'isEnabled' of resource 'IdentitySecurityDefaultsEnforcementPolicy'.");
      if (patch.isEnabled && t.policies.size > 0) {
        return graphError(
          400,
          "BadRequest",
          "Security defaults cannot be enabled while Conditional Access policies exist in the tenant. Delete the Conditional Access policies first.",
        );
      }
      t.securityDefaults = patch.isEnabled;
      return { status: 204 };
    }
  }

  if (url.pathname === CA_PATH) {
    if (method === "GET") {
      if (!can("Policy.Read.All")) return denied();
      return page(
        double,
        url,
        [...t.policies.values()].map((p) => asSentTo(p, prefer)),
        "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies",
      );
    }
    if (method === "POST") {
      if (!can("Policy.ReadWrite.ConditionalAccess")) return denied();
      const policy = parseJson(body);
      if (!policy?.displayName || !policy.conditions || !policy.state)
        return graphError(400, "BadRequest", "Request body is missing displayName, state or conditions.");
      if (policy.state === "enabled" && t.securityDefaults) {
        return graphError(
          400,
          "BadRequest",
          "Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.",
        );
      }
      const risky = (policy.conditions.signInRiskLevels ?? []).length > 0 || (policy.conditions.userRiskLevels ?? []).length > 0;
      if (risky && !hasP2(t)) {
        return graphError(
          400,
          "BadRequest",
          "1039: Policy contains invalid conditions. Identity Protection risk conditions require a Microsoft Entra ID P2 license.",
        );
      }
      const created = storedPolicy(policy, randomUUID());
      t.policies.set(created.id, created);
      return { status: 201, body: { "@odata.context": POLICY_ENTITY_CONTEXT, ...created } };
    }
  }

  const policyId = url.pathname.startsWith(`${CA_PATH}/`) ? url.pathname.slice(CA_PATH.length + 1) : undefined;
  if (policyId !== undefined) {
    const existing = t.policies.get(policyId);
    if (method === "GET" && !can("Policy.Read.All")) return denied();
    if (method !== "GET" && !can("Policy.ReadWrite.ConditionalAccess")) return denied();
    if (!existing) return graphError(404, "ResourceNotFound", `Policy '${policyId}' was not found.`);
    if (method === "GET") return { status: 200, body: { "@odata.context": POLICY_ENTITY_CONTEXT, ...asSentTo(existing, prefer) } };
    if (method === "DELETE") {
      t.policies.delete(policyId);
      return { status: 204 };
    }
    if (method === "PATCH") {
      const patch = parseJson(body) ?? {};
      if (patch.state === "enabled" && t.securityDefaults) {
        return graphError(
          400,
          "BadRequest",
          "Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.",
        );
      }
      // Graph replaces each property the body names (a condition block, the grant, the session) and keeps the rest.
      const { "@odata.context": _context, ...held } = existing;
      t.policies.set(policyId, storedPolicy(patch, policyId, held));
      return { status: 204 };
    }
  }

  if (url.pathname === LOCATIONS_PATH || url.pathname.startsWith(`${LOCATIONS_PATH}/`)) return namedLocationRoutes(double, method, url, body);

  const batch = /^\/(v1\.0|beta)\/\$batch$/.exec(url.pathname);
  if (batch && method === "POST") return batchAnswer(double, batch[1], body);

  if (url.pathname === "/v1.0/users" && method === "GET") {
    if (!can("User.Read.All")) return denied();
    return page(
      double,
      url,
      [...t.users.values()].map(({ id, userPrincipalName }) => ({ id, userPrincipalName })),
      "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName)",
    );
  }

  const oneUser = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
  if (oneUser && method === "GET") {
    if (!can("User.Read.All")) return denied();
    const key = decodeURIComponent(oneUser[1]).toLowerCase();
    const user = [...t.users.values()].find((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
    if (!user) {
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${decodeURIComponent(oneUser[1])}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return graphOk("users(id,userPrincipalName,userType)/$entity", {
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      userType: user.userType ?? "Member",
    });
  }

  if (url.pathname === "/v1.0/directory/deletedItems/microsoft.graph.user" && method === "GET") {
    if (!can("User.Read.All")) return denied();
    return page(
      double,
      url,
      t.deletedUsers,
      "https://graph.microsoft.com/v1.0/$metadata#directory/deletedItems/microsoft.graph.user(id,userPrincipalName,userType)",
    );
  }

  const requirements = /^\/beta\/users\/([^/]+)\/authentication\/requirements$/.exec(url.pathname);
  if (requirements) {
    if (!can("Policy.ReadWrite.AuthenticationMethod")) return denied();
    const user = t.users.get(requirements[1]);
    if (!user)
      return graphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${requirements[1]}' does not exist or one of its queried reference-property objects are not present.`,
      );
    if (method === "GET")
      return {
        status: 200,
        body: {
          "@odata.context": "https://graph.microsoft.com/beta/$metadata#users('id')/authentication/requirements/$entity",
          perUserMfaState: user.perUserMfaState,
        },
      };
    if (method === "PATCH") {
      const patch = parseJson(body);
      if (!patch || !["disabled", "enabled", "enforced"].includes(patch.perUserMfaState))
        return graphError(400, "BadRequest", "Invalid value for perUserMfaState.");
      if (double.failWritesAfter !== undefined && double.failWritesAfter-- <= 0)
        return graphError(500, "InternalServerError", "An internal server error occurred.");
      user.perUserMfaState = patch.perUserMfaState;
      return { status: 204 };
    }
  }

  const authenticationMethods = authenticationMethodsRoutes(double, method, url, body) ?? registrationRoutes(double, method, url);
  if (authenticationMethods) return authenticationMethods;
  const names = directoryNameRoutes(double, method, url, body);
  if (names) return names;

  if (url.pathname === "/v1.0/subscribedSkus" && method === "GET") {
    if (!can("Organization.Read.All")) return denied();
    return page(double, url, t.skus, "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus");
  }

  return graphError(400, "BadRequest", `Resource not found for the segment '${url.pathname.split("/").pop()}'.`);
}

/** `$batch`: each inner request answered by the same routes; scripted throttling of inner requests. */
function batchAnswer(double: GraphDouble, version: string, body: string): Answer {
  const requests = parseJson(body)?.requests;
  if (!Array.isArray(requests) || requests.length > 20) return graphError(400, "BadRequest", "Invalid batch payload: at most 20 requests.");
  double.batchedRequests += requests.length;
  const responses = requests.map((r: { id: string; method: string; url: string; body?: unknown; headers?: Record<string, string> }) => {
    double.innerRequests.push({ method: r.method, url: r.url, headers: r.headers ?? {} });
    if (double.throttleInner > 0) {
      double.throttleInner--;
      return { id: r.id, status: 429, headers: { "Retry-After": "0" }, body: graphError(429, "TooManyRequests", "Too many requests.").body };
    }
    const fault = double.innerFaults.shift();
    if (fault) {
      const answer = faultAnswer(fault.status, fault.retryAfterSeconds);
      return { id: r.id, status: answer.status, headers: answer.headers, body: answer.body };
    }
    const innerPrefer = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === "prefer")?.[1];
    const answer = graphRoutes(double, r.method, new URL(`/${version}${r.url}`, double.url), r.body === undefined ? "" : JSON.stringify(r.body), innerPrefer);
    return { id: r.id, status: answer.status, headers: answer.headers ?? {}, body: answer.body };
  });
  return { status: 200, body: { responses } };
}

/** Named locations: list (paged), create, read, update, delete; Graph refuses deleting one a policy uses. */
function namedLocationRoutes(double: GraphDouble, method: string, url: URL, body: string): Answer {
  const t = double.tenant;
  if (method === "GET" ? !t.permissions.has("Policy.Read.All") : !t.permissions.has("Policy.ReadWrite.ConditionalAccess")) return denied();
  const id = url.pathname.slice(LOCATIONS_PATH.length + 1);
  if (id === "") {
    if (method === "GET")
      return page(double, url, [...t.namedLocations.values()], "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations");
    if (method === "POST") {
      const location = parseJson(body);
      const type = location?.["@odata.type"];
      if (!location?.displayName || !["#microsoft.graph.ipNamedLocation", "#microsoft.graph.countryNamedLocation"].includes(type)) {
        return graphError(
          400,
          "BadRequest",
          "Request body must have displayName and @odata.type #microsoft.graph.ipNamedLocation or #microsoft.graph.countryNamedLocation.",
        );
      }
      const created = { id: randomUUID(), createdDateTime: new Date().toISOString(), modifiedDateTime: new Date().toISOString(), ...location };
      t.namedLocations.set(created.id, created);
      return { status: 201, body: created };
    }
  }
  const existing = t.namedLocations.get(id);
  if (!existing) return graphError(404, "ResourceNotFound", `Named location '${id}' was not found.`);
  if (method === "GET") return { status: 200, body: existing };
  if (method === "PATCH") {
    t.namedLocations.set(id, { ...existing, ...(parseJson(body) ?? {}), modifiedDateTime: new Date().toISOString() });
    return { status: 204 };
  }
  if (method === "DELETE") {
    const used = [...t.policies.values()].some((p) =>
      [...(p.conditions?.locations?.includeLocations ?? []), ...(p.conditions?.locations?.excludeLocations ?? [])].includes(id),
    );
    if (used) return graphError(400, "BadRequest", "The named location is referenced by a Conditional Access policy and cannot be deleted.");
    t.namedLocations.delete(id);
    return { status: 204 };
  }
  return graphError(405, "MethodNotAllowed", `${method} is not allowed on namedLocations.`);
}
