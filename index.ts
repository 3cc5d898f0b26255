import { main, ProgramOptions } from "./program";

// Pulumi calls the exported function and awaits it; its result becomes the stack outputs.
// The offline plan calls the same function with its own options.
export = (options?: ProgramOptions) => main(options);
