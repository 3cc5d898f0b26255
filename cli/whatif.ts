import { Option } from "commander";
import { canonicalId } from "../config/objectIds";
import { DEVICE_PLATFORMS, DevicePlatform, GUEST_OR_EXTERNAL_USER_TYPES, GuestOrExternalUserType } from "../policies/facts";
import { PRIVILEGED_ROLES } from "../policies/wellKnownIds";
import { KNOWN_APPS } from "../whatif/applications";
import { COMPLIANT_DEVICE, HYBRID_JOINED_DEVICE } from "../whatif/personas";
import { coverageReport } from "../whatif/coverage";
import { addsGapOrLockout, coverageDelta, formatDeltaMarkdown, formatDeltaText } from "../whatif/delta";
import { readPlanFile } from "../documents/documents";
import { formatCoverage, formatEvaluation } from "../whatif/format";
import { planEvaluator, planExclusions } from "../whatif/planEvaluator";
import { RISK_STATES, type RiskState, type SignIn } from "../whatif/signIn";
import { SIGN_IN_CLIENT_APP_TYPES } from "../policies/graphTypes";
import { formatCoverageMarkdown } from "../report/markdown";
import { command, commandLine, parseArguments, runAsScript } from "./runCommand";
import { runPlan } from "../plan/runPlan";
import { theOnlyStack } from "../documents/stackFile";
import { EXIT, UsageError } from "../documents/errors";

const APPS: Record<string, string> = {
  any: KNOWN_APPS.lineOfBusiness,
  office365: KNOWN_APPS.exchangeOnline,
  "azure-management": KNOWN_APPS.azureManagement,
  "admin-portals": KNOWN_APPS.adminCenter,
};

/** `text` for a terminal, `md` (or `markdown`) for a job summary or pull request, `json` for tools (as `--json`). */
const FORMATS = ["text", "md", "markdown", "json"] as const;

interface Options {
  base?: string;
  head?: string;
  title?: string;
  stack?: string;
  json?: boolean;
  format?: (typeof FORMATS)[number];
  stacksDir?: string;
  user?: string;
  userRole?: string;
  group?: string[];
  guest?: boolean;
  app?: string;
  clientApp?: string;
  signInRisk?: string;
  userRisk?: string;
  guestType?: string;
  homeTenant?: string;
  platform?: string;
  ip?: string;
  country?: string;
  device?: string;
  authFlow?: string;
  gpsCountry?: string;
  intranet?: boolean;
  insiderRisk?: string;
}

/** The devices a scenario can sign in from (`--device`): unregistered unless told. */
const DEVICES: Record<string, SignIn["device"] | undefined> = {
  unregistered: undefined,
  registered: { trustType: "Workplace" },
  compliant: COMPLIANT_DEVICE,
  "hybrid-joined": HYBRID_JOINED_DEVICE,
};

function roleId(value: string): string {
  const byName = Object.entries(PRIVILEGED_ROLES).find(([, name]) => name.toLowerCase() === value.toLowerCase());
  if (byName) return byName[0];
  if (/^[0-9a-f-]{36}$/i.test(value)) return canonicalId(value);
  throw new UsageError(`--user-role ${value}: not a role template id or one of ${Object.values(PRIVILEGED_ROLES).join(", ")}`);
}

function scenario(o: Options): SignIn | undefined {
  const asked =
    o.user ||
    o.userRole ||
    o.group ||
    o.guest ||
    o.app ||
    o.clientApp ||
    o.signInRisk ||
    o.userRisk ||
    o.guestType ||
    o.platform ||
    o.ip ||
    o.country ||
    o.device ||
    o.authFlow ||
    o.gpsCountry ||
    o.intranet ||
    o.insiderRisk;
  if (!asked) return undefined;
  return {
    // Object ids as the plan holds them (lower-cased at its edge): Entra ignores their case.
    userId: canonicalId(o.user ?? "what-if-user"),
    groupIds: (o.group ?? []).map(canonicalId),
    roleIds: o.userRole ? [roleId(o.userRole)] : [],
    userType: o.guest || (o.guestType && o.guestType !== "b2bCollaborationMember") ? "guest" : "member",
    ...(o.guestType ? { guestOrExternalUserType: o.guestType as GuestOrExternalUserType } : {}),
    ...(o.homeTenant ? { homeTenantId: o.homeTenant } : {}),
    devicePlatform: (o.platform ?? "windows") as DevicePlatform | "unknown",
    ...(o.ip ? { ipAddress: o.ip } : {}),
    ...(o.country ? { countryCode: o.country.toUpperCase() } : {}),
    ...(o.gpsCountry ? { gpsCountryCode: o.gpsCountry.toUpperCase() } : {}),
    ...(o.intranet ? { insideCorporateNetwork: true } : {}),
    ...(o.device && DEVICES[o.device] ? { device: DEVICES[o.device] } : {}),
    ...(o.authFlow ? { authenticationFlow: o.authFlow } : {}),
    ...(o.insiderRisk ? { insiderRisk: o.insiderRisk } : {}),
    applicationId: canonicalId(APPS[o.app ?? "any"] ?? o.app!),
    clientAppType: (o.clientApp ?? "browser") as SignIn["clientAppType"],
    signInRisk: (o.signInRisk ?? "none") as RiskState,
    userRisk: (o.userRisk ?? "none") as RiskState,
  };
}

