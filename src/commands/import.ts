import type { Command } from './command.js';
import { UserError } from '../util/errors.js';

export const importCommand: Command = {
  name: 'import',
  summary: '',
  usage: 'aac import [options]',
  description: '',
  options: {},
  maxPositionals: 0,
  async run() {
    throw new UserError('aac import is not implemented yet');
  },
};
