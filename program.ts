import * as pulumi from "@pulumi/pulumi";
import { argsOfValidated, EntraBaseline } from "./components/entraBaseline";
import { stackIdentity } from "./live/ownership";
import { methodGroupsOf } from "./live/rules/authMethodsUsable";
import { BaselineRejectedError } from "./components/errors";
import { readRawConfig } from "./config/fromPulumi";
import type { BaselineConfig } from "./config/keys";
import type { LiveChecks } from "./config/types";
import { validateConfig } from "./config/validate";
import type { Finding } from "./guard/finding";
import { GRAPH_ENDPOINTS } from "./graph/endpointTable";
import type { LiveTenant } from "./live/tenant";
import { resolveUserNames, userNameEntries, userNamesIn } from "./live/userNames";
import { environmentHasCredentials } from "./graph/fromEnvironment";

export interface ProgramOptions {
  /**
   * The stack's name, for the ownership marker (the offline plan runs every stack under one mock stack).
   * @default - the running Pulumi stack
   */
  readonly stack?: string;
  /**
   * The tenant as already read (the offline plan's `--against live`).
   * @default - read by the live checks when `liveChecks` asks for it
   */
  readonly liveTenant?: LiveTenant;
  /**
   * Never read the tenant, whatever `liveChecks` says (the offline plan).
   * @default false
   */
  readonly offline?: boolean;
  /**
   * Reads the tenant.
   * @default - through Microsoft Graph with credentials from the environment
   */
  readonly readTenant?: (cloud: string) => Promise<LiveTenant>;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The tenant policy ids the stack's state holds, by policy key (the offline plan's `--state`).
   * @default - when the tenant is read by `pulumi up`/`preview`: the stack's own previous `policyIds` output
   */
  readonly policyIdsInState?: Readonly<Record<string, string>>;
  /**
   * Reads the stack's previous `policyIds` output.
   * @default - a StackReference to the stack itself ({@link readOwnPolicyIds})
   */
  readonly readPolicyIdsInState?: () => Promise<Readonly<Record<string, string>> | undefined>;
}

/**
 * The policy ids the stack's last deployment exported, read through a StackReference to the stack
 * itself (the engine reads its latest checkpoint; a stack never deployed, or whose state was lost,
 * has none). Undefined, with a warning, when it cannot be read: the live rules then match by name.
 */
export async function readOwnPolicyIds(): Promise<Readonly<Record<string, string>> | undefined> {
  // Only a deployment has a state to read (the offline plan and tests pass the ids instead).
  if (!pulumi.runtime.hasEngine()) return undefined;
  try {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`);
    const details = await self.getOutputDetails("policyIds");
    const ids = details.value ?? details.secretValue;
    if (ids === undefined || ids === null) return {};
    if (typeof ids !== "object") return undefined;
    return Object.fromEntries(Object.entries(ids as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch (err) {
    void pulumi.log.warn(
      `entra-baseline could not read this stack's previous policyIds output (${(err as Error).message}); tenant policies are matched by display name`,
    );
    return undefined;
  }
}

/** The name of the program's one EntraBaseline component. */
export const PROGRAM_COMPONENT = "entra-baseline";

/** What the stack exports. */
export interface ProgramOutputs {
  readonly settings: EntraBaseline["settings"];
  readonly securityDefaultsEnabled: pulumi.Output<boolean>;
  readonly policyIds: Record<string, pulumi.Output<string>>;
  readonly guardFindings: readonly Finding[];
}

/** Credentials a pipeline or laptop would give the Graph client without prompting (declared in graph/, which the policy pack reads too). */
export { environmentHasCredentials };

/** Whether this run reads the tenant: `on` always (and fails clearly without credentials), `auto` when credentials are there. */
export function shouldReadTenant(liveChecks: LiveChecks, env: NodeJS.ProcessEnv): boolean {
  if (liveChecks === "off") return false;
  if (liveChecks === "on") return true;
  return environmentHasCredentials(env);
}

