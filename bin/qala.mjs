#!/usr/bin/env node
// The `qala` command. Runs the TypeScript sources through tsx so that
// `npx qala …` works from a fresh clone right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
