import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  BUILT_IN_CONTROLS,
  CLIENT_APP_TYPES,
  CONDITIONAL_ACCESS_POLICY_STATES,
  LEGACY_CLIENT_APP_TYPES,
  MODERN_CLIENT_APP_TYPES,
  RISK_LEVELS,
  SIGN_IN_CLIENT_APP_TYPES,
  SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES,
  SIGN_IN_FREQUENCY_INTERVALS,
  SIGN_IN_FREQUENCY_PERIODS,
} from "../policies/graphTypes";
import { RISK_STATES } from "../whatif/signIn";

const SCHEMA = path.join(__dirname, "..", "config", "graph", "conditionalAccessPolicy.v1.schema.json");
const DEFS = (JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as { $defs: Record<string, { enum?: string[] }> }).$defs;

/** Graph's values of an enum, without the evolvable-enum sentinel no policy may send. */
const graphEnum = (name: string) => DEFS[name].enum!.filter((value) => value !== "unknownFutureValue");

describe("Graph vocabularies (policies/graphTypes.ts) against Graph's v1.0 schema", () => {
  const exact: [string, readonly string[], string][] = [
    ["CONDITIONAL_ACCESS_POLICY_STATES", CONDITIONAL_ACCESS_POLICY_STATES, "conditionalAccessPolicyState"],
    ["CLIENT_APP_TYPES", CLIENT_APP_TYPES, "conditionalAccessClientApp"],
    ["RISK_LEVELS", RISK_LEVELS, "riskLevel"],
    ["SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES", SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES, "signInFrequencyAuthenticationType"],
    ["SIGN_IN_FREQUENCY_INTERVALS", SIGN_IN_FREQUENCY_INTERVALS, "signInFrequencyInterval"],
    ["SIGN_IN_FREQUENCY_PERIODS", SIGN_IN_FREQUENCY_PERIODS, "signinFrequencyType"],
  ];
  for (const [name, ours, graphName] of exact) {
    it(`${name} lists exactly Graph's ${graphName} values`, () => {
      expect([...ours]).to.have.members(graphEnum(graphName));
    });
  }

  it("BUILT_IN_CONTROLS lists every Graph grant control but riskRemediation, which this project neither emits nor accepts", () => {
    expect([...BUILT_IN_CONTROLS, "riskRemediation"]).to.have.members(graphEnum("conditionalAccessGrantControl"));
  });

  it("splits the clients a sign-in can have into modern and legacy, which together are what `all` stands for", () => {
    expect([...SIGN_IN_CLIENT_APP_TYPES]).to.have.members(CLIENT_APP_TYPES.filter((c) => c !== "all" && c !== "easSupported"));
    expect(MODERN_CLIENT_APP_TYPES.filter((c) => (LEGACY_CLIENT_APP_TYPES as readonly string[]).includes(c))).to.deep.equal([]);
  });

  it("gives a sign-in every Graph risk level but hidden (Identity Protection never reports a sign-in as hidden)", () => {
    expect([...RISK_STATES, "hidden"]).to.have.members([...RISK_LEVELS]);
  });
});
