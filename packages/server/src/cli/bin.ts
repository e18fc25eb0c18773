#!/usr/bin/env node
import { buildProgram } from './program.js';
import { failWith } from './run-command.js';

await buildProgram().parseAsync(process.argv).catch(failWith);
