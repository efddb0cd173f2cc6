/**
 * `@osprey/cli` — the `osprey` command line: lint and deploy models, start and operate
 * instances, from a shell or a CI/CD pipeline (docs/cli.md).
 *
 * @example
 * ```sh
 * npx osprey lint processes/ && npx osprey deploy processes/
 * npx osprey start order-fulfilment --vars '{"orderId":"o-1","orderTotal":80,"items":["pen"]}' --await
 * ```
 */
export { runCli } from './run-cli';
export { EXIT, CliError } from './exit-codes';
export { lintFile, type LintProblem } from './commands/lint.command';
