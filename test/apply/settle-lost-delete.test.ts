// The re-read after concurrent creates deletes this apply's own extra copy; when that delete's
// answer is lost (no retry left), one read of the copy settles it: gone, it was deleted.
import { afterEach, expect, test } from 'vitest';
import { settleCreates } from '../../src/apply/settle.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { connect, emulator } from '../backends/helpers.js';
import { TEST_MARKER, TEST_NAMESPACE } from '../helpers/cli.js';

let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

test("an extra copy's delete whose answer was lost is settled by reading the copy: deleted, not failed", async () => {
  emu = await emulator('openai');
  const [kept, mine] = emu
    .seed([1_700_000_000, 1_700_000_001].map((created_at) => ({ model: 'gpt-4o', name: 'bot', created_at, metadata: { [TEST_MARKER]: 'bot' } })))
    .map((a) => a.id as string);
  const { backend } = await connect(emu, { max_retries: 0 });
  emu.setFaults({ commitThenDropRate: 1 });
  const result = await settleCreates([{ key: 'bot', id: mine! }], backend, TEST_NAMESPACE, 0);
  expect(result).toEqual({ deleted: [{ key: 'bot', id: mine, keeper: kept }], failed: [], differing: [] });
  expect(emu.resources().map((a) => a.id)).toEqual([kept]);
});
