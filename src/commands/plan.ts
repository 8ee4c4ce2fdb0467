import type { Command } from './command.js';
import { UserError } from '../util/errors.js';

export const planCommand: Command = {
  name: 'plan',
  summary: '',
  usage: 'aac plan [options]',
  description: '',
  options: {},
  maxPositionals: 0,
  async run() {
    throw new UserError('aac plan is not implemented yet');
  },
};
