// What a build or deploy task tells its process about versions (§3.5, §3.8): SEMAPHORE_TASK_*
// environment variables and the matching fields of semaphore_vars.task_details.

export interface BuildVarsInput {
  type: string;
  incomingVersion?: string | null;
  targetVersion?: string | null;
}

export function buildVarsEnv(vars: BuildVarsInput | null | undefined): Record<string, string> {
  if (!vars) return {};
  return {
    SEMAPHORE_TASK_TYPE: vars.type,
    ...(vars.incomingVersion ? { SEMAPHORE_TASK_INCOMING_VERSION: vars.incomingVersion } : {}),
    ...(vars.targetVersion ? { SEMAPHORE_TASK_TARGET_VERSION: vars.targetVersion } : {}),
  };
}

export function buildVarsTaskDetails(vars: BuildVarsInput | null | undefined): Record<string, string> {
  if (!vars) return {};
  return {
    type: vars.type,
    ...(vars.incomingVersion ? { incoming_version: vars.incomingVersion } : {}),
    ...(vars.targetVersion ? { target_version: vars.targetVersion } : {}),
  };
}
