import * as pulumi from "@pulumi/pulumi";
import { ResourceRecorder } from "../../cli/mockEngine";

/** The one recorder of the test process; specs call `recorder.reset()` before declaring. */
export const recorder = new ResourceRecorder();

export function installMocks(): void {
  // preview=false so tests can read output values.
  void pulumi.runtime.setMocks(recorder, "entra-baseline", "test", false);
}
