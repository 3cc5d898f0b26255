import * as pulumi from "@pulumi/pulumi";
import { isPolicyResource, policyOfResource } from "../components/policyResources";
import { BaselineRejectedError } from "../components/errors";
import type { LiveTenant } from "../live/tenant";
import { main as runProgram, PROGRAM_COMPONENT, type ProgramOutputs } from "../program";
import { errorsOf, formatRejection } from "../guard/runGuard";
import {
  AUTHENTICATION_METHODS_TYPE,
  NAMED_LOCATION_TYPE,
  SECURITY_DEFAULTS_TYPE,
  sharedRecorder,
  waitForRegistrations,
  withoutProviderSerialization,
} from "./mockEngine";
import { runTransitionGuard } from "../guard/transitions";
import type { TenantState } from "../policies/tenantState";
import { plannedNamedLocations } from "./namedLocations";
import type { PlannedResource, PlanResult } from "../documents/planResult";
import { policyResourceName } from "../components/entraBaseline";
import { Cloud, CLOUDS, POLICY_KEYS } from "../config/types";
import type { BaselineConfig } from "../config/keys";
import type { StackPolicies } from "../guard/input";
import { adoptEntries, customImports, customOwnershipKey } from "../components/decideBaseline";
import { rawConfigFromPulumi } from "../config/fromPulumi";
import { computeDrift } from "../live/drift";
import { AuthenticationMethodsState, authenticationMethodChanges } from "../policies/authenticationMethods";
import { DEFAULT_STACKS_DIR, readStackConfig } from "../documents/stackFile";
import { PlanRejectedError } from "../documents/errors";

