// Carries out a run's plan (plan.ts, run-plan.ts): checks the paths it names in the working copy,
// writes its files into the task's workspace, starts its ssh-agents and runs ansible-galaxy, and
// returns the processes to run. Everything here touches the world; every decision is in the plan.
import { jsonColumn } from '../store/json-columns.ts';
import { isAbsolute, relative } from 'node:path';
import type { Config } from '../config/index.ts';
import { startSshAgent } from '../security/ssh-agent.ts';
import type { RunMaterial, TaskDetails } from '../tasks/run-job.ts';
import type { TaskWorkspace } from '../tasks/workspace.ts';
import { galaxyCache, installRequirements } from './galaxy.ts';
import { buildPlan, pathsToLocate } from './plan.ts';
import type { LocatedPaths, Phase, Step } from './run-plan.ts';
import { existingDirectoryInside, existingFileInside } from './working-copy-path.ts';

export interface RunEffectsInput {
  config: Config;
  details: TaskDetails;
  material: RunMaterial;
  workspace: TaskWorkspace;
  repoDir: string;
  /** The working copy of a `file` inventory's own repository, when it has one. */
  inventoryRepoDir?: string;
  path: string;
  log: (line: string) => void;
  /** Aborted when the task is stopped: ends ansible-galaxy and what it started. */
  signal?: AbortSignal;
}

export interface PreparedRun {
  steps: Step[];
  then: 'success' | 'confirm';
}

export async function prepareRun(input: RunEffectsInput, phase: Phase = 'run'): Promise<PreparedRun> {
  const { details, material, workspace, repoDir } = input;
  const located: LocatedPaths = { repoDir };
  for (const p of pathsToLocate(details, material, phase)) {
    const root = p.in === 'inventoryRepository' ? input.inventoryRepoDir : repoDir;
    if (!root) throw new Error(`${p.what}: the inventory's repository was not checked out`);
    const found =
      p.kind === 'file'
        ? existingFileInside(root, p.relative, p.what)
        : existingDirectoryInside(root, p.relative, p.what);
    if (p.as === 'vaultScript') located.vaultScripts = { ...located.vaultScripts, [p.relative]: found };
    else located[p.as] = found;
  }
  const plan = buildPlan(
    {
      details,
      material,
      templateParams: jsonColumn('template', details.template, 'task_params'),
      located,
      workspaceDir: workspace.dir,
      galaxy: galaxyCache(input.config.taskRoot, details.template.id),
      path: input.path,
      lang: process.env.LANG ?? 'C.UTF-8',
      webHost: input.config.webHost,
      baseEnv: input.config.taskEnv,
      sshConfigPath: input.config.sshConfigPath,
    },
    phase,
  );

  for (const file of plan.files) {
    if (file.announce) input.log(file.announce);
    // The plan names its files below the workspace; privateFile refuses to write through a link.
    await workspace.privateFile(insideWorkspace(workspace, file.path), file.content, file.mode);
  }
  const agentEnv: Record<string, string> = {};
  for (const agent of plan.agents) agentEnv[agent.envVar] = await startSshAgent(workspace, agent.key, agent.label);
  for (const galaxy of plan.galaxy)
    await installRequirements({
      repoDir: galaxy.repoDir,
      playbook: galaxy.playbook,
      paths: galaxy.paths,
      env: { ...galaxy.env, ...agentEnv },
      log: input.log,
      runAs: workspace.runAs,
      signal: input.signal,
    });
  return { steps: plan.steps.map((s) => ({ ...s, env: { ...s.env, ...agentEnv } })), then: plan.then };
}

function insideWorkspace(workspace: TaskWorkspace, path: string): string {
  const rel = relative(workspace.dir, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel))
    throw new Error(`planned file "${path}" is outside the task's workspace`);
  return rel;
}
