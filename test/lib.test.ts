import { expect } from "chai";
import * as lib from "../lib";

describe("the library entry point (lib.ts)", () => {
  it("exports the components, the pure functions and the tools", () => {
    for (const name of ["EntraBaseline", "BaselineGuard", "SecurityDefaults", "validateConfig", "buildBaselinePolicies", "decideBaseline", "runGuard", "runPlan", "evaluate", "coverageReport", "proveNoLockout", "semanticDiff", "computeDrift", "readTenant"]) {
      expect((lib as Record<string, unknown>)[name], name).to.be.a("function");
    }
    expect(lib.GUARD_RULES.length).to.be.greaterThan(10);
  });
});
