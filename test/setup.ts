// Pulumi mocks are global to the process: they are set once here, before any spec runs.
import { installMocks } from "./support/mockEngine";

installMocks();
