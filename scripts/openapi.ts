// `npm run openapi`: writes docs/openapi.json from the API registry (src/api/openapi). Commit the
// result with the change that caused it, so that API changes show in review.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiJson } from '../src/api/openapi/document.ts';

const target = resolve(import.meta.dirname, '../docs/openapi.json');
mkdirSync(resolve(target, '..'), { recursive: true });
writeFileSync(target, openApiJson());
console.log(`wrote ${target}`);