/**
 * The validated configuration with users named by UPN resolved to object ids, when the tenant was read
 * (`pulumi up`/`preview` with credentials, `plan --against live`); as written otherwise (the offline plan
 * and a preview without credentials show the UPNs, and the guard compares them as written). A deployment
 * never sends a UPN to Graph: `pulumi up` without the tenant refuses, naming each UPN. The ids Graph gave
 * are object ids already (lower-cased, checked at the Graph edge), so the configuration is not validated again.
 */
function resolvedUsers(config: BaselineConfig, userNames: readonly string[], liveTenant: LiveTenant | undefined, deploying: boolean): BaselineConfig {
  if (userNames.length === 0) return config;
  if (liveTenant?.userNames) {
    const { raw: resolved, issues } = resolveUserNames(config, liveTenant.userNames);
    if (issues.length > 0) throw new BaselineRejectedError(issues, []);
    return resolved as unknown as BaselineConfig;
  }
  if (deploying) {
    throw new BaselineRejectedError(
      userNameEntries(config).map(({ key, name }) => ({
        key,
        message:
          `"${name}" is a user principal name, which pulumi up resolves to an object id through Microsoft Graph, but the tenant was not read ` +
          `(liveChecks: off, or no credentials in the environment); ` +
          `give the credentials (${GRAPH_ENDPOINTS.userByName.permission}), or the account's object id`,
      })),
      [],
    );
  }
  return config;
}

/**
 * The Pulumi program: validate the configuration, read the tenant when the live checks
 * apply, then declare the baseline. Nothing is registered when anything is rejected.
 */
export async function main(options: ProgramOptions = {}): Promise<ProgramOutputs> {
  const env = options.env ?? process.env;
  const { raw, issues: keyIssues } = readRawConfig(pulumi.runtime.allConfig());
  const validation = validateConfig(raw);
  // Every problem at once: the keys' own (a look-alike namespace, a key twice, a prototype key) and the values'.
  if (!validation.ok || keyIssues.length > 0) throw new BaselineRejectedError([...keyIssues, ...(validation.ok ? [] : validation.issues)], []);
  const { liveChecks, cloud } = validation.config;
  const userNames = userNamesIn(raw);

  let liveTenant = options.liveTenant;
  if (!liveTenant && !options.offline && shouldReadTenant(liveChecks, env)) {
    const readTenant =
      options.readTenant ??
      ((c: string) =>
        require("./live/readTenant").readTenantFromEnvironment(c, env, (line: string) => void pulumi.log.info(line), {
          // The audit costs one $batch request per 20 users: only when the stack acts on per-user MFA.
          auditPerUserMfa: validation.config.perUserMfa !== "leave",
          // The registration details cost a request per 999 users: only when the stack manages the methods.
          ...(validation.config.authenticationMethods
            ? {
                authenticationMethods: {
                  breakGlassUsers: validation.config.breakGlassUsers,
                  methodGroups: methodGroupsOf(validation.config.authenticationMethods),
                },
              }
            : {}),
          // Users named by UPN: resolved to object ids before the guard runs.
          userNames,
        }));
    try {
      liveTenant = await readTenant(cloud);
    } catch (err) {
      throw new pulumi.RunError(
        `entra-baseline live checks (liveChecks: ${liveChecks}) could not read the tenant: ${(err as Error).message}. ` +
          `Fix the credentials or permissions, or set entra-baseline:liveChecks to off to skip them`,
      );
    }
  }

  const config = resolvedUsers(validation.config, userNames, liveTenant, !options.offline && !pulumi.runtime.isDryRun());

  // Only worth reading when the tenant was: the ids tell the stack's own tenant policies from copies.
  const policyIdsInState =
    options.policyIdsInState ?? (liveTenant && !options.offline ? await (options.readPolicyIdsInState ?? readOwnPolicyIds)() : undefined);
  const stack = stackIdentity(pulumi.getProject(), options.stack ?? pulumi.getStack());
  const baseline = new EntraBaseline(PROGRAM_COMPONENT, argsOfValidated(config, { liveTenant, policyIdsInState, stack }));
  return {
    settings: baseline.settings,
    securityDefaultsEnabled: baseline.securityDefaults.isEnabled,
    policyIds: Object.fromEntries(Object.entries(baseline.policies).map(([key, policy]) => [key, policy!.id])),
    guardFindings: baseline.findings,
  };
}
