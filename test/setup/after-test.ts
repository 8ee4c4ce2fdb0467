// After each test, what the helper modules registered to do then (test/helpers/after-test.ts).
import { afterEach } from 'vitest';
import { runAfterEveryTest } from '../helpers/after-test.js';

afterEach(runAfterEveryTest);
