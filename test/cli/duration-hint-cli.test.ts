// A duration flag given a number with no unit (`-lock-timeout=5`, which Terraform refuses as
// "missing unit in duration"), or a unit spelled out (`5min`), was refused with the examples only;
// the hint now says the duration meant, in the flag's own spelling. In-process CLI against an
// emulator over loopback: refused before any request.
import { expect, it } from 'vitest';
import { emulatedProject } from '../helpers/project.js';

it.each([
  ['-lock-timeout=5', '5', 'a duration needs its unit: did you mean --lock-timeout 5s?'],
  ['--lock-timeout=1.5', '1.5', 'a duration needs its unit: did you mean --lock-timeout 1.5s?'],
  ['-lock-timeout=5min', '5min', 'its unit is one of ms, s, m, h: did you mean --lock-timeout 5m?'],
  ['-lock-timeout=2Hours', '2Hours', 'its unit is one of ms, s, m, h: did you mean --lock-timeout 2h?'],
  ['-lock-timeout=soon', 'soon', 'write a number and its unit: ms, s, m or h (1h30m: one after the other)'],
])('apply %s: refused before any request, with the duration meant', async (flag, value, hint) => {
  const project = await emulatedProject({ 'assistants/aac.yaml': 'namespace: d\n', 'assistants/a.yaml': 'model: gpt-4o\n' }, 'sk-test-duration-hint');
  const r = await project.cli(['apply', '--yes', flag]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(`Error: --lock-timeout must be a duration such as 30s, 5m or 1h30m, not '${value}'; nothing was changed\n  ${hint}\n`);
  expect(r.requests).toBe(0);
  expect(project.emu.resources()).toEqual([]);
});
