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
