// Compile-time only: each response schema describes exactly what its presenter returns once it is
// sent as JSON (dates become strings). A presenter that gains, loses or changes a field without
// its schema following fails `tsc`. Enums in the schemas may narrow the presenters' plain strings.
import type { z } from 'zod';
import type * as present from '../presenters.ts';
import type { presentTaskWithTpl } from '../routes/tasks.ts';
import type { App } from '../../services/apps.ts';
import type { ActiveTask } from '../../services/active-tasks.ts';
import type { BackupDocument } from '../../services/backup/format.ts';
import type * as r from './responses.ts';
import type { backupDocument } from './backup-document.ts';

type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
type Widen<T> = T extends string
  ? string
  : T extends boolean
    ? boolean
    : T extends Array<infer U>
      ? Array<Widen<U>>
      : T extends object
        ? { [K in keyof T]: Widen<T[K]> }
        : T;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Matches<Value, S extends { schema: z.ZodType }> =
  Mutual<Widen<Json<Value>>, Widen<z.output<S['schema']>>> extends true
    ? Mutual<keyof Value, keyof z.output<S['schema']>>
    : false;
type Assert<T extends true> = T;
type Out<F extends (...args: never[]) => unknown> = ReturnType<F>;

export type PresenterChecks = [
  Assert<Matches<Out<typeof present.presentUser>, typeof r.user>>,
  Assert<Matches<Out<typeof present.presentUserSummary>, typeof r.userSummary>>,
  Assert<Matches<Out<typeof present.presentProjectUser>, typeof r.projectUser>>,
  Assert<Matches<Out<typeof present.presentEvent>, typeof r.event>>,
  Assert<Matches<Out<typeof present.presentProject>, typeof r.project>>,
  Assert<Matches<Out<typeof present.presentKey>, typeof r.accessKey>>,
  Assert<Matches<Out<typeof present.presentRepository>, typeof r.repository>>,
  Assert<Matches<Out<typeof present.presentInventory>, typeof r.inventory>>,
  Assert<Matches<Out<typeof present.presentEnvironment>, typeof r.environment>>,
  Assert<Matches<Out<typeof present.presentTemplate>, typeof r.template>>,
  Assert<Matches<Out<typeof present.presentTask>, typeof r.task>>,
  Assert<Matches<Out<typeof presentTaskWithTpl>, typeof r.taskWithTemplate>>,
  Assert<Matches<Out<typeof present.presentTaskOutput>, typeof r.taskOutput>>,
  Assert<Matches<Out<typeof present.presentTaskStage>, typeof r.taskStage>>,
  Assert<Matches<Out<typeof present.presentApiToken>, typeof r.apiToken>>,
  Assert<Matches<Out<typeof present.presentView>, typeof r.view>>,
  Assert<Matches<Out<typeof present.presentSchedule>, typeof r.schedule>>,
  Assert<Matches<Out<typeof present.presentIntegration>, typeof r.integration>>,
  Assert<Matches<Out<typeof present.presentIntegrationMatcher>, typeof r.integrationMatcher>>,
  Assert<Matches<Out<typeof present.presentIntegrationExtractValue>, typeof r.integrationExtractValue>>,
  Assert<Matches<Out<typeof present.presentIntegrationAlias>, typeof r.integrationAlias>>,
  Assert<Matches<Out<typeof present.presentRunner>, typeof r.runner>>,
  Assert<Matches<App, typeof r.app>>,
  Assert<Matches<ActiveTask, typeof r.activeTask>>,
  Assert<Matches<BackupDocument, typeof backupDocument>>,
];
