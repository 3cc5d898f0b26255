import { rawConfigFromPulumi } from "../config/fromPulumi";
import type { GraphClient } from "../graph/client";
import type { DriftReport } from "../live/drift";
import { readTenant } from "../live/readTenant";
import { methodGroupsOf } from "../live/rules/authMethodsUsable";
import type { Step1Report } from "../step1/step1Report";
import type { LiveTenant } from "../live/tenant";
import { PlanRejectedError } from "../documents/errors";
import type { PlanResult } from "../documents/planResult";
import { runPlan } from "../plan/runPlan";
import type { Finding } from "../guard/finding";
import { failureOf, TenantTimeoutError } from "./failure";
import type { FleetCommand, FleetDriftItem, FleetFinding, FleetReportOnlyPolicy, FleetRow, FleetStep1 } from "./result";
import type { FleetStack } from "./select";
import type { WhatIfSummary } from "./whatIf";

/** A tenant's Graph client and the tenant it signs in to. */
export interface TenantConnection {
  readonly client: GraphClient;
  readonly tenantId: string;
}

/** What one tenant's run depends on, handed in so specs and the bench choose it. */
export interface TenantRunContext {
  readonly command: FleetCommand;
  readonly stacksDir: string;
  /** The tenant's own client; throws `CredentialsError` when its credentials are missing or name another tenant. */
  readonly connect: (stack: FleetStack) => TenantConnection;
  /** The what-if's gaps and lockouts of a plan (memoized: many tenants share a policy set). */
  readonly whatIf: (plan: PlanResult) => WhatIfSummary;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Longest time one tenant may take; then its row fails with `timeout` and the fleet goes on. */
  readonly tenantTimeoutMs: number;
}

const LIVE: readonly FleetCommand[] = ["drift", "step1", "report"];
const WITH_WHATIF: readonly FleetCommand[] = ["whatif", "drift", "report"];
const WITH_STEP1: readonly FleetCommand[] = ["step1", "report"];
const WITH_DRIFT: readonly FleetCommand[] = ["drift", "report"];

const asFindings = (findings: readonly Finding[]): FleetFinding[] =>
  findings.filter((f) => f.severity !== "info").map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }));

function guardOf(findings: readonly Finding[]): FleetRow["guard"] {
  return {
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    findings: asFindings(findings),
  };
}

