// The diff package for the views that draw a change (field lists, text and word diffs), loaded
// on first use: a plan without changes draws none, and importing it cost 15-25 ms of every plan.
import { onFirstUse } from '../util/on-first-use.js';

export const diffLib = onFirstUse<typeof import('diff')>('diff');
