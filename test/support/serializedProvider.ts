import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { waitForRegistrations } from "../../plan/mockEngine";
import { recorder } from "./mockEngine";
import { startGraphDouble, type GraphDouble } from "../graph-double/server";

/** One call of a dynamic provider's method, as Pulumi's provider host makes it. */
export interface ProviderCall {
  readonly method: "check" | "diff" | "create" | "read" | "update" | "delete";
  readonly args: readonly unknown[];
}

/** What one call ended with: its result, or what it threw as the provider host sees it. */
export type ProviderOutcome =
  | { readonly result: unknown; readonly thrown?: undefined }
  | { readonly result?: undefined; readonly thrown: { readonly message: string; readonly text: string; readonly isError: boolean } };

/**
 * Runs calls of a serialized provider (the text Pulumi stores in `__provider`, written to `providerFile`) in a
 * fresh process that has only `env`, the way the dynamic-provider host runs them; the calls stop at the first throw.
 */
export function runSerializedProvider(providerFile: string, calls: readonly ProviderCall[], env: NodeJS.ProcessEnv): Promise<ProviderOutcome[]> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [path.join(__dirname, "runSerializedProvider.js"), providerFile, JSON.stringify(calls)],
      { cwd: path.join(__dirname, "..", ".."), env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as ProviderOutcome[]);
        } catch {
          reject(new Error(`the provider host script failed (${error?.message ?? "no JSON"}): ${stderr}`));
        }
      },
    ),
  );
}

/**
 * Declares one resource under the mock engine and returns the provider Pulumi serialized for it (its
 * `__provider` input), also written to `provider.js` in a fresh folder. `canary` sits in the environment
 * meanwhile, as AZURE_CLIENT_SECRET_CANARY, so that a spec can check that no secret was captured.
 */
export async function serializeProvider(declare: () => unknown, type: string, canary: string): Promise<{ text: string; dir: string }> {
  recorder.reset();
  process.env.AZURE_CLIENT_SECRET_CANARY = canary;
  try {
    declare();
    await waitForRegistrations();
  } finally {
    delete process.env.AZURE_CLIENT_SECRET_CANARY;
  }
  const text = recorder.resources.find((r) => r.type === type)!.inputs.__provider as string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-provider-"));
  fs.writeFileSync(path.join(dir, "provider.js"), text);
  return { text, dir };
}

/** A provider as Pulumi serialized it (`provider.js` in `dir`), and the Graph double it calls (its CA in `dir`/ca.pem). */
export interface SerializedProviderUnderTest {
  text: string;
  dir: string;
  double: GraphDouble;
}

/**
 * For a `describe` block: before its specs, the resource's provider serialized (with a canary secret in the environment
 * meanwhile) and a Graph double started, its CA written beside `provider.js`; after them, the double closed. The object
 * returned is filled in before the first spec runs.
 */
export function useSerializedProvider(declare: () => unknown, type: string, canary = "canary-secret-never-serialized"): SerializedProviderUnderTest {
  const under = {} as SerializedProviderUnderTest;
  before(async function () {
    this.timeout(60000);
    Object.assign(under, await serializeProvider(declare, type, canary));
    under.double = await startGraphDouble();
    fs.writeFileSync(path.join(under.dir, "ca.pem"), under.double.ca);
  });
  after(async () => {
    await under.double?.close();
  });
  return under;
}
