#!/usr/bin/env node
"use strict";
// The `entra-baseline` executable (package.json "bin"): `npx entra-baseline plan --stack contoso`.
// In a clone of the repository the TypeScript sources sit beside this file and run through
// cli/register.js; in the npm package, which ships no sources, the built dist/cli/ runs.
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "entra-baseline.ts");
const inClone = fs.existsSync(source);
if (inClone) require("./register.js");
const folder = inClone ? __dirname : path.join(__dirname, "..", "dist", "cli");
const { main } = require(path.join(folder, "entra-baseline"));
require(path.join(folder, "runCommand")).runAsScript(main);
