import { isPolicyResource, policyOfResource } from "../components/policyResources";
import { isUserPrincipalName } from "../config/objectIds";
import type { Cloud } from "../config/types";
import { GRAPH_ENDPOINTS } from "../graph/endpointTable";
import type { NamedUser } from "../graph/userNames";
import { resolveUserNames } from "../live/userNames";
import type { PackConfig } from "./config";
import type { StackResource, UserIds } from "./stackGuard";

/** Looks UPNs up in the tenant (`graph/userNames.ts`'s `lookUpUserNames` through the environment's client). */
export type LookUpUserNames = (names: readonly string[], cloud: Cloud | undefined) => Promise<ReadonlyMap<string, NamedUser | undefined>>;

/**
 * Every UPN the pack compares: the break-glass accounts of its config, and the users the stack's Conditional Access
 * policies include or exclude by UPN (a stack whose program did not resolve them, or written by hand).
 */
export function userNamesToResolve(config: PackConfig, resources: readonly StackResource[]): string[] {
  const inPolicies = resources
    .filter((r) => isPolicyResource(r.type))
    .flatMap((r) => {
      const users = policyOfResource(r.type, r.props).conditions.users;
      return [...users.includeUsers, ...users.excludeUsers];
    });
  const names = [...config.breakGlassUsers, ...inPolicies].filter((v): v is string => typeof v === "string" && isUserPrincipalName(v));
  return [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
}

/**
 * The pack's UPNs resolved as `pulumi up` resolves the stack's: each config UPN must name a member of the tenant
 * (no unknown, guest or deleted user, no account named twice), each problem naming the key and the UPN; the ids
 * found are used on both sides, so a break-glass UPN matches the id the program deployed in its place.
 */
export async function resolvePackUserNames(
  policy: string,
  config: PackConfig,
  resources: readonly StackResource[],
  lookUp: LookUpUserNames,
): Promise<{ readonly userIds: UserIds; readonly problems: readonly string[] }> {
  const names = userNamesToResolve(config, resources);
  const cloud = resources.find((r) => typeof r.props.cloud === "string")?.props.cloud as Cloud | undefined;
  let looked: ReadonlyMap<string, NamedUser | undefined>;
  try {
    looked = await lookUp(names, cloud);
  } catch (err) {
    return {
      userIds: new Map(),
      problems: [
        `policy pack config ${policy}.breakGlassUsers: the user principal names could not be resolved through Microsoft Graph ` +
          `(${(err as Error).message}); grant the credentials ${GRAPH_ENDPOINTS.userByName.permission}, or give the accounts' object ids`,
      ],
    };
  }
  const { issues } = resolveUserNames({ breakGlassUsers: [...config.breakGlassUsers] }, looked);
  const userIds = new Map<string, string>();
  for (const [name, user] of looked) if (user && !user.deleted && user.userType.toLowerCase() !== "guest") userIds.set(name, user.id);
  return { userIds, problems: issues.map((i) => `policy pack config ${policy}.breakGlassUsers: ${i.message}`) };
}

/** The lookups made with each environment (the analyzer's: process.env), by the names and cloud asked. */
const LOOKUPS = new WeakMap<NodeJS.ProcessEnv, Map<string, Promise<ReadonlyMap<string, NamedUser | undefined>>>>();

/**
 * The lookup a pack run makes: the Graph client of the environment `pulumi preview` gives the analyzer. Both of the
 * pack's policies judge the same stack in one analyzer process: the same names are looked up once.
 */
export function lookUpFromEnvironment(env: NodeJS.ProcessEnv): LookUpUserNames {
  const asked = LOOKUPS.get(env) ?? new Map<string, Promise<ReadonlyMap<string, NamedUser | undefined>>>();
  LOOKUPS.set(env, asked);
  return (names, cloud) => {
    const key = JSON.stringify([cloud ?? null, [...names].map((n) => n.toLowerCase()).sort()]);
    let answer = asked.get(key);
    if (!answer) {
      const { graphClientFromEnvironment } = require("../graph/fromEnvironment") as typeof import("../graph/fromEnvironment");
      const { lookUpUserNames } = require("../graph/userNames") as typeof import("../graph/userNames");
      // A refused lookup is not kept: the next policy asks again (and reports the refusal itself).
      answer = Promise.resolve()
        .then(() => lookUpUserNames(graphClientFromEnvironment(cloud, env), names))
        .catch((err) => {
          asked.delete(key);
          throw err;
        });
      asked.set(key, answer);
    }
    return answer;
  };
}
