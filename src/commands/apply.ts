import type { Command } from './command.js';
import { UserError } from '../util/errors.js';

export const applyCommand: Command = {
  name: 'apply',
  summary: '',
  usage: 'aac apply [options]',
  description: '',
  options: {},
  maxPositionals: 0,
  async run() {
    throw new UserError('aac apply is not implemented yet');
  },
};
