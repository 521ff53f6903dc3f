// Writes the README's settings table from the settings schema (src/config/settings-table.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withSettingsTable } from '../src/config/settings-table.ts';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withSettingsTable(before);
if (after !== before) writeFileSync(path, after);
console.log(after === before ? 'README settings table is current' : 'README settings table updated');
