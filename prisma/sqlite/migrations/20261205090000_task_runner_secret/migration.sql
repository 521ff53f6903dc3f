-- Signalman: a task's secret survey values, sealed, while a protocol runner may fetch its job (issue 14).
-- CreateTable
CREATE TABLE "task__runner_secret" (
    "task_id" INTEGER NOT NULL PRIMARY KEY,
    "sealed" TEXT NOT NULL,
    CONSTRAINT "task__runner_secret_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
