// fields_get of the models pmap reads and writes has the field types,
// relations, required flags and selection keys pmap relies on.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { FIELDS_REFERENCE_DIRECTORY, hasReference } from '../sandbox/reference-errors.js';
import { fieldMismatches, reliedFields } from './relied-fields.js';
import { conformanceTargets, type ConnectedTarget } from './targets.js';

const models = Object.keys(reliedFields).sort();

for (const target of conformanceTargets) {
  describe.skipIf(target.skip)(`fields_get on ${target.label}`, () => {
    let connected: ConnectedTarget;

    beforeAll(async () => {
      connected = await target.start();
    });
    afterAll(async () => {
      await connected?.close();
    });

    test.each(models)('%s has the relied-on fields', async (model) => {
      const actual = await connected.client.fieldsGet(model, ['type', 'relation', 'required', 'selection']);
      const mismatches = Object.entries(reliedFields[model]!).flatMap(([name, expected]) =>
        fieldMismatches(expected, actual[name]).map((problem) => `${model}.${name}: ${problem}`),
      );
      expect(mismatches).toEqual([]);
    });
  });
}

// The table itself is checked against real servers' recorded output, so the
// sandbox is not measured against a guess.
const recordedVersions = [
  { version: '16.0', directory: FIELDS_REFERENCE_DIRECTORY },
  { version: '19.0', directory: fileURLToPath(new URL('../../../shared/reference/odoo19/', import.meta.url)) },
];

describe.skipIf(!hasReference)('relied-on fields match recorded fields_get', () => {
  for (const { version, directory } of recordedVersions) {
    const recorded = models.filter((model) => existsSync(`${directory}fields_get.${model}.json`));

    test.each(recorded)(`%s on Odoo ${version}`, (model) => {
      const actual = JSON.parse(readFileSync(`${directory}fields_get.${model}.json`, 'utf8')) as Record<string, Record<string, unknown>>;
      const mismatches = Object.entries(reliedFields[model]!).flatMap(([name, expected]) =>
        fieldMismatches(expected, actual[name]).map((problem) => `${model}.${name}: ${problem}`),
      );
      expect(mismatches).toEqual([]);
    });
  }
});
