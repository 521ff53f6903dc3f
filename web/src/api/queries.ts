// The cached reads of the UI. Keys start with what invalidates them: ['project', id, 'tasks'] is
// refetched on every /api/ws update of a task of that project (live.ts), never on a timer.
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, unwrap } from './client';

export const userQuery = {
  queryKey: ['user'],
  queryFn: async () => {
    const result = await api.GET('/api/user');
    if (result.response.status === 401) return null; // signed out
    return unwrap(result);
  },
  staleTime: 60_000,
};

export function useUser() {
  return useQuery(userQuery);
}

export function useProjects() {
  return useQuery({ queryKey: ['projects'], queryFn: async () => unwrap(await api.GET('/api/projects')) });
}

export function useProject(projectId: number) {
  return useQuery({
    queryKey: ['project', projectId],
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}', { params: { path: { project_id: projectId } } })),
  });
}

export function useRole(projectId: number) {
  return useQuery({
    queryKey: ['project', projectId, 'role'],
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/role', { params: { path: { project_id: projectId } } })),
  });
}

export function useTasks(projectId: number) {
  return useQuery({
    queryKey: ['project', projectId, 'tasks'],
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/tasks', { params: { path: { project_id: projectId } } })),
  });
}

export function useTask(projectId: number, taskId: number) {
  return useQuery({
    queryKey: ['project', projectId, 'task', taskId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/project/{project_id}/tasks/{task_id}', {
          params: { path: { project_id: projectId, task_id: taskId } },
        }),
      ),
  });
}

export function useTemplates(projectId: number) {
  return useQuery({
    queryKey: ['project', projectId, 'templates'],
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/templates', { params: { path: { project_id: projectId } } })),
  });
}

/** Whether a failed query failed because the caller may not see it (or it does not exist). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 403);
}

export function useInventories(projectId: number, enabled = true) {
  return useQuery({
    queryKey: ['project', projectId, 'inventory'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/inventory', { params: { path: { project_id: projectId } } })),
  });
}

export function useRepositories(projectId: number, enabled = true) {
  return useQuery({
    queryKey: ['project', projectId, 'repositories'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/repositories', { params: { path: { project_id: projectId } } })),
  });
}

export function useEnvironments(projectId: number, enabled = true) {
  return useQuery({
    queryKey: ['project', projectId, 'environment'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/environment', { params: { path: { project_id: projectId } } })),
  });
}

export function useKeys(projectId: number, enabled = true) {
  return useQuery({
    queryKey: ['project', projectId, 'keys'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/keys', { params: { path: { project_id: projectId } } })),
  });
}

export function useViews(projectId: number, enabled = true) {
  return useQuery({
    queryKey: ['project', projectId, 'views'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/views', { params: { path: { project_id: projectId } } })),
  });
}

export function useTemplate(projectId: number, templateId: number, enabled = true) {
  return useQuery({
    queryKey: ['project', projectId, 'templates', templateId],
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/project/{project_id}/templates/{template_id}', {
          params: { path: { project_id: projectId, template_id: templateId } },
        }),
      ),
  });
}

export function useStages(projectId: number, taskId: number, status: string | undefined) {
  return useQuery({
    // The status in the key: each status change (an /api/ws update refetches the task) reads the stages again.
    queryKey: ['project', projectId, 'task', taskId, 'stages', status],
    enabled: status !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/project/{project_id}/tasks/{task_id}/stages', {
          params: { path: { project_id: projectId, task_id: taskId } },
        }),
      ),
  });
}

export function useApps() {
  return useQuery({ queryKey: ['apps'], queryFn: async () => unwrap(await api.GET('/api/apps')) });
}

/** The caller's permission bits in the project (0 while unknown, so nothing is offered before it is known). */
export function usePermissions(projectId: number): number {
  return useRole(projectId).data?.permissions ?? 0;
}

export function useInfo() {
  return useQuery({ queryKey: ['info'], queryFn: async () => unwrap(await api.GET('/api/info')) });
}

/**
 * The project's schedules, commit checks included: the API, as upstream's, lists a schedule with a
 * repository ("run on new commit") only under its template (`…/templates/{id}/schedules`), so
 * those are asked for template by template.
 */
export function useSchedules(projectId: number) {
  return useQuery({
    queryKey: ['project', projectId, 'schedules'],
    queryFn: async () => {
      const path = { project_id: projectId };
      const [schedules, templates] = await Promise.all([
        api.GET('/api/project/{project_id}/schedules', { params: { path } }).then(unwrap),
        api.GET('/api/project/{project_id}/templates', { params: { path } }).then(unwrap),
      ]);
      const checks = await Promise.all(
        templates.map(async (t) =>
          unwrap(
            await api.GET('/api/project/{project_id}/templates/{template_id}/schedules', {
              params: { path: { ...path, template_id: t.id } },
            }),
          ),
        ),
      );
      return [...schedules, ...checks.flat()].sort((a, b) => a.id - b.id);
    },
  });
}
