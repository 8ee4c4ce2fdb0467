import type { Command } from './command.js';
import { UserError } from '../util/errors.js';

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: '',
  usage: 'aac emulator [options]',
  description: '',
  options: {},
  maxPositionals: 0,
  async run() {
    throw new UserError('aac emulator is not implemented yet');
  },
};
