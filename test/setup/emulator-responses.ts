// Every response an emulator sends during the suite must validate against the official schemas
// (issue 10). Emulators started under vitest check each response; this fails the test that
// caused a violation. It imports the record alone (emulator/violations.ts), not the emulator: a test
// file that starts none does not load it.
import { afterEach, expect } from 'vitest';
import { takeResponseViolations } from '../../src/emulator/violations.js';

afterEach(() => {
  expect(takeResponseViolations(), 'emulator responses that fail the official OpenAPI / classic-agents schemas').toEqual([]);
});
