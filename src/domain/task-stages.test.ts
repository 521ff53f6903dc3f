import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stageOfStep } from './task-stages.ts';

test("a step's stage: Terraform's init, workspace and plan are its plan, apply its apply; other apps are running", () => {
  assert.deepEqual(
    ['init', 'workspace', 'plan', 'apply'].map((label) => stageOfStep(true, label)),
    ['terraform_plan', 'terraform_plan', 'terraform_plan', 'terraform_apply'],
  );
  assert.deepEqual(
    ['ansible-playbook', 'bash', 'myapp', 'apply'].map((label) => stageOfStep(false, label)),
    ['running', 'running', 'running', 'running'],
  );
});
