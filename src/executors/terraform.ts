// Terraform, OpenTofu and Terragrunt (semaphore-behaviour.md §3.6): the commands of each phase as
// pure functions. Plain extra vars become `-var name=value`; secret vars travel as TF_VAR_<name>
// environment variables instead, so they never show in `ps` output. As upstream: init and plan
// take no state lock (`-lock=false`; the apply does lock), the workspace is selected only when
// `workspace list` works (a backend without workspaces fails it), and Terragrunt is told which
// Terraform binary to drive (`--tf-path`).

export const TERRAFORM_APPS = ['terraform', 'tofu', 'terragrunt'] as const;
export type TerraformApp = (typeof TERRAFORM_APPS)[number];

export function isTerraformApp(app: string): app is TerraformApp {
  return (TERRAFORM_APPS as readonly string[]).includes(app);
}

export interface TerraformParams {
  /** Stop after the plan with success. */
  plan?: boolean;
  destroy?: boolean;
  autoApprove?: boolean;
  upgrade?: boolean;
  reconfigure?: boolean;
}

/** The binary Terragrunt drives (`--tf-path`): Terraform, as upstream. */
export const TERRAGRUNT_TF_PATH = 'terraform';

export interface TerraformInput {
  app: TerraformApp;
  workspace: string;
  extraVars: Record<string, unknown>;
  templateArgs: string[];
  taskArgs: string[];
  params: TerraformParams;
}

export interface Command {
  label: string;
  args: string[];
  /** A failure does not end the run: it skips the commands that need this one. */
  probe?: true;
  /** The label of a probe that must have succeeded for this command to run. */
  needs?: string;
}

export class TerraformArgumentError extends Error {
  override name = 'TerraformArgumentError';
}

/** Terraform's variable names; a `=` or a leading `-` would change what `-var name=value` means. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function varArgs(extraVars: Record<string, unknown>): string[] {
  return Object.entries(extraVars)
    .filter(([k]) => k !== 'semaphore_vars')
    .flatMap(([k, v]) => {
      if (!VARIABLE_NAME.test(k))
        throw new TerraformArgumentError(`extra var name ${JSON.stringify(k)} is not a Terraform variable name`);
      return ['-var', `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`];
    });
}

/**
 * The app's own command (`init`, `plan` …) with its options; Terragrunt gets `--tf-path` first,
 * and runs other commands through `run --tf-path=… -- <command>`.
 */
function command(app: TerraformApp, label: string, args: string[], own = true): Command {
  if (app !== 'terragrunt') return { label, args };
  const tfPath = `--tf-path=${TERRAGRUNT_TF_PATH}`;
  return { label, args: own ? [args[0], tfPath, ...args.slice(1)] : ['run', tfPath, '--', ...args] };
}

/** init and workspace selection, run before both the plan and the apply. */
export function setupCommands(input: TerraformInput): Command[] {
  const init = ['init', '-lock=false', '-input=false'];
  if (input.params.upgrade) init.push('-upgrade');
  if (input.params.reconfigure) init.push('-reconfigure');
  // The workspace comes from the inventory's text: a name starting with "-" would be an option.
  if (input.workspace.startsWith('-'))
    throw new TerraformArgumentError(`workspace "${input.workspace}" must not start with "-"`);
  const select = ['workspace', 'select', '-or-create=true', input.workspace || 'default'];
  return [
    command(input.app, 'init', init),
    { ...command(input.app, 'workspace list', ['workspace', 'list'], false), probe: true },
    { ...command(input.app, 'workspace', select, false), needs: 'workspace list' },
  ];
}

export function planCommand(input: TerraformInput): Command {
  const args = ['plan', '-lock=false', '-input=false'];
  if (input.params.destroy) args.push('-destroy');
  return command(input.app, 'plan', [...args, ...varArgs(input.extraVars), ...input.templateArgs, ...input.taskArgs]);
}

export function applyCommand(input: TerraformInput): Command {
  const args = ['apply', '-input=false', '-auto-approve'];
  if (input.params.destroy) args.push('-destroy');
  return command(input.app, 'apply', [...args, ...varArgs(input.extraVars), ...input.templateArgs, ...input.taskArgs]);
}

export function secretVarEnv(varSecrets: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(varSecrets).map(([k, v]) => [`TF_VAR_${k}`, v]));
}

/** Terraform prints this when the plan is empty; the task then ends as success without apply. */
export const NO_CHANGES = /No changes\./;

/**
 * Whether the apply follows the plan at once: the template auto-approves, or it allows it and
 * the task asks for it.
 */
export function autoApproves(templateParams: Record<string, unknown>, taskParams: TerraformParams): boolean {
  return (
    templateParams.auto_approve === true ||
    (templateParams.allow_auto_approve === true && taskParams.autoApprove === true)
  );
}
