-- Signalman: a task's secret survey values, sealed, while a protocol runner may fetch its job (issue 14).
-- CreateTable
CREATE TABLE "task__runner_secret" (
    "task_id" INTEGER NOT NULL,
    "sealed" TEXT NOT NULL,

    CONSTRAINT "task__runner_secret_pkey" PRIMARY KEY ("task_id")
);

-- AddForeignKey
ALTER TABLE "task__runner_secret" ADD CONSTRAINT "task__runner_secret_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;
