// A task's secret survey values as environment variables (shell apps: as they are named;
// Terraform: as TF_VAR_<name>, by secretVarEnv). Texts as they are, other values as JSON. Pure.

export function surveyEnv(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}
