// The plan of a bash, python, powershell, pulumi or custom app's task (semaphore-behaviour.md
// §3.7): one process, the app's executable with the script and its arguments, in the working
// copy. Pure.
import type { PlanInput, RunPlan } from './run-plan.ts';
import { buildVarsEnv } from './build-vars.ts';
import type { RunApp } from '../tasks/run-job.ts';
import { shellCommand } from './shell.ts';
import { surveyEnv } from './survey-secrets.ts';

export function shellPlan(input: PlanInput, app: RunApp): RunPlan {
  const { details, material } = input;
  const { repoDir, script } = input.located;
  if (!script) throw new Error('the script was not located in the working copy');
  const { command, args } = shellCommand({
    app,
    script,
    templateArgs: details.templateArgs,
    extraVars: details.extraVars,
    taskArgs: details.taskArgs,
  });
  const env = {
    PATH: input.path,
    HOME: input.workspaceDir,
    PWD: repoDir,
    LANG: input.lang,
    // Later entries win: the environment's env vars, the task's secret survey values, the
    // environment's var secrets, its env secrets.
    ...details.envVars,
    ...surveyEnv(material.surveySecrets),
    ...material.varSecrets,
    ...material.envSecrets,
    // Not upstream (it gives these to ansible only): build scripts in bash need them as much.
    ...buildVarsEnv(details.buildVars),
  };
  return {
    steps: [{ label: app.id, command, args, cwd: repoDir, env }],
    files: [],
    agents: [],
    galaxy: [],
    then: 'success',
  };
}
