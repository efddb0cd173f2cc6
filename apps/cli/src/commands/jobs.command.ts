import type { CommandGroup } from '../command';
import { readInt, readVariables, required } from '../inputs';
import { emit, table } from '../output';

export const jobsCommand: CommandGroup = {
  summary: 'activate, complete and fail jobs by hand (tests, repairs, scripts)',
  subcommands: {
    activate: {
      summary: 'activate jobs of a type and print them with their attempt',
      usage: 'osprey jobs activate <type> [--max N] [--timeout MS] [--worker NAME] [--wait MS]',
      options: {
        max: { type: 'string', help: 'most jobs to activate (default 1)' },
        timeout: { type: 'string', help: 'lease length in ms (default 60000)' },
        worker: { type: 'string', help: 'worker name recorded on the jobs (default osprey-cli)' },
        wait: { type: 'string', help: 'how long to wait for a job, in ms (default 0: answer at once)' },
      },
      async run({ positionals, values, out, client }) {
        const type = required(positionals, 0, 'the job type', this.usage);
        const wait = readInt(values.wait as string | undefined, '--wait') ?? 0;
        const jobs = await client().activateJobs({
          type,
          maxJobsToActivate: readInt(values.max as string | undefined, '--max', 1) ?? 1,
          timeout: readInt(values.timeout as string | undefined, '--timeout', 1) ?? 60_000,
          worker: (values.worker as string | undefined) ?? 'osprey-cli',
          // the API reads 0 as "the default wait"; -1 answers at once
          requestTimeout: wait === 0 ? -1 : wait,
        });
        emit(out, { jobs }, () =>
          [
            table(jobs, [
              { heading: 'key', cell: (j) => j.jobKey },
              { heading: 'attempt', cell: (j) => j.attempt },
              { heading: 'instance', cell: (j) => j.processInstanceKey },
              { heading: 'element', cell: (j) => j.elementId },
              { heading: 'retries', cell: (j) => j.retries },
              { heading: 'variables', cell: (j) => j.variables },
            ]),
            `${jobs.length} job${jobs.length === 1 ? '' : 's'} activated`,
          ].join('\n'),
        );
      },
    },
    complete: {
      summary: 'complete a job (with the attempt you activated it with)',
      usage: 'osprey jobs complete <jobKey> [--vars JSON|@file] [--attempt N]',
      options: {
        vars: { type: 'string', help: 'completion variables: a JSON object, or @file.json' },
        attempt: { type: 'string', help: 'the attempt of your activation (refused with 409 when it is no longer current)' },
      },
      async run({ positionals, values, out, client }) {
        const key = required(positionals, 0, 'the job key', this.usage);
        await client().completeJob(key, { variables: readVariables(values.vars as string | undefined), attempt: readInt(values.attempt as string | undefined, '--attempt', 1) });
        emit(out, { jobKey: key, completed: true }, () => `completed ${key}`);
      },
    },
    fail: {
      summary: 'fail a job: it is retried while retries are left, at 0 an incident is raised',
      usage: 'osprey jobs fail <jobKey> --retries N [--message TEXT] [--backoff MS] [--attempt N]',
      options: {
        retries: { type: 'string', help: 'retries left (0 raises an incident)' },
        message: { type: 'string', help: 'the error message' },
        backoff: { type: 'string', help: 'wait before the job can be activated again, in ms' },
        attempt: { type: 'string', help: 'the attempt of your activation' },
      },
      async run({ positionals, values, out, client }) {
        const key = required(positionals, 0, 'the job key', this.usage);
        const retries = readInt(values.retries as string | undefined, '--retries');
        if (retries === undefined) required([], 0, '--retries', this.usage);
        await client().failJob(key, {
          retries: retries!,
          errorMessage: values.message as string | undefined,
          retryBackOff: readInt(values.backoff as string | undefined, '--backoff'),
          attempt: readInt(values.attempt as string | undefined, '--attempt', 1),
        });
        emit(out, { jobKey: key, failed: true, retries }, () => `failed ${key}, ${retries} retries left`);
      },
    },
  },
};
