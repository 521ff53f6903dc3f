import type { TaskStatus } from '../api/client';

export const STATUS_LABELS: Record<TaskStatus, string> = {
  waiting: 'Waiting',
  starting: 'Starting',
  waiting_confirmation: 'Waiting for confirmation',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
  running: 'Running',
  stopping: 'Stopping',
  stopped: 'Stopped',
  success: 'Success',
  error: 'Failed',
};

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}