function driftItems(drift: DriftReport): FleetDriftItem[] {
  const items: FleetDriftItem[] = [];
  if (drift.securityDefaults.status === "change") items.push({ displayName: "Security Defaults", status: "securityDefaults" });
  for (const p of drift.policies) {
    if (p.status === "unchanged" || (p.status === "unmanaged" && p.microsoftManaged)) continue;
    const fields = "changes" in p ? p.changes.map((c) => c.field) : undefined;
    items.push({ displayName: p.displayName, status: p.status, ...(fields && fields.length > 0 ? { fields } : {}) });
  }
  return items;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Step 1 in two percentages over every user, admins included. */
export function step1Summary(report: Step1Report): FleetStep1 {
  if (!report.available) return { available: false, reason: report.reason, requiredBySecurityDefaults: report.requiredBySecurityDefaults };
  const users = report.members.users + report.admins.users;
  const sum = (k: "requiredBySecurityDefaults" | "requiredByConditionalAccess" | "mfaRegistered") => report.members[k] + report.admins[k];
  const pct = (n: number) => (users === 0 ? 0 : round1((100 * n) / users));
  return {
    available: true,
    users,
    requiredPercent: pct(sum("requiredBySecurityDefaults") + sum("requiredByConditionalAccess")),
    registeredPercent: pct(sum("mfaRegistered")),
    gaps: report.gaps.length,
  };
}

/** The tenant's policies in report-only, with the date Graph last changed them. */
function reportOnlyPolicies(tenant: LiveTenant): FleetReportOnlyPolicy[] {
  return tenant.policies
    .filter((p) => p.state === "enabledForReportingButNotEnforced")
    .map((p) => {
      const since = p.graph?.modifiedDateTime ?? p.graph?.createdDateTime;
      return { id: p.id, displayName: p.displayName, ...(typeof since === "string" ? { since } : {}) };
    });
}

function policyCounts(plan: PlanResult): FleetRow["policies"] {
  const states = plan.conditionalAccessPolicies.map((p) => p.state);
  return {
    enabled: states.filter((s) => s === "enabled").length,
    reportOnly: states.filter((s) => s === "enabledForReportingButNotEnforced").length,
    disabled: states.filter((s) => s === "disabled").length,
  };
}

type RowBody = Omit<FleetRow, "stack" | "tags" | "status" | "startedAt" | "durationMs">;

async function readLive(stack: FleetStack, context: TenantRunContext): Promise<{ tenant: LiveTenant; tenantId: string }> {
  const { client, tenantId } = context.connect(stack);
  const raw = rawConfigFromPulumi(stack.config!);
  const breakGlassUsers = Array.isArray(raw.breakGlassUsers) ? raw.breakGlassUsers.map(String) : [];
  const tenant = await readTenant(
    client,
    WITH_STEP1.includes(context.command) ? { authenticationMethods: { breakGlassUsers, methodGroups: methodGroupsOf(raw.authenticationMethods) } } : {},
  );
  return { tenant, tenantId };
}

async function rowBody(stack: FleetStack, context: TenantRunContext): Promise<RowBody> {
  if (stack.failure) throw Object.assign(new Error(stack.failure.message), { fleetFailure: stack.failure });
  const command = context.command;
  const live = LIVE.includes(command) ? await readLive(stack, context) : undefined;
  const plan = await runPlan({ stack: stack.name, stacksDir: context.stacksDir, config: stack.config, liveTenant: live?.tenant });
  return {
    ...(live ? { tenantId: live.tenantId } : {}),
    plan: plan.plan,
    protection: plan.protection,
    securityDefaults: plan.securityDefaults.isEnabled,
    policies: policyCounts(plan),
    guard: guardOf(plan.findings),
    ...(WITH_DRIFT.includes(command) && plan.drift ? { drift: { drifted: plan.drift.drifted, items: driftItems(plan.drift) } } : {}),
    ...(WITH_WHATIF.includes(command) ? { whatif: context.whatIf(plan) } : {}),
    ...(WITH_DRIFT.includes(command) && live ? { reportOnly: reportOnlyPolicies(live.tenant) } : {}),
    ...(WITH_STEP1.includes(command) && plan.step1 ? { step1: step1Summary(plan.step1) } : {}),
  };
}

/** Runs `body`, or fails with a timeout after `ms`. */
function withDeadline<T>(body: Promise<T>, ms: number, stack: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new TenantTimeoutError(`${stack}: no result within ${ms / 1000} s; the tenant or Graph is too slow, raise --tenant-timeout or run it alone`)),
      ms,
    );
  });
  return Promise.race([body, deadline]).finally(() => clearTimeout(timer));
}

/** One tenant's row: its result, or its failure on the row. It never throws, so the fleet always finishes. */
export async function tenantRow(stack: FleetStack, context: TenantRunContext): Promise<FleetRow> {
  const started = context.now();
  const head = { stack: stack.name, ...(tenantIdOf(stack) ? { tenantId: tenantIdOf(stack) } : {}), tags: stack.tags };
  const timing = () => ({ startedAt: new Date(started).toISOString(), durationMs: Math.max(0, context.now() - started) });
  try {
    const body = await withDeadline(rowBody(stack, context), context.tenantTimeoutMs, stack.name);
    return { ...head, ...body, status: "ok", ...timing() };
  } catch (err) {
    const failure = (err as { fleetFailure?: FleetRow["failure"] }).fleetFailure ?? failureOf(err);
    const guard = err instanceof PlanRejectedError && err.findings.length > 0 ? { guard: guardOf(err.findings) } : {};
    return { ...head, status: "failed", failure, ...guard, ...timing() };
  }
}

/** The tenant id the stack states, for the row even when its run fails. */
function tenantIdOf(stack: FleetStack): string | undefined {
  const id = stack.config ? rawConfigFromPulumi(stack.config).tenantId : undefined;
  return typeof id === "string" ? id : undefined;
}
