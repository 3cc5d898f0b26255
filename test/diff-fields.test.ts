import { expect } from "chai";
import fc from "fast-check";
import { POLICY_FIELDS } from "../config/graph/policyFields";
import { setAt } from "../config/graph/policyShape";
import { exitCodeOf } from "../diff/format";
import { semanticDiff } from "../diff/semanticDiff";
import type { PlanResult } from "../documents/planResult";
import { parseDeviceFilterRule } from "../config/deviceFilterRule";
import { deviceFilterScopeChange, deviceFilterTest, SignInDevice } from "../policies/facts";
import { deviceFilterTree, printRule, stringComparison } from "./support/deviceFilterArbitraries";
import { ALL_USERS, P2_ENFORCED } from "./fixtures/diffPlans";
import { FIELD_SAMPLES as SAMPLES } from "./support/policyArbitraries";

const BASE = P2_ENFORCED;
const SP = "3f9d8a7b-1c2e-4d5f-8a9b-0c1d2e3f4a5b";

/** A deep copy of the enforced p2 plan, its all-users policy changed by `mutate`. */
function withPolicy(mutate: (p: any) => void, from: PlanResult = BASE): PlanResult {
  const copy = JSON.parse(JSON.stringify(from));
  mutate(copy.conditionalAccessPolicies.find((p: any) => p.displayName === ALL_USERS));
  return copy;
}
/** A rule's tree; the rule must parse. */
function parsedOrThrow(rule: string) {
  const parsed = parseDeviceFilterRule(rule);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.rule;
}
const kindsOf = (base: PlanResult, head: PlanResult) => semanticDiff(base, head).changes.map((c) => `${c.kind}${c.weakens ? " (weakens)" : ""}`);

describe("the semantic diff's walk over the declared fields", () => {
  it("has a sample for every declared field, and no other", () => {
    expect(Object.keys(SAMPLES).sort()).to.deep.equal(POLICY_FIELDS.map((f) => f.path).sort());
  });

  /** Where a field changes nothing on the all-users policy as it is (all users cover any group), both sides narrow first. */
  const CONTEXT: Readonly<Record<string, (p: any) => void>> = {
    users: (p) => (p.conditions.users.includeUsers = ["5b1d2c3e-0000-4a6b-8c9d-0000000000c9"]),
    targets: (p) => (p.conditions.applications.includeApplications = []),
    operator: (p) => (p.grantControls.builtInControls = ["mfa", "compliantDevice"]),
  };
  const contextOf = (path: string) =>
    /includeGroups|includeRoles|includeGuests/.test(path)
      ? CONTEXT.users
      : /includeUserActions|includeAuthenticationContext/.test(path)
        ? CONTEXT.targets
        : path === "grantControls.operator"
          ? CONTEXT.operator
          : () => undefined;

  for (const f of POLICY_FIELDS) {
    it(`reports a change to ${f.path} (${f.label}) both ways`, () => {
      const base = withPolicy(contextOf(f.path));
      const head = withPolicy((p) => {
        setAt(p, f.path, SAMPLES[f.path]);
        if (f.path.startsWith("conditions.locations.")) p.conditions.locations.includeLocations ??= ["All"];
        if (f.path.startsWith("conditions.platforms.")) p.conditions.platforms.includePlatforms ??= ["all"];
      }, base);
      expect(semanticDiff(base, head).changes, `${f.path} set`).to.not.deep.equal([]);
      expect(semanticDiff(head, base).changes, `${f.path} cleared`).to.not.deep.equal([]);
    });
  }
});

