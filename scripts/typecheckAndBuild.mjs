// `npm test`'s first step: the type-check (`npm run typecheck`) and the build (`npm run build`) side by
// side. Each is mostly one thread (tsc; tsup's esbuild and d.ts passes), so on a 2-core machine running
// them together takes about 20 s instead of about 30 s. Fails when either fails, after both finish.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) =>
  new Promise((resolve) => {
    const child = spawn(npm, ['run', '-s', script], { stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
const codes = await Promise.all([run('typecheck'), run('build')]);
process.exit(codes.find((c) => c !== 0) ?? 0);
