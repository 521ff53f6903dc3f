-- CreateTable
CREATE TABLE "user" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password" TEXT NOT NULL,
    "admin" BOOLEAN NOT NULL DEFAULT false,
    "external" BOOLEAN NOT NULL DEFAULT false,
    "alert" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "session" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_active" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT NOT NULL DEFAULT '',
    "user_agent" TEXT NOT NULL DEFAULT '',
    "expired" BOOLEAN NOT NULL DEFAULT false,
    "token_hash" TEXT NOT NULL,
    CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "user__token" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expired" BOOLEAN NOT NULL DEFAULT false,
    "user_id" INTEGER NOT NULL,
    CONSTRAINT "user__token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "alert" BOOLEAN NOT NULL DEFAULT false,
    "alert_chat" TEXT,
    "max_parallel_tasks" INTEGER NOT NULL DEFAULT 0,
    "type" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "project__user" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'manager',
    CONSTRAINT "project__user_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "project__user_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "access_key" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "project_id" INTEGER,
    "secret" TEXT,
    "environment_id" INTEGER,
    "user_id" INTEGER,
    CONSTRAINT "access_key_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "access_key_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "project__environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__repository" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "git_url" TEXT NOT NULL,
    "git_branch" TEXT NOT NULL DEFAULT '',
    "ssh_key_id" INTEGER NOT NULL,
    CONSTRAINT "project__repository_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__inventory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "inventory" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL DEFAULT 'static',
    "ssh_key_id" INTEGER,
    "become_key_id" INTEGER,
    "holder_id" INTEGER,
    "repository_id" INTEGER,
    "runner_tag" TEXT,
    CONSTRAINT "project__inventory_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__environment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "password" TEXT,
    "json" TEXT NOT NULL DEFAULT '{}',
    "env" TEXT,
    CONSTRAINT "project__environment_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__template" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "inventory_id" INTEGER,
    "repository_id" INTEGER NOT NULL,
    "environment_id" INTEGER,
    "name" TEXT NOT NULL,
    "playbook" TEXT NOT NULL DEFAULT '',
    "arguments" TEXT,
    "allow_override_args_in_task" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT,
    "type" TEXT NOT NULL DEFAULT '',
    "start_version" TEXT,
    "build_template_id" INTEGER,
    "view_id" INTEGER,
    "autorun" BOOLEAN NOT NULL DEFAULT false,
    "git_branch" TEXT,
    "survey_vars" TEXT,
    "suppress_success_alerts" BOOLEAN NOT NULL DEFAULT false,
    "app" TEXT NOT NULL DEFAULT 'ansible',
    "task_params" TEXT,
    "runner_tag" TEXT,
    "allow_override_branch_in_task" BOOLEAN NOT NULL DEFAULT false,
    "allow_parallel_tasks" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "project__template_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__template_vault" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "template_id" INTEGER NOT NULL,
    "vault_key_id" INTEGER,
    "name" TEXT,
    "type" TEXT NOT NULL DEFAULT 'password',
    "script" TEXT,
    CONSTRAINT "project__template_vault_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "project__template" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "template_id" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "debug" BOOLEAN NOT NULL DEFAULT false,
    "dry_run" BOOLEAN NOT NULL DEFAULT false,
    "diff" BOOLEAN NOT NULL DEFAULT false,
    "playbook" TEXT NOT NULL DEFAULT '',
    "environment" TEXT NOT NULL DEFAULT '',
    "arguments" TEXT,
    "git_branch" TEXT,
    "hosts_limit" TEXT NOT NULL DEFAULT '',
    "user_id" INTEGER,
    "integration_id" INTEGER,
    "schedule_id" INTEGER,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "start" DATETIME,
    "end" DATETIME,
    "message" TEXT NOT NULL DEFAULT '',
    "commit_hash" TEXT,
    "commit_message" TEXT NOT NULL DEFAULT '',
    "build_task_id" INTEGER,
    "version" TEXT,
    "inventory_id" INTEGER,
    "params" TEXT,
    "runner_id" INTEGER,
    CONSTRAINT "task_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "task__output" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "task_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "task" TEXT NOT NULL DEFAULT '',
    "time" DATETIME NOT NULL,
    "output" TEXT NOT NULL,
    "stage_id" INTEGER,
    CONSTRAINT "task__output_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "task__stage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "task_id" INTEGER NOT NULL,
    "start" DATETIME,
    "end" DATETIME,
    "start_output_id" INTEGER,
    "end_output_id" INTEGER,
    "type" TEXT NOT NULL,
    CONSTRAINT "task__stage_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__schedule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "template_id" INTEGER NOT NULL,
    "cron_format" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_commit_hash" TEXT,
    "repository_id" INTEGER,
    "type" TEXT NOT NULL DEFAULT '',
    "run_at" DATETIME,
    "delete_after_run" BOOLEAN NOT NULL DEFAULT false,
    "task_params" TEXT,
    CONSTRAINT "project__schedule_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__view" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "project__view_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__integration" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "template_id" INTEGER NOT NULL,
    "auth_method" TEXT NOT NULL DEFAULT '',
    "auth_secret_id" INTEGER,
    "auth_header" TEXT,
    "searchable" BOOLEAN NOT NULL DEFAULT false,
    "task_params" TEXT,
    CONSTRAINT "project__integration_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__integration_matcher" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "integration_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "match_type" TEXT NOT NULL DEFAULT '',
    "method" TEXT NOT NULL DEFAULT '',
    "body_data_type" TEXT NOT NULL DEFAULT '',
    "key" TEXT NOT NULL DEFAULT '',
    "value" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "project__integration_matcher_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "project__integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__integration_extract_value" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "integration_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "value_source" TEXT NOT NULL DEFAULT '',
    "body_data_type" TEXT NOT NULL DEFAULT '',
    "key" TEXT NOT NULL DEFAULT '',
    "variable" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "project__integration_extract_value_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "project__integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "project__integration_alias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alias" TEXT NOT NULL,
    "project_id" INTEGER NOT NULL,
    "integration_id" INTEGER,
    CONSTRAINT "project__integration_alias_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "project__integration_alias_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "project__integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "runner" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER,
    "token" TEXT NOT NULL,
    "webhook" TEXT NOT NULL DEFAULT '',
    "max_parallel_tasks" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "name" TEXT NOT NULL DEFAULT '',
    "tag" TEXT NOT NULL DEFAULT '',
    "touched" DATETIME,
    CONSTRAINT "runner_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER,
    "project_id" INTEGER,
    "integration_id" INTEGER,
    "object_id" INTEGER,
    "object_type" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "option" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "user_username_key" ON "user"("username");

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_hash_key" ON "session"("token_hash");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE INDEX "user__token_user_id_idx" ON "user__token"("user_id");

