import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { decodeMessage, encodeMessage } from '../../src/connectors/grpc/proto-codec';
import { ProtoSchema } from '../../src/connectors/grpc/proto-schema';

const PROTO = `
syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
service Orders { rpc Place (Order) returns (Order); rpc Watch (Order) returns (stream Order); }
enum State { STATE_UNSPECIFIED = 0; OPEN = 1; CLOSED = 2; }
message Order {
  string id = 1;
  sint64 total_cents = 2;
  repeated uint32 quantities = 3;
  map<int32, string> notes = 4;
  State state = 5;
  bytes signature = 6;
  google.protobuf.Timestamp placed_at = 7;
  message Line { string sku = 1; double price = 2; }
  repeated Line lines = 8;
  oneof contact { string email = 9; string phone = 10; }
  bool gift = 11;
}`;

describe('gRPC messages by reflection', () => {
  // Generated code would go through protobufjs's code generator (new Function): it must never run.
  protobuf.util.codegen = (() => {
    throw new Error('code generation is not allowed');
  }) as never;

  it('round-trips every kind of field without generating code', async () => {
    const schema = await ProtoSchema.load('shop.proto', PROTO, async () => undefined);
    const method = schema.method('shop.v1.Orders', 'Place');
    assert.equal(method.path, '/shop.v1.Orders/Place');
    const order = {
      id: 'O-1',
      total_cents: '-9007199254740993',
      quantities: [1, 2, 4294967295],
      notes: { '7': 'seven', '-1': 'minus one' },
      state: 'CLOSED',
      signature: Buffer.from([0, 1, 254, 255]).toString('base64'),
      placed_at: { seconds: '1767225600', nanos: 5 },
      lines: [{ sku: 'A', price: 1.5 }, { sku: 'B', price: 0 }],
      email: 'a@example.com',
    };
    const decoded = decodeMessage(method.responseType, encodeMessage(method.requestType, order));
    assert.deepEqual(decoded, { ...order, gift: false });
  });

  it('fills defaults for absent fields and leaves oneof members out', async () => {
    const schema = await ProtoSchema.load('shop.proto', PROTO, async () => undefined);
    const { requestType } = schema.method('shop.v1.Orders', 'Place');
    assert.deepEqual(decodeMessage(requestType, encodeMessage(requestType, {})), {
      id: '',
      total_cents: '0',
      quantities: [],
      notes: {},
      state: 'STATE_UNSPECIFIED',
      signature: '',
      placed_at: null,
      lines: [],
      gift: false,
    });
  });

  it('names the field that does not fit, and refuses streaming methods and unknown services', async () => {
    const schema = await ProtoSchema.load('shop.proto', PROTO, async () => undefined);
    const { requestType } = schema.method('shop.v1.Orders', 'Place');
    assert.throws(() => encodeMessage(requestType, { id: 5 }), /request\.id: Expected text, but found number 5/);
    assert.throws(() => encodeMessage(requestType, { ident: 'x' }), /Expected fields of shop\.v1\.Order .* but found 'ident'/);
    assert.throws(() => encodeMessage(requestType, { state: 'HALF' }), /request\.state: Expected one of STATE_UNSPECIFIED, OPEN, CLOSED/);
    assert.throws(() => encodeMessage(requestType, { lines: [{ sku: 1 }] }), /request\.lines\[0\]\.sku: Expected text/);
    assert.throws(() => schema.method('shop.v1.Orders', 'Watch'), /unary method, but it streams/);
    assert.throws(() => schema.method('shop.v1.Nope', 'Place'), /Expected a service 'shop.v1.Nope' in 'shop.proto', but found none/);
    await assert.rejects(ProtoSchema.load('x.proto', 'import "other.proto"; message A {}', async () => undefined), /import 'other\.proto' of 'x\.proto' to be deployed/);
    await assert.rejects(ProtoSchema.load('x.proto', 'message {', async () => undefined), /Expected 'x\.proto' to be a valid \.proto file/);
  });
});
