// A ts-node transpiler (tsconfig "ts-node": { "transpiler": ... }) for the test suite's child processes:
// ts-node's own TypeScript transpile (the very function ts-node 10 runs in --transpile-only mode, on
// the project's compiler options), memoized on disk by a hash of the TypeScript version, the options,
// the module kind, the file name and the source text. Why: every process that loads src/ under
// ts-node transpiles it again, about 7 s of CPU (1.3 MB of TypeScript); the suite starts several (the
// examples, the worker pool's threads, ts-node on src in runtimes.test.ts, the conformance runner),
// and on two cores that CPU is the suite's wall time. The output is TypeScript's, byte for byte: a
// cached entry is only ever the result of the same transpile of the same input. Entries with
// diagnostics are not cached (ts-node reports them). Used through test/helpers/tsconfig.tsNode.json
// (TS_NODE_PROJECT, see tsNodeEnv in tsNode.ts).
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const DIR = join(__dirname, '..', '..', 'node_modules', '.cache', 'ts-node-transpile');

exports.create = ({ service, nodeModuleEmitKind }) => {
  const ts = require('typescript');
  const { createTsTranspileModule } = require(join(dirname(require.resolve('ts-node')), 'ts-transpile-module.js'));
  const compilerOptions = service.config.options;
  const transpile = createTsTranspileModule(ts, { compilerOptions, reportDiagnostics: true });
  const kind = nodeModuleEmitKind === 'nodeesm' ? 'module' : 'commonjs';
  // ts-node's version too: its transpile-module wrapper makes the entries, and `npm install` can
  // upgrade it and keep node_modules/.cache.
  const salt = JSON.stringify([ts.version, require('ts-node/package.json').version, compilerOptions, nodeModuleEmitKind ?? null]);
  return {
    transpile(code, { fileName }) {
      const key = createHash('sha256').update(salt).update('\0').update(fileName).update('\0').update(code).digest('hex');
      const file = join(DIR, `${key}.json`);
      try {
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        // Not cached yet (or being written by another process): transpile.
      }
      const r = transpile(code, { fileName }, kind);
      if (!r.diagnostics || r.diagnostics.length === 0) {
        try {
          mkdirSync(DIR, { recursive: true });
          // Written whole, then renamed: a process reading at the same time sees the entry or none.
          const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
          writeFileSync(tmp, JSON.stringify({ outputText: r.outputText, sourceMapText: r.sourceMapText }));
          renameSync(tmp, file);
        } catch {
          // A cache that cannot be written only costs time.
        }
      }
      return r;
    },
  };
};
