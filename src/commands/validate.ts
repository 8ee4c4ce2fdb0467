import type { Command } from './command.js';
import { UserError } from '../util/errors.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: '',
  usage: 'aac validate [options]',
  description: '',
  options: {},
  maxPositionals: 0,
  async run() {
    throw new UserError('aac validate is not implemented yet');
  },
};
