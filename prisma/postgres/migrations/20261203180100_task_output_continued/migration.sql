-- Signalman: a row that is a piece of a long output line, continued by the next row.
ALTER TABLE "task__output" ADD COLUMN "continued" BOOLEAN NOT NULL DEFAULT false;
