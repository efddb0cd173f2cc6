/**
 * Size, depth and load limits that keep one request or one model from taking the engine down.
 * Every limit refuses with an RFC 9457 problem and changes nothing; docs/security.md explains
 * each one and its status code.
 */
export interface LimitsConfig {
  /** `OSPREY_MAX_BODY_BYTES` — largest JSON request body; larger ones get `413`. @default 4194304 (4 MiB) */
  readonly maxBodyBytes: number;
  /**
   * `OSPREY_REQUEST_RECEIVE_TIMEOUT_MS` — time a client has to send its whole request (headers and
   * body); slower ones get `408` and their connection is closed. Answers may take longer
   * (long-polls). Checked every second. @default 10000
   */
  readonly requestReceiveTimeoutMs: number;
  /** `OSPREY_HEADERS_TIMEOUT_MS` — time a client has to send a request's headers; slower ones are closed. @default 5000 */
  readonly headersTimeoutMs: number;
  /**
   * `OSPREY_MAX_CONNECTIONS_PER_IP` — open connections one client address may hold; more are
   * closed at once, before anything is read. Raise it behind a proxy that funnels many clients
   * through few addresses; 0 = no limit. @default 128
   */
  readonly maxConnectionsPerIp: number;
  /**
   * `OSPREY_MAX_VARIABLES_PER_COMMAND` — variables one request may bring (a start, a completion,
   * a correlation, a `PUT` of variables); more get `413`. Each costs about 20–50 µs of event
   * loop (a record, a row, a history entry), so 1,000 hold it for tens of ms at most. @default 1000
   */
  readonly maxVariablesPerCommand: number;
  /**
   * `OSPREY_MAX_STEPS_PER_TRANSACTION` — interpreter steps (element activations, joins) one
   * transaction runs before it commits and goes on in another (docs/adr/0009-bounded-commands.md).
   * @default 100
   */
  readonly maxStepsPerTransaction: number;
  /** `OSPREY_MAX_CALL_DEPTH` — call activities deep an instance may be called; deeper is an incident. @default 1000 */
  readonly maxCallDepth: number;
  /**
   * `OSPREY_COMMAND_GROUP` — job completions, failures and errors, or starts, that arrive
   * together and share one transaction at most (group commit, docs/adr/0034-group-commit.md);
   * 1 runs each alone. @default 16
   */
  readonly commandGroup: number;
  /** `OSPREY_MAX_DEPLOYMENT_BYTES` — all resources of one deployment together (multipart); more gets `413`. @default 33554432 (32 MiB) */
  readonly maxDeploymentBytes: number;
  /** `OSPREY_MAX_JSON_DEPTH` — deepest nesting of arrays and objects in a JSON body; deeper gets `400`. @default 128 */
  readonly maxJsonDepth: number;
  /** `OSPREY_MAX_VARIABLE_BYTES` — largest variable (its serialized JSON, UTF-8); larger ones get `413`. @default 1048576 (1 MiB) */
  readonly maxVariableBytes: number;
  /** `OSPREY_MAX_INSTANCE_VARIABLES_BYTES` — all variables of one instance together; more gets `413`. @default 4194304 (4 MiB) */
  readonly maxInstanceVariablesBytes: number;
  /** `OSPREY_FEEL_MAX_LENGTH` — longest FEEL expression, in characters. @default 10000 */
  readonly feelMaxLength: number;
  /** `OSPREY_FEEL_MAX_DEPTH` — deepest FEEL syntax tree (nested brackets, calls, operators). @default 200 */
  readonly feelMaxDepth: number;
  /** `OSPREY_FEEL_MAX_ITERATIONS` — range elements and iteration contexts one evaluation may produce. @default 25000 */
  readonly feelMaxIterations: number;
  /** `OSPREY_MAX_IN_FLIGHT_REQUESTS` — `/v2` requests this replica works on at once before new ones get `429`; 0 = no limit. @default 256 */
  readonly maxInFlightRequests: number;
  /** `OSPREY_MAX_DB_WAITING` — transactions queued for a database connection (a group of queued commands counts once) before new requests get `429`; 0 = no limit. @default 64 */
  readonly maxDbWaiting: number;
  /** `OSPREY_SHED_RETRY_AFTER_SECONDS` — the `Retry-After` of a shed request. @default 1 */
  readonly shedRetryAfterSeconds: number;
}

/**
 * Reads the limit variables, adding a message to `problems` for each invalid one.
 * @param int the config loader's integer reader (validates and reports ranges)
 */
export function loadLimitsConfig(int: (name: string, fallback: number, min: number, max: number) => number): LimitsConfig {
  const MiB = 1024 * 1024;
  return {
    maxBodyBytes: int('OSPREY_MAX_BODY_BYTES', 4 * MiB, 1024, 1024 * MiB),
    requestReceiveTimeoutMs: int('OSPREY_REQUEST_RECEIVE_TIMEOUT_MS', 10_000, 1_000, 3_600_000),
    headersTimeoutMs: int('OSPREY_HEADERS_TIMEOUT_MS', 5_000, 500, 600_000),
    maxConnectionsPerIp: int('OSPREY_MAX_CONNECTIONS_PER_IP', 128, 0, 1_000_000),
    maxVariablesPerCommand: int('OSPREY_MAX_VARIABLES_PER_COMMAND', 1_000, 1, 10_000_000),
    maxStepsPerTransaction: int('OSPREY_MAX_STEPS_PER_TRANSACTION', 100, 1, 10_000_000),
    maxCallDepth: int('OSPREY_MAX_CALL_DEPTH', 1_000, 1, 1_000_000),
    commandGroup: int('OSPREY_COMMAND_GROUP', 16, 1, 256),
    maxDeploymentBytes: int('OSPREY_MAX_DEPLOYMENT_BYTES', 32 * MiB, 1024, 1024 * MiB),
    maxJsonDepth: int('OSPREY_MAX_JSON_DEPTH', 128, 8, 1000),
    maxVariableBytes: int('OSPREY_MAX_VARIABLE_BYTES', 1 * MiB, 16, 1024 * MiB),
    maxInstanceVariablesBytes: int('OSPREY_MAX_INSTANCE_VARIABLES_BYTES', 4 * MiB, 16, 1024 * MiB),
    feelMaxLength: int('OSPREY_FEEL_MAX_LENGTH', 10_000, 16, 1_000_000),
    feelMaxDepth: int('OSPREY_FEEL_MAX_DEPTH', 200, 4, 10_000),
    feelMaxIterations: int('OSPREY_FEEL_MAX_ITERATIONS', 25_000, 10, 100_000_000),
    maxInFlightRequests: int('OSPREY_MAX_IN_FLIGHT_REQUESTS', 256, 0, 1_000_000),
    maxDbWaiting: int('OSPREY_MAX_DB_WAITING', 64, 0, 1_000_000),
    shedRetryAfterSeconds: int('OSPREY_SHED_RETRY_AFTER_SECONDS', 1, 1, 3600),
  };
}
