// One plan with every kind of change the renderers draw; its snapshots are the spec of the views.
import type { Plan } from '../../src/model/plan.js';
import { change, plan, spec } from './fixtures.js';

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

const benefitsBefore = [
  'You answer questions about employee benefits.',
  'Be concise.',
  'Cite the handbook section.',
  'Never give legal advice.',
  'Escalate to a human for disputes.',
  'Answer in English.',
].join('\n');
const benefitsAfter = benefitsBefore.replace('Be concise.', 'Be concise and friendly.').replace('Answer in English.', 'Answer in the language of the question.');

export function representativePlan(): Plan {
  return plan(
    [
      change(
        'support/billing',
        null,
        spec({
          model: 'gpt-4o-mini',
          name: 'Billing helper',
          instructions: 'You help customers with invoices.\nNever share card numbers.',
          tools: [weather, { type: 'code_interpreter' }],
          metadata: { team: 'support' },
          temperature: 0.2,
        }),
      ),
      change(
        'hr/benefits',
        spec({
          name: 'Benefits',
          instructions: benefitsBefore,
          temperature: 0.2,
          metadata: { team: 'people', tier: 'a', old: 'x' },
          tools: [weather, { type: 'code_interpreter' }, { type: 'file_search' }],
        }),
        spec({
          name: 'Benefits bot',
          instructions: benefitsAfter,
          temperature: 0.7,
          metadata: { team: 'hr', tier: 'b', region: 'eu' },
          tools: [
            { ...weather, function: { ...weather.function, description: 'Weather now, in °C' } },
            { type: 'function', function: { name: 'lookup_policy', parameters: { type: 'object', properties: {} } } },
            { type: 'file_search' },
          ],
          response_format: { type: 'json_object' },
        }),
      ),
      change('hr/onboarding', spec({ name: 'Onboarding' }), spec({ name: 'Onboarding' }), {
        id: 'asst_handmade',
        adopt: true,
      }),
      change('old/bot', spec({ name: 'Old' }), null, { action: 'delete' }),
      change('legacy/faq', spec({ name: 'FAQ' }), null, { action: 'no-op', orphan: true, id: 'asst_legacy' }),
      change('ops/pager', spec({ name: 'Pager' }), spec({ name: 'Pager' })),
    ],
    { unmanaged: 3 },
  );
}