describe("change kinds of the fields beyond the baseline", () => {
  const session = (controls: Record<string, unknown>) => withPolicy((p) => (p.sessionControls = controls));

  it("reads persistent browser `always` as weakening, `never` as not", () => {
    expect(kindsOf(BASE, session({ persistentBrowser: { isEnabled: true, mode: "always" } }))).to.deep.equal(["persistent-browser-changed (weakens)"]);
    expect(kindsOf(BASE, session({ persistentBrowser: { isEnabled: true, mode: "never" } }))).to.deep.equal(["persistent-browser-changed"]);
    expect(kindsOf(session({ persistentBrowser: { isEnabled: true, mode: "never" } }), BASE)).to.deep.equal(["persistent-browser-changed (weakens)"]);
  });

  it("reads app-enforced restrictions or Defender for Cloud Apps turned off as weakening, exit 4", () => {
    const on = session({ applicationEnforcedRestrictions: { isEnabled: true }, cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: "blockDownloads" } });
    expect(kindsOf(BASE, on)).to.deep.equal(["app-enforced-restrictions-on", "cloud-app-security-on"]);
    const report = semanticDiff(on, BASE);
    expect(report.changes.map((c) => c.kind)).to.deep.equal(["app-enforced-restrictions-off", "cloud-app-security-off"]);
    expect(exitCodeOf(report)).to.equal(4);
    const monitorOnly = session({
      applicationEnforcedRestrictions: { isEnabled: true },
      cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: "monitorOnly" },
    });
    expect(kindsOf(on, monitorOnly)).to.deep.equal(["cloud-app-security-changed (weakens)"]);
    expect(kindsOf(monitorOnly, on)).to.deep.equal(["cloud-app-security-changed"]);
  });

  it("reads a control Graph keeps with isEnabled: false as off: switching it off that way weakens too", () => {
    const on = session({ applicationEnforcedRestrictions: { isEnabled: true }, cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: "blockDownloads" } });
    const off = session({
      applicationEnforcedRestrictions: { isEnabled: false },
      cloudAppSecurity: { isEnabled: false, cloudAppSecurityType: "blockDownloads" },
      persistentBrowser: { isEnabled: false, mode: "always" },
    });
    expect(kindsOf(on, off)).to.deep.equal(["app-enforced-restrictions-off (weakens)", "cloud-app-security-off (weakens)"]);
    expect(kindsOf(BASE, off)).to.deep.equal([]);
  });

  it("reads resilience defaults back on as weakening", () => {
    expect(kindsOf(session({ disableResilienceDefaults: true }), BASE)).to.deep.equal(["resilience-defaults-changed (weakens)"]);
    expect(kindsOf(BASE, session({ disableResilienceDefaults: true }))).to.deep.equal(["resilience-defaults-changed"]);
  });

  it("reads a longer sign-in frequency as weakening", () => {
    const every = (value: number, type: string) =>
      session({ signInFrequency: { isEnabled: true, authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "timeBased", value, type } });
    expect(kindsOf(every(4, "hours"), every(1, "days"))).to.deep.equal(["session-weakened (weakens)"]);
    expect(kindsOf(every(1, "days"), every(4, "hours"))).to.deep.equal(["session-strengthened"]);
  });

  it("reads authentication flows and risk levels narrowed as weakening", () => {
    const flows = (methods: string) => withPolicy((p) => (p.conditions.authenticationFlows = { transferMethods: methods }));
    expect(kindsOf(BASE, flows("deviceCodeFlow"))).to.deep.equal(["auth-flows-narrowed (weakens)"]);
    expect(kindsOf(flows("deviceCodeFlow,authenticationTransfer"), flows("deviceCodeFlow"))).to.deep.equal(["auth-flows-narrowed (weakens)"]);
    expect(kindsOf(flows("deviceCodeFlow"), BASE)).to.deep.equal(["auth-flows-widened"]);
    const insider = (levels: string) => withPolicy((p) => (p.conditions.insiderRiskLevels = levels));
    expect(kindsOf(insider("moderate,elevated"), insider("elevated"))).to.deep.equal(["risk-levels-narrowed (weakens)"]);
    const spRisk = (levels: string[]) => withPolicy((p) => (p.conditions.servicePrincipalRiskLevels = levels));
    expect(kindsOf(spRisk(["medium", "high"]), spRisk(["high"]))).to.deep.equal(["risk-levels-narrowed (weakens)"]);
  });

  it("reads a device or application filter added, or decidably narrowing, as weakening; any other rule change as one to review", () => {
    const filter = (mode: string, rule: string) => withPolicy((p) => (p.conditions.devices = { deviceFilter: { mode, rule } }));
    const compliant = "device.isCompliant -eq True";
    expect(kindsOf(BASE, filter("exclude", compliant))).to.deep.equal(["device-filter-changed (weakens)"]);
    expect(kindsOf(filter("exclude", compliant), BASE)).to.deep.equal(["device-filter-changed"]);
    // include: -and matches fewer devices (narrows the policy); exclude: -or leaves more out.
    expect(kindsOf(filter("include", compliant), filter("include", `${compliant} -and device.deviceOwnership -eq "Company"`))).to.deep.equal([
      "device-filter-changed (weakens)",
    ]);
    expect(kindsOf(filter("exclude", compliant), filter("exclude", `(${compliant}) -or device.trustType -eq "ServerAD"`))).to.deep.equal([
      "device-filter-changed (weakens)",
    ]);
    expect(kindsOf(filter("exclude", compliant), filter("exclude", `${compliant} -and device.trustType -eq "ServerAD"`))).to.deep.equal([
      "device-filter-changed",
    ]);
    const review = semanticDiff(filter("include", compliant), filter("include", 'device.model -eq "Surface"')).changes;
    expect(review.map((c) => [c.kind, c.weakens, c.sentence.startsWith("review:")])).to.deep.equal([["device-filter-changed", false, true]]);
    const apps = (rule: string) => withPolicy((p) => (p.conditions.applications.applicationFilter = { mode: "include", rule }));
    expect(kindsOf(BASE, apps('CustomSecurityAttribute.Tier -eq "1"'))).to.deep.equal(["app-filter-changed (weakens)"]);
  });

  it("reads workload identities and authentication contexts dropped as weakening", () => {
    const sps = (ids: string[]) => withPolicy((p) => (p.conditions.clientApplications = { includeServicePrincipals: ids }));
    expect(kindsOf(sps([SP, "ServicePrincipalsInMyTenant"]), sps([SP]))).to.deep.equal(["workload-identities-narrowed (weakens)"]);
    const contexts = (ids: string[]) =>
      withPolicy((p) => Object.assign(p.conditions.applications, { includeApplications: [], includeAuthenticationContextClassReferences: ids }));
    expect(semanticDiff(contexts(["c1", "c2"]), contexts(["c1"])).changes.map((c) => [c.kind, c.weakens, c.sentence])).to.deep.equal([
      ["apps-narrowed", true, "no longer applies to authentication context c2: MFA is no longer asked there"],
    ]);
  });

  it("never reports a change between a policy and itself, whatever its session controls and conditions (property)", () => {
    const controls = fc.record(
      {
        persistentBrowser: fc.constantFrom("always", "never").map((mode) => ({ isEnabled: true, mode })),
        applicationEnforcedRestrictions: fc.constant({ isEnabled: true }),
        cloudAppSecurity: fc.constantFrom("mcasConfigured", "monitorOnly", "blockDownloads").map((t) => ({ isEnabled: true, cloudAppSecurityType: t })),
        disableResilienceDefaults: fc.constant(true),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(controls, (c) => {
        const plan = session(c);
        expect(semanticDiff(plan, JSON.parse(JSON.stringify(plan))).changes).to.deep.equal([]);
      }),
      { numRuns: 50 },
    );
  });
});

