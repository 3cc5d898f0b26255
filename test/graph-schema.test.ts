import { expect } from "chai";
import Ajv2020 from "ajv/dist/2020";
import * as fs from "fs";
import * as path from "path";
import { inputFor } from "./fixtures/guardInputs";
import { BREAK_GLASS_GROUP, BREAK_GLASS_USER, EXTRA_ROLE, PILOT_GROUP, SERVICE_ACCOUNT } from "./fixtures/ids";

/** The vendored schemas (vendor/README.md): the one the configuration validates with, and Security Defaults'. */
const SCHEMAS: Record<string, string> = {
  "msgraph-v1.0-conditionalAccessPolicy.schema.json": path.join(__dirname, "..", "config", "graph", "conditionalAccessPolicy.v1.schema.json"),
  "msgraph-v1.0-identitySecurityDefaultsEnforcementPolicy.schema.json": path.join(
    __dirname,
    "..",
    "vendor",
    "graph-schema",
    "msgraph-v1.0-identitySecurityDefaultsEnforcementPolicy.schema.json",
  ),
};

function validator(file: string) {
  const schema = JSON.parse(fs.readFileSync(SCHEMAS[file], "utf8"));
  return new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}

describe("emitted policies against Graph's v1.0 conditionalAccessPolicy schema", () => {
  const validate = validator("msgraph-v1.0-conditionalAccessPolicy.schema.json");

  const variants: [string, Record<string, unknown>][] = [
    ["the p2 baseline, enabled", { plan: "p2", breakGlassUsers: [BREAK_GLASS_USER], breakGlassGroups: [BREAK_GLASS_GROUP], policyState: "enabled" }],
    ["the p1 baseline, report-only", { plan: "p1", breakGlassUsers: [BREAK_GLASS_USER] }],
    [
      "every option set",
      {
        plan: "p2",
        breakGlassGroups: [BREAK_GLASS_GROUP],
        pilotGroup: PILOT_GROUP,
        policyState: "disabled",
        policies: {
          adminMfa: { strength: "phishingResistant", extraRoles: [EXTRA_ROLE] },
          allUsersMfa: { excludeUsers: [SERVICE_ACCOUNT] },
          signInRiskMfa: { levels: ["low", "medium", "high"] },
        },
      },
    ],
  ];

  for (const [name, raw] of variants) {
    it(`accepts every policy of ${name}`, () => {
      for (const policy of inputFor(raw).policies) {
        const ok = validate(policy);
        expect(ok, `${policy.displayName}: ${JSON.stringify(validate.errors)}`).to.equal(true);
      }
    });
  }

  it("rejects a policy with a field Graph does not have (the schema check can fail)", () => {
    const [policy] = inputFor(variants[0][1]).policies;
    expect(validate({ ...policy, conditions: { ...policy.conditions, clientAppTypes: ["legacy"] } })).to.equal(false);
    expect(validate({ ...policy, enforce: true })).to.equal(false);
  });
});

describe("Security Defaults body against Graph's identitySecurityDefaultsEnforcementPolicy schema", () => {
  const validate = validator("msgraph-v1.0-identitySecurityDefaultsEnforcementPolicy.schema.json");

  it("accepts the PATCH body the resource sends", () => {
    expect(validate({ isEnabled: true })).to.equal(true);
    expect(validate({ isEnabled: false })).to.equal(true);
  });

  it("rejects a body Graph would refuse", () => {
    expect(validate({ isEnabled: "yes" })).to.equal(false);
    expect(validate({ enabled: true })).to.equal(false);
  });
});
