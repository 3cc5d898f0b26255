import { expect } from "chai";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decideBaseline } from "../components/decideBaseline";
import { readRawConfig } from "../config/fromPulumi";
import { canonicalIds } from "../config/objectIds";
import { CONFIG_NAMESPACE, validateConfig } from "../config/validate";
import { PlanRejectedError } from "../documents/errors";
import { runPlan } from "../plan/runPlan";
import { rejection } from "./support/rejection";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER, SERVICE_ACCOUNT } from "./fixtures/ids";

const keysOf = (all: Record<string, string>) => readRawConfig(all).issues.map((i) => i.key);

describe("configuration keys at the edge", () => {
  describe("a namespace that looks like entra-baseline but is not", () => {
    for (const namespace of ["entra-baselin", "Entra-Baseline", "entra_baseline", "ENTRA-BASELINE", "entra-baseline ", "entrabaseline", "entra--baseline"]) {
      it(`rejects "${namespace}:policyState", suggesting the right namespace`, () => {
        const { raw, issues } = readRawConfig({ "entra-baseline:plan": "p1", [`${namespace}:policyState`]: "enabled" });
        expect(issues).to.deep.equal([
          {
            key: `${namespace}:policyState`,
            message: `namespace "${namespace}" is not this project's, so the key would be ignored silently; did you mean "entra-baseline:policyState"?`,
          },
        ]);
        expect(raw).to.deep.equal({ plan: "p1" });
      });
    }

    it("leaves other projects' and providers' namespaces alone", () => {
      expect(keysOf({ "azuread:tenantId": "x", "pulumi:template": "y", "entra-baseline:plan": "p1", "azure-native:location": "z" })).to.deep.equal([]);
    });

    it("rejects a look-alike namespace whatever the key (property)", () => {
      const lookAlike = fc.constantFrom("Entra-Baseline", "entra_baseline", "entra-baselin", "entra-baselime", "EntraBaseline");
      fc.assert(
        fc.property(lookAlike, fc.string({ minLength: 1 }), (ns, key) => {
          expect(keysOf({ [`${ns}:${key}`]: "x" })).to.deep.equal([`${ns}:${key}`]);
        }),
      );
    });
  });

  describe("a key given twice", () => {
    it("rejects a key given with and without the namespace, naming both", () => {
      const { raw, issues } = readRawConfig({ "entra-baseline:policyState": "reportOnly", policyState: "enabled" });
      expect(issues).to.deep.equal([
        {
          key: "entra-baseline:policyState",
          message: 'is given twice (as "entra-baseline:policyState" and as "policyState"), so one would silently win; keep one',
        },
      ]);
      expect(raw).to.deep.equal({ policyState: "reportOnly" });
    });

    it("reads a key without the namespace as the project's, as Pulumi does", () => {
      expect(readRawConfig({ plan: "p1" })).to.deep.equal({ raw: { plan: "p1" }, issues: [] });
    });

    it("rejects it from a stack file too, with every other problem, before anything is declared", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-keys-"));
      // The plan twice (once without the namespace), a key in the wrong letter case, and a cloud that is none.
      const yaml = `config:
  entra-baseline:plan: p1
  plan: p2
  Entra-Baseline:policyState: enabled
  entra-baseline:breakGlassUsers: ["${BREAK_GLASS_USER}"]
  entra-baseline:cloud: mars
`;
      fs.writeFileSync(path.join(dir, "Pulumi.twice.yaml"), yaml);
      const err = await rejection<PlanRejectedError>(runPlan({ stack: "twice", stacksDir: dir }));
      expect(err).to.be.instanceOf(PlanRejectedError);
      expect(err.configIssues.map((i) => i.key)).to.have.members(["entra-baseline:plan", "Entra-Baseline:policyState", "entra-baseline:cloud"]);
      expect(err.message).to.contain('did you mean "entra-baseline:policyState"?');
    });
  });

  describe("prototype keys", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      it(`rejects ${key} at the top, without letting it change how other keys are read`, () => {
        const { raw, issues } = readRawConfig({ "entra-baseline:plan": "p1", [`entra-baseline:${key}`]: JSON.stringify({ policyState: "disabled" }) });
        expect(issues.map((i) => i.key)).to.deep.equal([`entra-baseline:${key}`]);
        expect(issues[0].message).to.contain("reserved JavaScript name");
        expect(Object.getPrototypeOf(raw)).to.equal(Object.prototype);
        expect((raw as { policyState?: string }).policyState).to.equal(undefined);
      });

      it(`rejects ${key} nested in a value, naming its path`, () => {
        const policies = `{"allUsersMfa": {"${key}": {"state": "disabled"}}, "adminMfa": [{"${key}": 1}]}`;
        expect(keysOf({ "entra-baseline:policies": policies })).to.deep.equal([
          `entra-baseline:policies.allUsersMfa.${key}`,
          `entra-baseline:policies.adminMfa[0].${key}`,
        ]);
      });
    }
  });

  describe("the validator with any input (property)", () => {
    const jsonText = fc.jsonValue({ maxDepth: 3 }).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
    const key = fc.oneof(
      fc.constantFrom(
        "plan",
        "protection",
        "policyState",
        "breakGlassUsers",
        "breakGlassGroups",
        "pilotGroup",
        "policies",
        "perUserMfa",
        "cloud",
        "__proto__",
        "constructor",
      ),
      fc.string(),
    );
    const namespace = fc.constantFrom("entra-baseline:", "Entra-Baseline:", "entra_baseline:", "", "azuread:");

    it("never throws, and either accepts a well-formed configuration or names a key for every problem", () => {
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.tuple(namespace, key).map(([n, k]) => n + k),
            jsonText,
            { maxKeys: 6 },
          ),
          (all) => {
            const { raw, issues } = readRawConfig(all);
            const validation = validateConfig(raw);
            const problems = [...issues, ...(validation.ok ? [] : validation.issues)];
            for (const p of problems) {
              expect(p.key).to.be.a("string").and.not.equal("");
              expect(p.message)
                .to.be.a("string")
                .and.not.match(/Cannot read|undefined is not|TypeError/);
            }
            if (validation.ok) expect(validation.config.plan).to.be.oneOf(["free", "p1", "p2"]);
          },
        ),
        { numRuns: 300 },
      );
    });

    it("never accepts an enforced policyState given under a look-alike namespace as the default report-only", () => {
      fc.assert(
        fc.property(fc.constantFrom("Entra-Baseline", "entra_baseline", "entra-baselin"), (ns) => {
          const { issues } = readRawConfig({ "entra-baseline:plan": "p1", [`${ns}:policyState`]: "enabled" });
          expect(issues).to.have.length(1);
        }),
      );
    });
  });
});

