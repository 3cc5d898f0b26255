import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { reportFailure } from "../cli/runCommand";
import { SecurityDefaults } from "../components/securityDefaults";
import { EXIT, UnsupportedPulumiError } from "../documents/errors";
import { findPulumiInternals, PROVIDER_NOT_SERIALIZED, serializerFallbackNotice, waitForRegistrations, withoutProviderSerialization } from "../plan/mockEngine";
import { recorder } from "./support/mockEngine";

const ROOT = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const installed = (require("@pulumi/pulumi/package.json") as { version: string }).version;

/**
 * The @pulumi/pulumi versions the peer range allows that install on Node 20 (the project's engines), as npm's registry
 * gave them on 2026-12-06 (`npm view @pulumi/pulumi@<v> engines`): 3.248.0 declares `node >=20`, 3.249.0 and every
 * later 3.x (to 3.276.0, the newest then) `node >=22`. So the lowest and the highest are one version, the one installed
 * here: the spec runs on it, and the fallback paths are tested by hiding the internals from the plan.
 */
const ON_NODE_20 = { lowest: "3.248.0", highest: "3.248.0" };

/** `require`, with the named modules hidden (an older or newer @pulumi/pulumi that moved them). */
const without =
  (...hidden: string[]) =>
  (id: string) => {
    if (hidden.some((h) => id.endsWith(h))) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    return require(id);
  };
const providerCode = (name: string) => recorder.resources.find((r) => r.name === name)?.inputs.__provider;
/** The smallest dynamic resource: its provider is serialized as any dynamic provider is, in a fraction of the time. */
class Tiny extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super({ create: async () => ({ id: name }) }, name, {});
  }
}

describe("Pulumi's internals the offline plan uses (plan/mockEngine.ts)", () => {
  it("runs on the lowest and the highest @pulumi/pulumi the peer range allows on Node 20, which are one version", () => {
    expect(manifest.peerDependencies["@pulumi/pulumi"]).to.equal(`^${ON_NODE_20.lowest}`);
    expect(manifest.engines.node).to.match(/^>=20\./);
    expect([installed, manifest.devDependencies["@pulumi/pulumi"]]).to.deep.equal([ON_NODE_20.lowest, ON_NODE_20.highest]);
  });

  it("finds every internal it uses in that version", () => {
    const internals = findPulumiInternals();
    expect(internals.missing).to.deep.equal([]);
    expect(internals.waitForRPCs).to.be.a("function");
    expect(internals.serializer?.closure.serializeFunction).to.be.a("function");
  });

  it("names each internal a version lacks, and never throws while looking", () => {
    expect(findPulumiInternals(without("closure/serializeClosure")).missing).to.deep.equal(["runtime/closure/serializeClosure serializeFunction"]);
    expect(findPulumiInternals(without("runtime/state")).serializer).to.equal(undefined);
    expect(findPulumiInternals(without("runtime/settings", "closure/serializeClosure", "runtime/state")).missing).to.have.length(3);
    expect(findPulumiInternals(() => ({})).missing).to.have.length(3);
  });

  it("skips serializing the providers where it finds the serializer, and restores it after", async () => {
    recorder.reset();
    await withoutProviderSerialization(async () => {
      new SecurityDefaults("internals-found", { isEnabled: true });
      await waitForRegistrations();
    });
    expect(providerCode("internals-found")).to.equal(PROVIDER_NOT_SERIALIZED);
  });

  it("falls back to serializing them where the serializer is missing: real code, one notice, no error", async () => {
    recorder.reset();
    const said: string[] = [];
    const internals = findPulumiInternals(without("closure/serializeClosure"));
    const say = (line: string) => void said.push(line);
    await withoutProviderSerialization(
      async () => {
        new Tiny("internals-missing");
        await waitForRegistrations();
      },
      internals,
      say,
    );
    expect(providerCode("internals-missing")).to.be.a("string").and.contain("exports.handler");
    expect(await withoutProviderSerialization(async () => "planned again", internals, say)).to.equal("planned again");
    expect(said).to.have.length(1);
    expect(serializerFallbackNotice(internals.missing, installed)).to.equal(
      `entra-baseline: @pulumi/pulumi ${installed} has no runtime/closure/serializeClosure serializeFunction: ` +
        "the offline plan serializes the dynamic providers' code (the same plan, slower)",
    );
  });

  it("refuses, in one line with the fix and no stack trace, a version without waitForRPCs", async () => {
    const err = await waitForRegistrations(findPulumiInternals(without("runtime/settings"))).catch((e) => e);
    expect(err).to.be.instanceOf(UnsupportedPulumiError);
    const lines: string[] = [];
    const code = reportFailure("plan", err, { stdout: () => undefined, stderr: (text) => lines.push(text) });
    expect(code).to.equal(EXIT.rejected);
    expect(lines.join("")).to.match(/^plan: @pulumi\/pulumi \S+ has no runtime\/settings waitForRPCs, .*install @pulumi\/pulumi 3\.248\.0 .*\n$/);
    expect(lines.join("")).to.not.match(/\n\s+at /);
  });
});
