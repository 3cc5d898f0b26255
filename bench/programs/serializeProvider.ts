// Loads the SDK and serializes the Security Defaults provider once, as the engine does on every run.
import * as pulumi from "@pulumi/pulumi";
import { securityDefaultsProvider } from "../../components/securityDefaultsProvider";

pulumi.runtime.serializeFunction(() => securityDefaultsProvider, { allowSecrets: true }).then(() => process.exit(0));
