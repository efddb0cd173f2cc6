import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import { deployed, elementsOf, engineForFile, incidentsOf, ok, startInstance, untilState, variablesOf } from '../api/support';
import { connectorProcess } from './support';

/** The service under test, deployed with the process as `payments.proto`. */
const PAYMENTS_PROTO = `
syntax = "proto3";
package payments.v1;

import "money.proto";

service Payments {
  rpc Charge (ChargeRequest) returns (ChargeReply);
}

enum Channel { CHANNEL_UNSPECIFIED = 0; WEB = 1; STORE = 2; }

message ChargeRequest {
  string order_id = 1;
  common.Money amount = 2;
  Channel channel = 3;
  repeated string tags = 4;
  map<string, string> labels = 5;
}

message ChargeReply {
  string charge_id = 1;
  bool approved = 2;
  int64 captured_micros = 3;
  repeated int32 attempts = 4;
  Channel channel = 5;
  string label_env = 6;
  common.Money fee = 7;
}
`;

/** Imported by `payments.proto`, deployed as its own resource. */
const MONEY_PROTO = `
syntax = "proto3";
package common;
message Money { string currency = 1; int64 units = 2; }
`;

describe('the osprey:grpc connector', () => {
  let server: grpc.Server;
  let outsider: grpc.Server;
  let port = 0;
  let outsiderPort = 0;
  let outsiderCalls = 0;
  const env: Record<string, string> = {};

  before(async () => {
    // given a gRPC service built with the reference libraries from the same .proto files
    const root = new protobuf.Root();
    protobuf.parse(MONEY_PROTO, root, { keepCase: true });
    protobuf.parse(PAYMENTS_PROTO.replace('import "money.proto";', ''), root, { keepCase: true });
    const definition = protoLoader.fromJSON(root.toJSON(), { keepCase: true, longs: String, enums: String, defaults: true });
    const service = (definition['payments.v1.Payments'] as grpc.ServiceDefinition);
    const start = async (handler: grpc.UntypedServiceImplementation) => {
      const s = new grpc.Server();
      s.addService(service, handler);
      const p = await new Promise<number>((resolve, reject) =>
        s.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
      );
      return { s, p };
    };
    const main = await start({
      Charge: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
        const req = call.request;
        if (req.order_id === 'declined') return callback({ code: grpc.status.FAILED_PRECONDITION, details: 'card declined' });
        if (req.order_id === 'flaky') return callback({ code: grpc.status.INTERNAL, details: 'try again' });
        callback(null, {
          charge_id: `ch-${req.order_id}`,
          approved: true,
          captured_micros: String(BigInt(req.amount.units) * 1_000_000n),
          attempts: req.tags.map((t: string) => t.length),
          channel: req.channel,
          label_env: req.labels.env ?? '',
          fee: { currency: req.amount.currency, units: '1' },
        });
      },
    });
    server = main.s;
    port = main.p;
    const witness = await start({
      Charge: (_call: unknown, callback: grpc.sendUnaryData<any>) => {
        outsiderCalls++;
        callback(null, {});
      },
    });
    // The outsider is only a witness: it must never be called.
    outsider = witness.s;
    outsiderPort = witness.p;
    env.OSPREY_CONNECTOR_ALLOWED_HOSTS = `127.0.0.1:${port}`;
  });
  const ctx = engineForFile('conn_grpc', env);
  after(() => {
    server?.forceShutdown();
    outsider?.forceShutdown();
  });

  const charge = (id: string, headers: Record<string, string> = {}, catchError?: string) =>
    connectorProcess({
      id,
      type: 'osprey:grpc',
      retries: 2,
      catchError,
      headers: {
        proto: 'payments.proto',
        service: 'payments.v1.Payments',
        method: 'Charge',
        address: `127.0.0.1:${port}`,
        request: '={order_id: orderId, amount: {currency: "EUR", units: amount}, channel: "STORE", tags: ["a", "bcd"], labels: {env: "test"}}',
        resultVariable: 'reply',
        resultExpression: '={chargeId: response.charge_id}',
        ...headers,
      },
    });

  before(async () => {
    // and the .proto files deployed with the process
    const body = await deployed(
      ctx.api,
      { name: 'payments.proto', content: PAYMENTS_PROTO },
      { name: 'money.proto', content: MONEY_PROTO },
      { name: 'grpc-charge.bpmn', content: charge('grpc-charge') },
    );
    assert.equal(body.deployments.length >= 1, true);
  });

  it('makes a unary call with a FEEL request and maps the response into variables', async () => {
    const key = await startInstance(ctx.api, 'grpc-charge', { orderId: 'G-1', amount: 12 });
    await untilState(ctx.api, key, 'COMPLETED');
    const vars = await variablesOf(ctx.api, key);
    assert.equal(vars.chargeId, 'ch-G-1');
    assert.deepEqual(vars.reply, {
      charge_id: 'ch-G-1',
      approved: true,
      captured_micros: '12000000',
      attempts: [1, 3],
      channel: 'STORE',
      label_env: 'test',
      fee: { currency: 'EUR', units: '1' },
    });
  });

  it('throws GRPC_<status> for a status listed in errorOnStatus, and retries any other', async () => {
    ok(await ctx.api.deploy({ name: 'grpc-declined.bpmn', content: charge('grpc-declined', { errorOnStatus: 'FAILED_PRECONDITION' }, 'GRPC_FAILED_PRECONDITION') }));
    const declined = await startInstance(ctx.api, 'grpc-declined', { orderId: 'declined', amount: 1 });
    await untilState(ctx.api, declined, 'COMPLETED');
    assert.deepEqual((await elementsOf(ctx.api, declined, 'failed')).map((e) => e.state), ['COMPLETED']);

    const flaky = await startInstance(ctx.api, 'grpc-charge', { orderId: 'flaky', amount: 1 });
    const [incident] = await incidentsOf(ctx.api, flaky);
    assert.match(incident.errorMessage, /payments\.v1\.Payments\/Charge at 127\.0\.0\.1:\d+ answered INTERNAL: try again/);
  });

  it('refuses an address outside the allow-list without calling it', async () => {
    ok(await ctx.api.deploy({ name: 'grpc-outsider.bpmn', content: charge('grpc-outsider', { address: `127.0.0.1:${outsiderPort}` }) }));
    const key = await startInstance(ctx.api, 'grpc-outsider', { orderId: 'G-2', amount: 1 });
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.errorMessage, `Expected an allowed host, but '127.0.0.1:${outsiderPort}' is not in OSPREY_CONNECTOR_ALLOWED_HOSTS`);
    assert.equal(outsiderCalls, 0);
  });

  it('raises an incident when the request does not fit the message', async () => {
    ok(await ctx.api.deploy({ name: 'grpc-misfit.bpmn', content: charge('grpc-misfit', { request: '={order_id: orderId, amount: 3}' }) }));
    const key = await startInstance(ctx.api, 'grpc-misfit', { orderId: 'G-3' });
    const [incident] = await incidentsOf(ctx.api, key);
    assert.match(incident.errorMessage, /request\.amount: Expected a context for common\.Money, but found number 3/);
  });
});
