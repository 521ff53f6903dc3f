// OpenTofu for the Terraform-family tests and for `tofu` templates: built from the Go module proxy
// into .tools/bin/tofu (on the PATH of every task, src/config toolPaths), since no vendor download
// works here. `go install …@version` is refused (its go.mod has a `replace`), so the module is
// downloaded, copied somewhere writable and built there: about 5 minutes on two cores, a 126 MB
// binary. Only when asked (`npm run setup:tofu`, `npm test`); a binary of the pinned version is
// kept, whoever built it. Without Go it says so and goes on: the OpenTofu tests are then skipped.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const TOFU_VERSION = '1.10.6';
const MODULE = `github.com/opentofu/opentofu@v${TOFU_VERSION}`;

/**
 * The version a tofu binary says it is, or null when it does not run. "OpenTofu v1.10.6-dev" (a
 * build without the release's linker flag) is 1.10.6 too.
 */
export function tofuVersion(run, binary) {
  if (!existsSync(binary)) return null;
  const res = run(binary, ['version'], { capture: true });
  return res.ok ? (/^OpenTofu v(\d+\.\d+\.\d+)(-dev)?$/m.exec(res.output)?.[1] ?? null) : null;
}

/** Whether others (the task user) can run `path`: every folder above it passable, itself executable. */
function runnableByOthers(path) {
  if ((statSync(path).mode & 0o001) === 0) return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Creates `lock` holding this pid, unless a live process holds it. */
function takeLock(lock) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(lock, 'utf8'));
      } catch {
        // gone meanwhile: try again
      }
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

/**
 * Makes sure `<tools>/bin/tofu` is OpenTofu TOFU_VERSION. `build` false: only says whether it is
 * there and how to get it. Never fails setup: without Go, or when the build fails, it says why.
 */
export function ensureTofu({ run, say, tools, build }) {
  const binary = join(tools, 'bin', 'tofu');
  const found = tofuVersion(run, binary);
  if (found === TOFU_VERSION) {
    if (process.getuid?.() === 0 && !runnableByOthers(binary))
      say(`warning: ${binary} cannot be run by other users, so not by the task user either`);
    return;
  }
  if (!build) {
    say(
      found
        ? `.tools/bin/tofu is OpenTofu ${found}, not ${TOFU_VERSION}: \`npm run setup:tofu\` rebuilds it (about 5 minutes)`
        : `OpenTofu is not built: \`npm run setup:tofu\` builds it into .tools/bin (about 5 minutes, needs Go); tofu templates need it, or a tofu on PATH`,
    );
    return;
  }
  const go = run('go', ['version'], { capture: true });
  if (!go.ok) {
    say('Go is not installed: OpenTofu is not built, and the OpenTofu tests will be skipped');
    return;
  }
  mkdirSync(join(tools, 'bin'), { recursive: true });
  // Two setups at once (two worktrees sharing .tools) build once: the second one leaves it. A lock
  // left by a setup that was killed (its pid is gone) is taken over.
  const lock = join(tools, 'bin', '.tofu-build');
  if (!takeLock(lock)) {
    say(`another setup is building OpenTofu (its pid is in ${lock}): not building it again`);
    return;
  }
  // What a killed build left half-written.
  for (const name of readdirSync(join(tools, 'bin')))
    if (/^\.tofu-\d+$/.test(name)) rmSync(join(tools, 'bin', name), { force: true });
  const src = mkdtempSync(join(tmpdir(), 'opentofu-src-'));
  try {
    say(`building OpenTofu ${TOFU_VERSION} from the Go module proxy into .tools/bin/tofu (about 5 minutes)`);
    const download = run('go', ['mod', 'download', '-json', MODULE], { capture: true });
    const dir = download.ok ? JSON.parse(download.output.slice(download.output.indexOf('{'))).Dir : null;
    if (!dir) {
      say(`could not download ${MODULE}: OpenTofu is not built\n${download.output}`);
      return;
    }
    cpSync(dir, src, { recursive: true });
    run('chmod', ['-R', 'u+w', src]);
    // Written beside the binary, then renamed: a half-written tofu is never on the tasks' PATH.
    const partial = join(tools, 'bin', `.tofu-${process.pid}`);
    // version.dev=no, as OpenTofu releases are built: `tofu version` then has no "-dev".
    const ldflags = '-X github.com/opentofu/opentofu/version.dev=no';
    const built = run('go', ['build', '-ldflags', ldflags, '-o', partial, './cmd/tofu'], {
      cwd: src,
      capture: true,
      env: { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    });
    if (!built.ok) {
      rmSync(partial, { force: true });
      say(`building OpenTofu failed: the OpenTofu tests will be skipped\n${built.output}`);
      return;
    }
    chmodSync(partial, 0o755);
    renameSync(partial, binary);
    say(
      `built ${tofuVersion(run, binary) === TOFU_VERSION ? `OpenTofu ${TOFU_VERSION}` : 'tofu'} into .tools/bin/tofu`,
    );
  } finally {
    rmSync(src, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}
