/**
 * `npm run check:kernel`: the kernel property of test/kernel/figures.property.test.ts over 1,000,000
 * accounts (not in CI: about half an hour on one core). For every account of every population,
 * `engine.figures(engine.compile(account))` (and, for moved populations, the same handle on a
 * `withPrices` tick) must equal the fields of `engine.assess(account)` byte for byte. Prints the
 * count, the mismatches (none expected) and each population's share served by the Decimal path.
 *
 * Environment: CHECK_KERNEL_ACCOUNTS (default 1,000,000) sets the total; CHECK_KERNEL_SEED the seed.
 */
import { createMarginEngine } from '../src/engine/index';
import { checkPopulation } from '../test/kernel/checkPopulation';
import { movedPrices, POPULATIONS } from '../test/kernel/populations';
import { rng } from './generate';

const total = Number(process.env.CHECK_KERNEL_ACCOUNTS ?? 1_000_000);
const seed = Number(process.env.CHECK_KERNEL_SEED ?? 20261130);
// The populations' shares of the total (the bench-like accounts first; boundaries double their count with thresholds).
const shares = [0.3, 0.15, 0.2, 0.25, 0.1];
const started = performance.now();
let accounts = 0;
let evaluations = 0;
let mismatches = 0;
POPULATIONS.forEach((pop, k) => {
  const want = Math.round(total * (shares[k] ?? 0.1));
  // In chunks, so that progress shows and memory stays flat.
  const chunk = 20_000;
  let done = 0;
  let kernel = 0;
  let evals = 0;
  for (let c = 0; done < want; c++) {
    const n = Math.min(chunk, want - done);
    const out = checkPopulation(pop, n, seed + 1000 * k + c, createMarginEngine, movedPrices, rng);
    done += n;
    accounts += out.accounts;
    evals += out.evaluations;
    kernel += out.kernel;
    mismatches += out.mismatches.length;
    for (const m of out.mismatches.slice(0, 5)) console.log(m);
    process.stdout.write(`\r  ${pop.name}: ${done.toLocaleString('en-US')} / ${want.toLocaleString('en-US')}`);
  }
  evaluations += evals;
  console.log(`\r${pop.name}: ${done.toLocaleString('en-US')} generated, ${evals.toLocaleString('en-US')} evaluations, Decimal path ${((100 * (evals - kernel)) / evals).toFixed(3)}%`);
});
console.log(`\n${accounts.toLocaleString('en-US')} accounts, ${evaluations.toLocaleString('en-US')} evaluations, ${mismatches} mismatches, ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (mismatches > 0) process.exitCode = 1;