-- CreateIndex
CREATE INDEX "project__user_user_id_idx" ON "project__user"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "project__user_project_id_user_id_key" ON "project__user"("project_id", "user_id");

-- CreateIndex
CREATE INDEX "access_key_project_id_idx" ON "access_key"("project_id");

-- CreateIndex
CREATE INDEX "access_key_environment_id_idx" ON "access_key"("environment_id");

-- CreateIndex
CREATE INDEX "project__repository_project_id_idx" ON "project__repository"("project_id");

-- CreateIndex
CREATE INDEX "project__inventory_project_id_idx" ON "project__inventory"("project_id");

-- CreateIndex
CREATE INDEX "project__environment_project_id_idx" ON "project__environment"("project_id");

-- CreateIndex
CREATE INDEX "project__template_project_id_idx" ON "project__template"("project_id");

-- CreateIndex
CREATE INDEX "project__template_vault_template_id_idx" ON "project__template_vault"("template_id");

-- CreateIndex
CREATE INDEX "task_project_id_id_idx" ON "task"("project_id", "id");

-- CreateIndex
CREATE INDEX "task_template_id_id_idx" ON "task"("template_id", "id");

-- CreateIndex
CREATE INDEX "task_status_idx" ON "task"("status");

-- CreateIndex
CREATE UNIQUE INDEX "task__output_task_id_seq_key" ON "task__output"("task_id", "seq");

-- CreateIndex
CREATE INDEX "task__stage_task_id_idx" ON "task__stage"("task_id");

-- CreateIndex
CREATE INDEX "project__schedule_project_id_idx" ON "project__schedule"("project_id");

-- CreateIndex
CREATE INDEX "project__view_project_id_idx" ON "project__view"("project_id");

-- CreateIndex
CREATE INDEX "project__integration_project_id_idx" ON "project__integration"("project_id");

-- CreateIndex
CREATE INDEX "project__integration_matcher_integration_id_idx" ON "project__integration_matcher"("integration_id");

-- CreateIndex
CREATE INDEX "project__integration_extract_value_integration_id_idx" ON "project__integration_extract_value"("integration_id");

-- CreateIndex
CREATE UNIQUE INDEX "project__integration_alias_alias_key" ON "project__integration_alias"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "runner_token_key" ON "runner"("token");

-- CreateIndex
CREATE INDEX "event_project_id_id_idx" ON "event"("project_id", "id");

-- CreateIndex
CREATE INDEX "event_user_id_id_idx" ON "event"("user_id", "id");

