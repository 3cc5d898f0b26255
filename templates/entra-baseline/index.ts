import { main } from "entra-baseline/program";

// Pulumi runs the exported function and awaits it; its result becomes the stack outputs.
// The program validates the stack's entra-baseline:* configuration, runs the guard, reads the
// tenant when credentials are in the environment, then declares Security Defaults or the
// Conditional Access baseline. Nothing is declared when anything is refused.
export = () => main();
