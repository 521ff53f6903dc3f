// Every operation of the API. test/api-reference.test.ts holds this list to the routes
// that createApp mounts, both ways.
import type { ApiOperation } from '../operation.ts';
import { systemOperations } from './system.ts';
import { accountOperations } from './account.ts';
import { projectOperations } from './projects.ts';
import { resourceOperationList } from './resources.ts';
import { taskOperations } from './tasks.ts';
import { integrationOperations } from './integrations.ts';
import { adminOperations } from './admin.ts';
import { runnerJobOperations } from './runner-jobs.ts';
import { totpOperations } from './totp.ts';
import { alertOperations } from './alerts.ts';
import { runnerProtocolOperations } from './runner-protocol.ts';
import { projectRunnerOperations } from './project-runners.ts';

export const apiOperations: ApiOperation[] = [
  ...systemOperations,
  ...accountOperations,
  ...projectOperations,
  ...resourceOperationList,
  ...taskOperations,
  ...integrationOperations,
  ...adminOperations,
  ...runnerJobOperations,
  ...totpOperations,
  ...alertOperations,
  ...runnerProtocolOperations,
  ...projectRunnerOperations,
];