describe("object ids compare case-insensitively, normalised at the edge", () => {
  const upper = (id: string) => id.toUpperCase();

  it("lower-cases every GUID of the configuration, and nothing else", () => {
    expect(canonicalIds({ a: [upper(BREAK_GLASS_USER), "All"], b: { c: upper(BREAK_GLASS_GROUP) }, d: 1 })).to.deep.equal({
      a: [BREAK_GLASS_USER, "All"],
      b: { c: BREAK_GLASS_GROUP },
      d: 1,
    });
  });

  it("settles the configuration's ids in lower case", () => {
    const result = validateConfig({
      plan: "p1",
      breakGlassUsers: [upper(BREAK_GLASS_USER)],
      policies: { allUsersMfa: { excludeUsers: [upper(SERVICE_ACCOUNT)] } },
    });
    expect(result.ok && result.config.breakGlassUsers).to.deep.equal([BREAK_GLASS_USER]);
  });

  it("rejects one id listed twice in two letter cases", () => {
    const result = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER, upper(BREAK_GLASS_USER)] });
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.issues[0].key).to.equal(`${CONFIG_NAMESPACE}:breakGlassUsers`);
  });

  it("refuses enforcing per-user MFA on a break-glass account spelled in another case", () => {
    const decision = decideBaseline({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], perUserMfa: { enforce: [upper(BREAK_GLASS_USER)] } }, "preview");
    expect(decision.ok).to.equal(false);
    expect(!decision.ok && decision.findings.map((f) => `${f.rule} ${f.severity}`)).to.include("EB-PER-USER-ENFORCE error");
  });

  it("refuses a pilot group that is the break-glass group spelled in another case", () => {
    const decision = decideBaseline({ plan: "p1", breakGlassGroups: [upper(BREAK_GLASS_GROUP)], pilotGroup: BREAK_GLASS_GROUP }, "preview");
    expect(decision.ok).to.equal(false);
    expect(!decision.ok && decision.findings.map((f) => f.rule)).to.include("EB-PILOT-BREAKGLASS");
  });

  it("refuses the bypasses whatever the letter case of each side (property)", () => {
    const casing = fc.array(fc.boolean(), { minLength: 36, maxLength: 36 });
    const spell = (id: string, flips: boolean[]) => [...id].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join("");
    fc.assert(
      fc.property(casing, casing, (a, b) => {
        const perUser = decideBaseline(
          { plan: "p1", breakGlassUsers: [spell(BREAK_GLASS_USER, a)], perUserMfa: { enforce: [spell(BREAK_GLASS_USER, b)] } },
          "preview",
        );
        const pilot = decideBaseline({ plan: "p1", breakGlassGroups: [spell(BREAK_GLASS_GROUP, a)], pilotGroup: spell(BREAK_GLASS_GROUP, b) }, "preview");
        expect(perUser.ok).to.equal(false);
        expect(pilot.ok).to.equal(false);
      }),
      { numRuns: 50 },
    );
  });
});
