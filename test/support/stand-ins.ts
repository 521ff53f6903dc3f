// Stand-ins for tools that cannot be installed on these machines (Terraform, Terragrunt,
// PowerShell; OpenTofu is real, built by setup: test/tofu.test.ts). Each is a small script,
// provided by the tests and named as a stand-in, that records its argv, working directory and
// chosen environment variables into calls.log beside it and prints what the real tool prints at
// each step. The production code that spawns the real tools is unchanged: the stand-ins are simply
// on PATH.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workDir } from './env.ts';

const TERRAFORM_STAND_IN = `#!/bin/bash
# STAND-IN for terraform/terragrunt, provided by Signalman's tests: records and imitates.
log="$(dirname "$0")/calls.log"
printf '%s\\t%s\\t%s\\t%s\\n' "$(basename "$0")" "$PWD" "$*" "TF_VAR_db_password=\${TF_VAR_db_password:-}" >> "$log"
case "$1" in
  init) echo "Terraform has been successfully initialized!" ;;
  workspace|run)
    # A backend without workspaces: "workspace list" fails (as with Terraform's http backend).
    if [ -f no-workspaces ] && [ "$2" = list -o "$5" = list ]; then echo "workspaces not supported" >&2; exit 1; fi
    echo "Switched to workspace." ;;
  plan)
    if [ -f no-changes ]; then echo "No changes. Your infrastructure matches the configuration."
    else echo "Plan: 1 to add, 0 to change, 0 to destroy."; fi ;;
  apply) sleep "\${STAND_IN_APPLY_SECONDS:-0}"; echo "Apply complete! Resources: 1 added, 0 changed, 0 destroyed." ;;
  *) echo "stand-in: unknown command $1" >&2; exit 1 ;;
esac
`;

const PWSH_STAND_IN = `#!/bin/bash
# STAND-IN for pwsh (PowerShell), provided by Signalman's tests: records and imitates.
log="$(dirname "$0")/calls.log"
printf '%s\\t%s\\t%s\\n' pwsh "$PWD" "$*" >> "$log"
[ "$1" = "-File" ] || { echo "stand-in: expected -File" >&2; exit 1; }
echo "PowerShell stand-in ran $2"
`;

export interface StandIns {
  dir: string;
  calls(): string[][];
}

/** Writes the stand-ins into a folder and puts it first on this process's PATH. */
export function installStandIns(): StandIns {
  const dir = workDir('stand-ins');
  for (const name of ['terraform', 'terragrunt']) writeFileSync(join(dir, name), TERRAFORM_STAND_IN);
  writeFileSync(join(dir, 'pwsh'), PWSH_STAND_IN);
  for (const name of ['terraform', 'terragrunt', 'pwsh']) chmodSync(join(dir, name), 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
  return {
    dir,
    calls: () => {
      const file = join(dir, 'calls.log');
      return existsSync(file)
        ? readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => l.split('\t'))
        : [];
    },
  };
}
