// The floor the offline plan is compared with: a Pulumi program under the same mock engine that registers one resource.
import * as pulumi from "@pulumi/pulumi";
import { sharedRecorder, waitForRegistrations } from "../../plan/mockEngine";

/** The one resource: CustomResource is abstract, so a minimal concrete type. */
class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super("bench:index:Thing", name, { value: 1 });
  }
}

sharedRecorder();
new Thing("one");
waitForRegistrations().then(() => process.exit(0));
