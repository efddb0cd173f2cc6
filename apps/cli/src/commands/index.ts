import type { Command, CommandGroup } from '../command';
import { decisionsCommand } from './decisions.command';
import { deployCommand } from './deploy.command';
import { incidentsCommand } from './incidents.command';
import { instancesCommand } from './instances.command';
import { jobsCommand } from './jobs.command';
import { lintCommand } from './lint.command';
import { messagesCommand } from './messages.command';
import { migrateCommand } from './migrate.command';
import { startCommand } from './start.command';
import { statusCommand } from './status.command';

/** Every `osprey` command, in the order `osprey --help` lists them. */
export const COMMANDS: Readonly<Record<string, Command | CommandGroup>> = {
  lint: lintCommand,
  deploy: deployCommand,
  start: startCommand,
  instances: instancesCommand,
  incidents: incidentsCommand,
  jobs: jobsCommand,
  messages: messagesCommand,
  decisions: decisionsCommand,
  migrate: migrateCommand,
  status: statusCommand,
};