export interface RunPlanOptions {
  /** Stack name: reads `Pulumi.<stack>.yaml`. */
  readonly stack: string;
  /**
   * Folder of the stack files.
   * @default - the project's `stacks/`
   */
  readonly stacksDir?: string;
  /**
   * The config bag to use instead of the stack file (keys with namespace, values as Pulumi passes them).
   * @default - read from the stack file
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * The tenant as it is (for example the previous deployment's plan): the migration rules
   * then check the order of the change from it.
   * @default - no transition check
   */
  readonly previous?: TenantState;
  /**
   * The tenant as read from Graph (`--against live`): the live rules run, and the result carries the drift.
   * @default - offline: the tenant is not read
   */
  readonly liveTenant?: LiveTenant;
  /**
   * Reads the tenant for `--against live`, given the stack's cloud; the live rules run and the
   * result carries the drift.
   * @default - offline: the tenant is not read
   */
  readonly readTenant?: (cloud: Cloud, config: Record<string, unknown>) => Promise<LiveTenant>;
  /**
   * The tenant policy ids the stack's state holds, by policy key (`--state`): the live rules and
   * the drift match the stack's policies by them, so a same-name copy is not taken for its own.
   * @default - not known: tenant policies are matched by display name
   */
  readonly policyIdsInState?: Readonly<Record<string, string>>;
  /**
   * Serialize the dynamic providers' code, as `pulumi up` does. The plan leaves that code out of its
   * result, so skipping it changes nothing in the plan and saves most of its time.
   * @default false
   */
  readonly serializeProviders?: boolean;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the real program (`program.ts`, what `index.ts` hands Pulumi) under Pulumi's mock engine with a stack's configuration
 * and returns what `pulumi up` would declare. Runs one at a time: the engine is process-global.
 */
export function runPlan(options: RunPlanOptions): Promise<PlanResult> {
  const run = queue.then(() => runOnce(options));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(options: RunPlanOptions): Promise<PlanResult> {
  const config = options.config ?? readStackConfig(options.stack, options.stacksDir ?? DEFAULT_STACKS_DIR);
  const liveTenant = options.liveTenant ?? (options.readTenant ? await options.readTenant(cloudOf(config), rawConfigFromPulumi(config)) : undefined);
  const recorder = sharedRecorder();
  recorder.reset();
  pulumi.runtime.setAllConfig({ ...config });
  const declare = async (): Promise<ProgramOutputs> => {
    try {
      return await runProgram({ offline: true, liveTenant, policyIdsInState: options.policyIdsInState, stack: options.stack });
    } catch (err) {
      if (err instanceof BaselineRejectedError) throw new PlanRejectedError(err.message, err.configIssues, err.findings);
      throw err;
    } finally {
      await waitForRegistrations();
    }
  };
  const program = options.serializeProviders ? await declare() : await withoutProviderSerialization(declare);

  const problems = recorder.findings;
  if (problems.length > 0) {
    throw new PlanRejectedError(
      ["the azuread provider would refuse these inputs:", ...problems.map((p) => `  - [${p.rule}] ${p.message}`)].join("\n"),
      [],
      problems,
    );
  }
  const resources = inDeclarationOrder(recorder.resources).map((r) => ({ ...r, inputs: withoutProviderCode(r.inputs) }));
  const securityDefaults = resources.find((r) => r.type === SECURITY_DEFAULTS_TYPE);
  const result: PlanResult = {
    stack: options.stack,
    plan: program.settings.plan,
    protection: program.settings.protection,
    securityDefaults: { isEnabled: securityDefaults?.inputs.isEnabled === true },
    breakGlass: { users: program.settings.breakGlassUsers, groups: program.settings.breakGlassGroups },
    ...(program.settings.pilotGroup ? { pilotGroup: program.settings.pilotGroup } : {}),
    ...(program.settings.mfaTrustedIps ? { mfaTrustedIps: program.settings.mfaTrustedIps } : {}),
    conditionalAccessPolicies: resources.filter((r) => isPolicyResource(r.type)).map((r) => policyOfResource(r.type, r.inputs)),
    namedLocations: plannedNamedLocations(resources),
    resources,
    findings: program.guardFindings,
  };
  const withDrift = liveTenant
    ? {
        ...result,
        drift: computeDrift(liveTenant, result, stackPoliciesOfPlan(result, program.settings, options.policyIdsInState)),
        ...(liveTenant.perUserMfa ? { perUserMfa: liveTenant.perUserMfa } : {}),
        ...(liveTenant.step1 ? { step1: liveTenant.step1 } : {}),
        ...authenticationMethodsDrift(liveTenant, resources),
      }
    : result;
  return options.previous ? checkTransition(options.previous, withDrift) : withDrift;
}

/** The plan's policies by config key (from their resource names), what it adopts and the state's ids: how drift pairs them with the tenant's. */
function stackPoliciesOfPlan(result: PlanResult, settings: BaselineConfig, stateIds?: Readonly<Record<string, string>>): StackPolicies {
  const policyResources = result.resources.filter((r) => isPolicyResource(r.type));
  const customPrefix = `${PROGRAM_COMPONENT}-custom-`;
  const keyOf = (name: string, displayName: string) =>
    POLICY_KEYS.find((key) => policyResourceName(PROGRAM_COMPONENT, key) === name) ??
    (name.startsWith(customPrefix) ? customOwnershipKey(name.slice(customPrefix.length)) : displayName);
  const imports = customImports(settings);
  return {
    declared: policyResources.map((r, i) => ({
      key: keyOf(r.name, result.conditionalAccessPolicies[i].displayName),
      policy: result.conditionalAccessPolicies[i],
    })),
    adopt: adoptEntries(settings),
    ...(stateIds ? { stateIds } : {}),
    imports,
    acknowledged: settings.unmanagedPolicies,
  };
}

function checkTransition(previous: TenantState, result: PlanResult): PlanResult {
  const findings = runTransitionGuard(previous, {
    plan: result.plan,
    protection: result.protection,
    securityDefaults: result.securityDefaults,
    breakGlassUsers: result.breakGlass.users,
    breakGlassGroups: result.breakGlass.groups,
    policies: result.conditionalAccessPolicies,
  });
  if (errorsOf(findings).length > 0) throw new PlanRejectedError(formatRejection(findings), [], findings);
  return { ...result, findings: [...result.findings, ...findings] };
}

/** What applying the stack would change in the authentication methods policy, when the stack manages it. */
function authenticationMethodsDrift(tenant: LiveTenant, resources: readonly PlannedResource[]) {
  const declared = resources.find((r) => r.type === AUTHENTICATION_METHODS_TYPE);
  if (!declared || !tenant.authenticationMethods) return {};
  const changes = authenticationMethodChanges(tenant.authenticationMethods, declared.inputs as unknown as AuthenticationMethodsState);
  return { authenticationMethods: { changes, enforcedByMicrosoft: tenant.authenticationMethods.enforcedByMicrosoft } };
}

/** The stack's cloud, read before the program runs so the tenant can be read first. */
function cloudOf(config: Readonly<Record<string, string>>): Cloud {
  const cloud = rawConfigFromPulumi(config).cloud;
  return CLOUDS.find((known) => known === cloud) ?? "global";
}

/** The engine sees registrations in the order they resolve; the plan lists them as the program declares them. */
function inDeclarationOrder(resources: readonly PlannedResource[]): PlannedResource[] {
  const rank = (r: PlannedResource) => {
    const policy = POLICY_KEYS.findIndex((key) => r.name === policyResourceName(PROGRAM_COMPONENT, key));
    if (policy >= 0) return 10 + policy;
    if (isPolicyResource(r.type)) return 20; // custom policies, after the baseline (azuread's or Graph-backed)
    if (r.type === NAMED_LOCATION_TYPE) return 2;
    return r.type === SECURITY_DEFAULTS_TYPE ? 1 : r.type.startsWith("pulumi-nodejs:dynamic/") ? 100 : 0;
  };
  return resources
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

/** The serialized dynamic provider is code, not configuration: it is left out of the plan. */
function withoutProviderCode(inputs: Record<string, unknown>): Record<string, unknown> {
  const { __provider, ...rest } = inputs;
  return __provider === undefined ? inputs : rest;
}
