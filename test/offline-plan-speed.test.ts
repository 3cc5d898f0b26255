import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SecurityDefaults } from "../components/securityDefaults";
import { PROVIDER_NOT_SERIALIZED, SECURITY_DEFAULTS_TYPE, waitForRegistrations } from "../plan/mockEngine";
import { runPlan } from "../plan/runPlan";
import { EXAMPLE_STACKS } from "./fixtures/exampleStacks";
import { recorder } from "./support/mockEngine";

const providerCode = () => recorder.resources.find((r) => r.type === SECURITY_DEFAULTS_TYPE)?.inputs.__provider;

describe("the offline plan does not serialize the dynamic providers' code", () => {
  it("plans exactly what it plans when it serializes them", async () => {
    for (const stack of Object.values(EXAMPLE_STACKS)) {
      const fast = await runPlan({ stack });
      const serialized = await runPlan({ stack, serializeProviders: true });
      expect(fast, stack).to.deep.equal(serialized);
    }
  });

  it("uses the stand-in while it plans, and real code with serializeProviders", async () => {
    await runPlan({ stack: EXAMPLE_STACKS.free });
    expect(providerCode()).to.equal(PROVIDER_NOT_SERIALIZED);
    await runPlan({ stack: EXAMPLE_STACKS.free, serializeProviders: true });
    expect(providerCode()).to.be.a("string").and.contain("exports.handler");
  });

  it("leaves Pulumi's serializer and its cache as they were: a resource declared after a plan carries its real code", async () => {
    await runPlan({ stack: EXAMPLE_STACKS.p2 });
    recorder.reset();
    new SecurityDefaults("after-a-plan", { isEnabled: true });
    await waitForRegistrations();
    expect(providerCode()).to.be.a("string").and.contain("exports.handler").and.not.equal(PROVIDER_NOT_SERIALIZED);
  });
});

describe("the TypeScript transform cache (cli/register.js)", () => {
  const { compiled, transform } = require("../cli/register.js") as {
    compiled: (source: string, filename: string, cache?: string) => string;
    transform: (source: string, filename: string) => string;
  };

  it("gives sucrase's output, from the cache once written, and a new entry when the source changes", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "eb-ts-cache-"));
    const file = path.join(cache, "example.ts");
    const source = 'import { a } from "./a";\nexport const b: number = a + 1;\n';
    expect(compiled(source, file, cache)).to.equal(transform(source, file));
    const [entry] = fs.readdirSync(cache).filter((f) => f.endsWith(".js"));
    fs.writeFileSync(path.join(cache, entry), "/* from the cache */");
    expect(compiled(source, file, cache)).to.equal("/* from the cache */");
    expect(compiled(`${source}// changed\n`, file, cache)).to.equal(transform(`${source}// changed\n`, file));
    expect(fs.readdirSync(cache).filter((f) => f.endsWith(".js"))).to.have.length(2);
  });

  it("still transforms when the cache cannot be written", () => {
    const notAFolder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eb-ts-cache-")), "file");
    fs.writeFileSync(notAFolder, "");
    const source = "export const x: string = 'y';\n";
    expect(compiled(source, "/x.ts", notAFolder))
      .to.equal(transform(source, "/x.ts"))
      .and.not.contain(": string");
  });
});
