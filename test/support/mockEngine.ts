import { sharedRecorder } from "../../plan/mockEngine";

/** Installs the process's mocks; preview=false so tests can read output values. */
export function installMocks(): void {
  sharedRecorder(false);
}

/** The one recorder of the test process; specs call `recorder.reset()` before declaring. */
export const recorder = sharedRecorder(false);