describe("device-filter-changed: judged by the devices the filters keep in the policy", () => {
  type Filter = { mode: "include" | "exclude"; rule: string } | undefined;
  const leaf = fc.oneof(
    stringComparison(["displayName"], ["a", "Ab", "b"]),
    fc.constantFrom("-eq", "-ne").chain((op) => fc.constantFrom(`device.isCompliant ${op} True`, `device.trustType ${op} "ServerAD"`)),
  );
  const rule = deviceFilterTree(leaf.map((l) => (typeof l === "string" ? parsedOrThrow(l) : l))).map(printRule);
  const filter: fc.Arbitrary<Filter> = fc.option(fc.record({ mode: fc.constantFrom("include" as const, "exclude" as const), rule }), { nil: undefined });
  /**
   * Every device over the properties the rules read: display names made of the rules' values (a, b and the -in lists'
   * zz, and x, which no rule names) up to three of them, and of a and b up to four letters; each trust type; compliant or not.
   */
  const words = (tokens: readonly string[], n: number): string[] => (n === 0 ? [""] : words(tokens, n - 1).flatMap((w) => tokens.map((t) => w + t)));
  const NAMES = [null, ...new Set([0, 1, 2, 3].flatMap((n) => words(["a", "b", "zz", "x"], n)).concat(words(["a", "b"], 4)))];
  const DEVICES: (SignInDevice | undefined)[] = [undefined];
  for (const displayName of NAMES)
    for (const trustType of [null, "AzureAD", "ServerAD", "Workplace"])
      for (const isCompliant of [null, true, false]) {
        const device = {
          ...(displayName === null ? {} : { displayName }),
          ...(trustType ? { trustType } : {}),
          ...(isCompliant === null ? {} : { isCompliant }),
        };
        if (Object.keys(device).length > 0) DEVICES.push(device);
      }
  /** Whether the filter keeps each device of the pool in the policy. */
  const inScope = (f: Filter): boolean[] => {
    if (!f) return DEVICES.map(() => true);
    const compiled = deviceFilterTest(f);
    if (!("test" in compiled)) throw new Error(compiled.problem);
    return DEVICES.map(compiled.test);
  };
  const ONE_POLICY: PlanResult = { ...BASE, conditionalAccessPolicies: BASE.conditionalAccessPolicies.filter((p) => p.displayName === ALL_USERS) };
  const withFilter = (f: Filter) => withPolicy((p) => (p.conditions.devices = f ? { deviceFilter: f } : null), ONE_POLICY);
  const verdicts = (before: Filter, after: Filter) =>
    semanticDiff(withFilter(before), withFilter(after)).changes.filter((c) => c.kind === "device-filter-changed");
  const leftOut = (before: Filter, after: Filter) => {
    const [was, now] = [inScope(before), inScope(after)];
    return was.some((kept, i) => kept && !now[i]);
  };
  const broughtIn = (before: Filter, after: Filter) => leftOut(after, before);

  it("says weakens only when some device is in scope before and out of scope after (property)", () => {
    fc.assert(
      fc.property(filter, filter, (before, after) => {
        for (const change of verdicts(before, after)) if (change.weakens) expect(leftOut(before, after), change.sentence).to.equal(true);
      }),
      { numRuns: 200, seed: 2301 },
    );
  });

  /** A filter and the same filter with a clause joined: by the join that narrows the policy (-and in include mode, -or in exclude mode), or the other. */
  const joined = (narrowing: boolean): fc.Arbitrary<[Filter, Filter]> =>
    fc.tuple(rule, rule, fc.constantFrom("include" as const, "exclude" as const)).map(([base, clause, mode]) => {
      const join = (mode === "include") === narrowing ? "-and" : "-or";
      return [
        { mode, rule: base },
        { mode, rule: `(${base}) ${join} (${clause})` },
      ];
    });

  it("says weakens when an include rule gains an -and clause, or an exclude rule an -or clause, that leaves a device out (property)", () => {
    fc.assert(
      fc.property(joined(true), ([before, after]) => {
        expect(broughtIn(before, after)).to.equal(false);
        expect(verdicts(before, after).map((c) => c.weakens)).to.deep.equal([leftOut(before, after)]);
      }),
      { numRuns: 200, seed: 2302 },
    );
  });

  it("never calls widening weakening: an include rule that gains an -or clause, an exclude rule an -and clause, or the filter removed (property)", () => {
    fc.assert(
      fc.property(joined(false), ([before, after]) => {
        expect(verdicts(before, after).some((c) => c.weakens)).to.equal(false);
        expect(verdicts(before, undefined).some((c) => c.weakens)).to.equal(false);
      }),
      { numRuns: 100, seed: 2303 },
    );
  });

  it("judges rules over more properties than it can combine, soundly: the device it finds is in scope before and out after", () => {
    const many = Array.from({ length: 15 }, (_, i) => `device.extensionAttribute${i + 1} -ne "v${i}"`).concat('device.displayName -startsWith "a"');
    const before: Filter = { mode: "include", rule: many.join(" -and ") };
    const after: Filter = { mode: "include", rule: `(${before.rule}) -and (device.model -eq "m")` };
    const moved = deviceFilterScopeChange(before, after);
    expect(moved?.leftOut, "a device left out").to.not.equal(undefined);
    const test = (f: Filter) => (deviceFilterTest(f!) as { test: (d: SignInDevice | undefined) => boolean }).test;
    expect([test(before)(moved!.leftOut!.device), test(after)(moved!.leftOut!.device)]).to.deep.equal([true, false]);
    expect(verdicts(before, after).map((c) => c.weakens)).to.deep.equal([true]);
  });

  it("names a device the change leaves out, and shows a rule that moves devices both ways for review", () => {
    const include = (r: string): Filter => ({ mode: "include", rule: r });
    const [compliant, company] = ["device.isCompliant -eq True", 'device.trustType -eq "ServerAD"'];
    expect(verdicts(include(compliant), include(`${compliant} -and ${company}`)).map((c) => [c.weakens, c.sentence])).to.deep.equal([
      [
        true,
        'the device filter now leaves more out of the policy (include "device.isCompliant -eq True -and device.trustType -eq \\"ServerAD\\"", ' +
          'was include "device.isCompliant -eq True"): they lose MFA (for example a registered device with isCompliant true)',
      ],
    ]);
    expect(verdicts(include(compliant), include(company)).map((c) => [c.weakens, c.sentence])).to.deep.equal([
      [
        false,
        'review: the device filter changed to include "device.trustType -eq \\"ServerAD\\"" (was include "device.isCompliant -eq True"); ' +
          "it leaves some out of the policy (for example a registered device with isCompliant true) and brings others in",
      ],
    ]);
    // A filter every device passes narrows nothing: no device is left out.
    const always = include(`${compliant} -or device.isCompliant -ne True`);
    expect(verdicts(undefined, always).map((c) => [c.weakens, c.sentence.startsWith("review:")])).to.deep.equal([[false, true]]);
  });
});
