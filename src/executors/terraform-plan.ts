// The plan of a Terraform, OpenTofu or Terragrunt task (semaphore-behaviour.md §3.6): init and
// workspace, then the plan, then the apply when the template (or the task, where allowed)
// auto-approves; otherwise the run stops for confirmation and a later `apply` phase runs. Pure.
import type { Phase, PlanInput, RunPlan, Step } from './run-plan.ts';
import { surveyEnv } from './survey-secrets.ts';
import {
  applyCommand,
  autoApproves,
  type Command,
  planCommand,
  secretVarEnv,
  setupCommands,
  type TerraformApp,
} from './terraform.ts';

export function terraformPlan(input: PlanInput, app: TerraformApp, phase: Phase): RunPlan {
  const { details, material } = input;
  const params = details.input.terraform; // what the gate let the task ask for
  const tf = {
    app,
    workspace: material.inventory?.inventory.trim() || 'default',
    extraVars: details.extraVars,
    templateArgs: details.templateArgs,
    taskArgs: details.taskArgs,
    params,
  };
  const cwd = input.located.directory;
  if (!cwd) throw new Error('the terraform directory was not located in the working copy');
  // Later entries win: the environment's env vars, the task's secret survey values as TF_VAR_,
  // then the environment's env secrets, then its var secrets.
  const env = {
    PATH: input.path,
    HOME: input.workspaceDir,
    PWD: cwd,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...details.envVars,
    ...secretVarEnv(surveyEnv(material.surveySecrets)),
    ...material.envSecrets,
    ...secretVarEnv(material.varSecrets),
  };
  const step = ({ label, args, probe, needs }: Command): Step => ({
    label,
    command: app,
    args,
    cwd,
    env,
    ...(probe ? { probe } : {}),
    ...(needs ? { needs } : {}),
  });
  const plan = (steps: Step[], then: RunPlan['then']): RunPlan => ({ steps, files: [], agents: [], galaxy: [], then });
  const setup = setupCommands(tf).map(step);
  if (phase === 'apply') return plan([...setup, step(applyCommand(tf))], 'success');
  const planned = [...setup, step(planCommand(tf))];
  if (params.plan) return plan(planned, 'success');
  if (autoApproves(input.templateParams, params)) return plan([...planned, step(applyCommand(tf))], 'success');
  return plan(planned, 'confirm');
}
