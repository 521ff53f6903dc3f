// Terraform, OpenTofu and Terragrunt (semaphore-behaviour.md §3.6): the commands of each phase as
// pure functions. Plain extra vars become `-var name=value`; secret vars travel as TF_VAR_<name>
// environment variables instead, so they never show in `ps` output.

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

/** init and workspace selection, run before both the plan and the apply. */
export function setupCommands(input: TerraformInput): Command[] {
  const init = ['init', '-input=false'];
  if (input.params.upgrade) init.push('-upgrade');
  if (input.params.reconfigure) init.push('-reconfigure');
  // The workspace comes from the inventory's text: a name starting with "-" would be an option.
  if (input.workspace.startsWith('-'))
    throw new TerraformArgumentError(`workspace "${input.workspace}" must not start with "-"`);
  const workspace = ['workspace', 'select', '-or-create=true', input.workspace || 'default'];
  return [
    { label: 'init', args: init },
    { label: 'workspace', args: input.app === 'terragrunt' ? ['run', '--', ...workspace] : workspace },
  ];
}

export function planCommand(input: TerraformInput): Command {
  const args = ['plan', '-input=false'];
  if (input.params.destroy) args.push('-destroy');
  return { label: 'plan', args: [...args, ...varArgs(input.extraVars), ...input.templateArgs, ...input.taskArgs] };
}

export function applyCommand(input: TerraformInput): Command {
  const args = ['apply', '-input=false', '-auto-approve'];
  if (input.params.destroy) args.push('-destroy');
  return { label: 'apply', args: [...args, ...varArgs(input.extraVars), ...input.templateArgs, ...input.taskArgs] };
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
