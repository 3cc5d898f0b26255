import { expect } from "chai";
import { PlanRejectedError } from "../documents/errors";
import { runPlan } from "../plan/runPlan";
import { NAMED_LOCATION_TYPE } from "../plan/mockEngine";
import { readTenant } from "../live/readTenant";
import { liveOwner } from "../live/rules/owner";
import { normalizeNamedLocation, type LiveTenant } from "../live/tenant";
import { markedOwner, OWNER_MARKER_RANGE, ownerMarkerInputs, ownerMarkerName, stackIdentity } from "../live/ownership";
import type { GraphDouble } from "./graph-double/server";
import { clientFor, useGraphDouble } from "./support/graphClient";
import { rejection } from "./support/rejection";
import { enforcedP2, freeTenant } from "./fixtures/guardInputs";
import { asTenantPolicy, tenant } from "./fixtures/tenants";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";

const CONTOSO = stackIdentity("entra-baseline", EXAMPLE_STACKS.p2);
const FABRIKAM = stackIdentity("entra-baseline", EXAMPLE_STACKS.p1);

/** A named location as Graph answers it: the marker of a stack, or an ordinary office range. */
const graphLocation = (id: string, displayName: string) => ({
  "@odata.type": "#microsoft.graph.ipNamedLocation",
  id,
  displayName,
  createdDateTime: "2026-01-01T00:00:00Z",
  modifiedDateTime: "2026-01-01T00:00:00Z",
  isTrusted: false,
  ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: OWNER_MARKER_RANGE }],
});
const marker = (id: string, stack: string) => normalizeNamedLocation(graphLocation(id, ownerMarkerName(stack)));
const baselinePolicies = () => enforcedP2().policies.map((p, i) => asTenantPolicy(p, `id-${i}`));
const withStack = (input: ReturnType<typeof enforcedP2>, stack: string) => ({ ...input, stack });

describe("the ownership marker (one stack per tenant)", () => {
  it("names the stack in a named location no policy can match: TEST-NET, untrusted", () => {
    expect(ownerMarkerInputs(CONTOSO)).to.deep.equal({
      displayName: "entra-baseline:owner entra-baseline/contoso",
      ip: { ipRanges: ["192.0.2.0/32"], trusted: false },
    });
    expect(markedOwner({ displayName: ownerMarkerName(CONTOSO) })).to.equal(CONTOSO);
    expect(markedOwner({ displayName: "Office Berlin" })).to.equal(undefined);
  });

  describe("EB-LIVE-OWNER", () => {
    it("passes a tenant that holds this stack's own marker", () => {
      const live: LiveTenant = tenant({ policies: baselinePolicies(), namedLocations: [marker("m1", CONTOSO)] });
      expect(liveOwner.check(live, withStack(enforcedP2(), CONTOSO))).to.deep.equal([]);
    });

    it("rejects a second stack in a tenant another stack owns: one error naming both stacks, the marker and the policies", () => {
      const live = tenant({ policies: baselinePolicies(), namedLocations: [marker("m-fabrikam", FABRIKAM)] });
      const findings = liveOwner.check(live, withStack(enforcedP2(), CONTOSO));
      expect(findings.map((f) => [f.rule, f.severity])).to.deep.equal([["EB-LIVE-OWNER", "error"]]);
      expect(findings[0].message)
        .to.contain("two stacks claim one tenant")
        .and.contain(`"${ownerMarkerName(FABRIKAM)}"`)
        .and.contain("m-fabrikam")
        .and.contain(`this is stack "${CONTOSO}"`)
        .and.contain("6 baseline policies")
        .and.contain("docs/ownership.md");
    });

    it("rejects a free stack too: it would ask for Security Defaults over the owner's policies", () => {
      const live = tenant({ namedLocations: [marker("m-fabrikam", FABRIKAM)] });
      expect(liveOwner.check(live, { ...freeTenant(), stack: stackIdentity("entra-baseline", EXAMPLE_STACKS.free) })[0].severity).to.equal("error");
    });

    it("warns when the tenant holds baseline policies but no marker at all", () => {
      const [finding] = liveOwner.check(tenant({ policies: baselinePolicies(), namedLocations: [] }), withStack(enforcedP2(), CONTOSO));
      expect(finding.severity).to.equal("warning");
      expect(finding.message).to.contain("no ownership marker").and.contain(ownerMarkerName(CONTOSO));
    });

    it("does not apply when the named locations were not read, or the stack is unknown", () => {
      const live = tenant({ namedLocations: [marker("m-fabrikam", FABRIKAM)] });
      expect(liveOwner.check(tenant({ policies: baselinePolicies() }), withStack(enforcedP2(), CONTOSO))).to.deep.equal([]);
      expect(liveOwner.check(live, enforcedP2())).to.deep.equal([]);
    });
  });

  describe("against the Graph double", () => {
    let double: GraphDouble;
    useGraphDouble((started) => (double = started));
    const live = () => readTenant(clientFor(double));

    it("declares the marker with a stack's Conditional Access policies, none on a Security Defaults stack", async () => {
      const p2 = await runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: live });
      const markers = p2.resources.filter((r) => r.type === NAMED_LOCATION_TYPE);
      expect(markers.map((r) => [r.name, r.inputs.displayName, r.importId])).to.deep.equal([["entra-baseline-owner", ownerMarkerName(CONTOSO), undefined]]);
      const free = await runPlan({ stack: EXAMPLE_STACKS.free });
      expect(free.resources.filter((r) => r.type === NAMED_LOCATION_TYPE)).to.deep.equal([]);
    });

    it("rejects the plan, naming the key and nothing declared, when the tenant belongs to another stack", async () => {
      double.tenant.namedLocations.set("m-fabrikam", graphLocation("m-fabrikam", ownerMarkerName(FABRIKAM)));
      const err = await rejection(runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: live }));
      expect(err).to.be.instanceOf(PlanRejectedError);
      expect(err.message).to.contain("EB-LIVE-OWNER").and.contain(FABRIKAM).and.not.contain("    at ");
    });

    it("adopts its own marker by object id after the state was lost, instead of writing a second one", async () => {
      double.tenant.namedLocations.set("m-contoso", graphLocation("m-contoso", ownerMarkerName(CONTOSO)));
      const result = await runPlan({ stack: EXAMPLE_STACKS.p2, readTenant: live });
      const owner = result.resources.find((r) => r.name === "entra-baseline-owner")!;
      expect(owner.importId).to.equal("m-contoso");
      expect(result.findings.map((f) => f.rule)).not.to.include("EB-LIVE-OWNER");
    });
  });
});