/** `npm run whatif`: gaps and lockouts of a stack's planned policies, or one sign-in. Exit codes: `documents/errors.ts`. */
export const main = command("whatif", async (argv, io) => {
  const program = commandLine("whatif", "simulate sign-ins against a stack's planned policies: a coverage report of gaps and lockouts, or one scenario", io)
    .option("--stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml (default: the only stack file there)")
    .option("--json", "print JSON instead of text")
    .addOption(
      new Option("--format <format>", "text (default), md (or markdown) for a job summary or pull request (the coverage report), json").choices(FORMATS),
    )
    .option("--stacks-dir <dir>", "folder of the stack files")
    .option("--user <objectId>", "scenario: the user's object id (a break-glass id, an excluded account …)")
    .option("--user-role <role>", "scenario: a directory role the user holds (name or template id)")
    .option("--group <objectId...>", "scenario: groups the user is in")
    .option("--guest", "scenario: the user is a guest")
    .option("--app <app>", "scenario: any, office365, azure-management, admin-portals or an application id")
    .addOption(new Option("--client-app <type>", "scenario: client app type").choices(SIGN_IN_CLIENT_APP_TYPES))
    .addOption(new Option("--sign-in-risk <level>", "scenario: sign-in risk").choices(RISK_STATES))
    .addOption(new Option("--user-risk <level>", "scenario: user risk").choices(RISK_STATES))
    .addOption(new Option("--guest-type <type>", "scenario: the kind of guest or external user").choices(GUEST_OR_EXTERNAL_USER_TYPES))
    .option("--home-tenant <tenantId>", "scenario: the external user's home tenant")
    .addOption(
      new Option("--platform <platform>", "scenario: device platform (default windows; unknown: not identified)").choices([...DEVICE_PLATFORMS, "unknown"]),
    )
    .option("--ip <address>", "scenario: the client's IP address, matched against named locations")
    .option("--country <code>", "scenario: the sign-in's country (ISO 3166 alpha-2)")
    .option("--base <plan.json>", "delta: the plan before the change (npm run plan -- --json); with --head, only new gaps and lockouts count")
    .option("--head <plan.json>", "delta: the plan after the change")
    .option("--title <text>", "delta: the markdown headline, e.g. the stack name")
    .option("--gps-country <code>", "scenario: the country of the Authenticator app's GPS location (country locations that look up by GPS)")
    .option("--intranet", "scenario: a federated user's sign-in with AD FS's insidecorporatenetwork claim")
    .addOption(new Option("--device <state>", "scenario: the device (default unregistered)").choices(Object.keys(DEVICES)))
    .addOption(new Option("--auth-flow <flow>", "scenario: an authentication flow in use").choices(["deviceCodeFlow", "authenticationTransfer"]))
    .addOption(new Option("--insider-risk <level>", "scenario: insider risk (Purview adaptive protection)").choices(["minor", "moderate", "elevated"]));
  const ended = parseArguments(program, argv);
  if (ended !== undefined) return ended;
  const o = program.opts<Options>();
  if (o.base !== undefined || o.head !== undefined || o.title !== undefined) return delta(o, io);
  const signIn = scenario(o);
  const plan = await runPlan({ stack: o.stack ?? theOnlyStack(o.stacksDir), stacksDir: o.stacksDir });
  if (signIn) {
    const evaluation = planEvaluator(plan)(signIn);
    const excluded = planExclusions(plan, signIn);
    io.stdout(`${o.json || o.format === "json" ? JSON.stringify({ signIn, ...evaluation, excluded }, null, 2) : formatEvaluation(evaluation, excluded)}\n`);
    return EXIT.ok;
  }
  const report = coverageReport(plan);
  const as = o.json ? "json" : (o.format ?? "text");
  io.stdout(
    as === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : as === "text"
        ? `${formatCoverage(report, { color: io.color })}\n`
        : formatCoverageMarkdown(report),
  );
  return report.gaps.length + report.lockouts.length > 0 ? EXIT.gapsOrLockouts : EXIT.ok;
});

/**
 * The what-if of a change: the coverage of two plans compared, for a pull request or a deployment to
 * gate on. Exit 6 when the head has a gap or lockout the base did not, else 0.
 */
function delta(o: Options, io: { stdout: (text: string) => void }): number {
  if (o.base === undefined || o.head === undefined) {
    throw new UsageError(`missing ${o.base === undefined ? "--base" : "--head"}: the delta compares two plans, --base <plan.json> --head <plan.json>`);
  }
  if (o.stack !== undefined || o.stacksDir !== undefined || scenario(o) !== undefined) {
    throw new UsageError("--base/--head compare two plans: --stack, --stacks-dir and the scenario options do not apply; drop them, or drop --base/--head");
  }
  const result = coverageDelta(coverageReport(readPlanFile(o.base, "--base")), coverageReport(readPlanFile(o.head, "--head")));
  const as = o.json ? "json" : (o.format ?? "text");
  io.stdout(as === "json" ? `${JSON.stringify(result, null, 2)}\n` : as === "text" ? `${formatDeltaText(result)}\n` : formatDeltaMarkdown(result, o.title));
  return addsGapOrLockout(result) ? EXIT.gapsOrLockouts : EXIT.ok;
}

if (require.main === module) runAsScript(main);
