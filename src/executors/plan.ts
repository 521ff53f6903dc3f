// Which plan a task's app gets (run-plan.ts), and which paths of the working copy it needs checked
// first. Pure: run-effects.ts checks the paths, builds the plan with this and carries it out.
// Every app runs the executable admins set for it (`apps.<id>.path`, /api/apps) with its
// `apps.<id>.args` first; a project user only picks an app id among the active ones.
import type { RunApp, RunMaterial, TaskDetails } from '../tasks/run-job.ts';
import { vaultScriptProblem } from '../domain/vault-script.ts';
import { ansiblePlan } from './ansible-plan.ts';
import type { Phase, PlanInput, RunPlan } from './run-plan.ts';
import { shellPlan } from './shell-plan.ts';
import { isTerraformApp } from './terraform.ts';
import { terraformPlan } from './terraform-plan.ts';

/** A path the template or task names in the working copy, to be checked (working-copy-path.ts). */
export interface PathToLocate {
  as: 'script' | 'inventoryFile' | 'directory' | 'vaultScript';
  kind: 'file' | 'directory';
  relative: string;
  what: string;
  /** The working copy it is in: the template's (default) or the inventory's own repository. */
  in?: 'inventoryRepository';
}

export class VaultScriptPathError extends Error {
  override name = 'VaultScriptPathError';
}

/** Throws for an app that cannot run (in this phase) before anything is checked or written. */
export function pathsToLocate(details: TaskDetails, material: RunMaterial, phase: Phase): PathToLocate[] {
  const { template } = details;
  if (isTerraformApp(template.app))
    return [{ as: 'directory', kind: 'directory', relative: template.playbook, what: 'terraform directory' }];
  if (phase === 'apply') throw new Error(`app "${template.app}" has no apply phase`);
  // The task's playbook (as the gate allowed) or the template's.
  const script: PathToLocate = {
    as: 'script',
    kind: 'file',
    relative: details.input.playbook || template.playbook,
    what: 'playbook',
  };
  if (template.app !== 'ansible') return [script];
  const paths = [script];
  const inv = material.inventory;
  if (inv?.type === 'file')
    paths.push({
      as: 'inventoryFile',
      kind: 'file',
      relative: inv.inventory,
      what: 'inventory file',
      ...(material.inventoryRepository ? { in: 'inventoryRepository' as const } : {}),
    });
  for (const vault of material.vaults) {
    if (!('script' in vault)) continue;
    const problem = vaultScriptProblem(vault.script);
    if (problem) throw new VaultScriptPathError(`vault "${vault.name}": ${problem}`);
    paths.push({ as: 'vaultScript', kind: 'file', relative: vault.script, what: `vault "${vault.name}" script` });
  }
  return paths;
}

export function buildPlan(input: PlanInput, phase: Phase): RunPlan {
  const { app } = input.details.template;
  const runApp = input.details.app;
  if (runApp.id !== app) throw new Error(`the run's app "${runApp.id}" is not the template's app "${app}"`);
  const plan = (() => {
    if (isTerraformApp(app)) return withAppCommand(terraformPlan(input, app, phase), runApp);
    if (phase === 'apply') throw new Error(`app "${app}" has no apply phase`);
    if (app === 'ansible') return withAppCommand(ansiblePlan(input), runApp);
    // bash, python, powershell, pulumi and custom apps: `<path> <args> <script> …` (§3.7).
    return shellPlan(input, runApp);
  })();
  return withBaseEnv(plan, input.baseEnv);
}

/** Each step runs the app's executable, with the app's arguments before the step's own. */
function withAppCommand(plan: RunPlan, app: RunApp): RunPlan {
  return { ...plan, steps: plan.steps.map((s) => ({ ...s, command: app.path, args: [...app.args, ...s.args] })) };
}

/**
 * The configured task environment (SEMAPHORE_ENV_VARS, SEMAPHORE_FORWARDED_ENV_VARS) under what
 * the plan sets, as upstream puts it first: PATH, HOME, the environment's variables and secrets win.
 */
function withBaseEnv(plan: RunPlan, baseEnv: Record<string, string>): RunPlan {
  return {
    ...plan,
    steps: plan.steps.map((s) => ({ ...s, env: { ...baseEnv, ...s.env } })),
    galaxy: plan.galaxy.map((g) => ({ ...g, env: { ...baseEnv, ...g.env } })),
  };
}
