// Which plan a task's app gets (run-plan.ts), and which paths of the working copy it needs checked
// first. Pure: run-effects.ts checks the paths, builds the plan with this and carries it out.
import type { RunMaterial, TaskDetails } from '../tasks/run-job.ts';
import { vaultScriptProblem } from '../domain/vault-script.ts';
import { ansiblePlan } from './ansible-plan.ts';
import { type Phase, type PlanInput, type RunPlan, UnsupportedAppError } from './run-plan.ts';
import { isShellApp } from './shell.ts';
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
  if (template.app !== 'ansible' && !isShellApp(template.app))
    throw new UnsupportedAppError(`app "${template.app}" is not supported yet`);
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
  if (isTerraformApp(app)) return terraformPlan(input, app, phase);
  if (phase === 'apply') throw new Error(`app "${app}" has no apply phase`);
  if (app === 'ansible') return ansiblePlan(input);
  if (isShellApp(app)) return shellPlan(input, app);
  throw new UnsupportedAppError(`app "${app}" is not supported yet`);
}
