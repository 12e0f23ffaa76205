// Run by test/trust/runtimes.test.ts as `ts-node test/trust/runtimes/tsNodeRunner.ts <inputs.json>`:
// the quant-notebook path (ts-node on src). Prints the dispatcher's outputs for every golden input.
import { readFileSync } from 'node:fs';
import * as api from '../../../src/index.js';
import { makeDispatch } from '../../golden/goldenCases.js';

const inputs = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
const dispatch = makeDispatch();
process.stdout.write(JSON.stringify(inputs.map((i) => dispatch(api, i))));
