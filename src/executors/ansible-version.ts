// The version of ansible-core that tasks would run, for GET /api/info: the first line of
// `ansible --version` ("ansible [core 2.17.4]"), found once per process; "" when there is none.
import { execa } from 'execa';
import { childPath, type Config } from '../config/index.ts';

let cached: Promise<string> | undefined;

export function ansibleVersion(config: Config): Promise<string> {
  cached ??= execa('ansible', ['--version'], {
    env: { PATH: childPath(config), HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
    extendEnv: false,
    timeout: 15_000,
    reject: false,
  }).then(
    (r) => (r.exitCode === 0 ? String(r.stdout).split('\n')[0].trim() : ''),
    () => '',
  );
  return cached;
}
