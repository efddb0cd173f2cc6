import * as protobuf from 'protobufjs';
import type { JsonValue } from '@osprey/runtime';
import { ConnectorError } from '../connector';
import { describe } from '../job-settings';

/**
 * Protocol Buffers binary encoding by reflection over a parsed schema, to and from the JSON
 * values variables hold. Field names are those of the `.proto`; 64-bit integers are decimal
 * text (as in proto3's JSON mapping), `bytes` are base64, enums are their value names.
 */

/** Nesting deeper than this is refused (hostile or runaway messages). */
const MAX_DEPTH = 64;
const SIXTY_FOUR = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INTEGER = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

/** Encodes `value` as message `type`. @throws ConnectorError naming the field that does not fit */
export function encodeMessage(type: protobuf.Type, value: JsonValue): Uint8Array {
  const writer = protobuf.Writer.create();
  writeMessage(writer, type, value, 'request', 0);
  return writer.finish();
}

/** Decodes message `type`; fields not on the wire get their default (messages: null). @throws ConnectorError */
export function decodeMessage(type: protobuf.Type, bytes: Uint8Array): Record<string, JsonValue> {
  const reader = protobuf.Reader.create(bytes);
  try {
    return readMessage(reader, type, reader.len, 0);
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    throw new ConnectorError('REQUEST_FAILED', `Expected a ${name(type)} in the answer, but it does not decode: ${(error as Error).message}`, { cause: error });
  }
}

type Resolved = { kind: 'scalar' } | { kind: 'enum'; type: protobuf.Enum } | { kind: 'message'; type: protobuf.Type };

const resolved = new WeakMap<protobuf.Field, Resolved>();

/** What a field's type names, looked up from its message outwards (the parser leaves names unresolved). */
function resolve(owner: protobuf.Type, field: protobuf.Field): Resolved {
  let r = resolved.get(field);
  if (r) return r;
  if (protobuf.types.basic[field.type as keyof typeof protobuf.types.basic] !== undefined) r = { kind: 'scalar' };
  else {
    const found = owner.lookup(field.type, [protobuf.Type, protobuf.Enum]);
    if (found instanceof protobuf.Enum) r = { kind: 'enum', type: found };
    else if (found instanceof protobuf.Type) r = { kind: 'message', type: found };
    else throw new ConnectorError('INVALID_CONFIGURATION', `Expected the type '${field.type}' of ${name(owner)}.${field.name} to be defined, but it is not`);
  }
  resolved.set(field, r);
  return r;
}

function writeMessage(w: protobuf.Writer, type: protobuf.Type, value: JsonValue, at: string, depth: number): void {
  if (depth > MAX_DEPTH) throw invalid(`${at}: Expected at most ${MAX_DEPTH} levels of nesting, but found more`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${at}: Expected a context for ${name(type)}, but found ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!type.fields[key]) throw invalid(`${at}: Expected fields of ${name(type)} (${Object.keys(type.fields).join(', ')}), but found '${key}'`);
  }
  for (const field of type.fieldsArray) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    const path = `${at}.${field.name}`;
    if (field.map) {
      if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`${path}: Expected a context (a map), but found ${describe(v)}`);
      const keyType = keyTypeOf(field);
      for (const [k, item] of Object.entries(v)) {
        w.uint32((field.id << 3) | 2).fork();
        writeScalar(w, 1, keyType, keyType === 'bool' ? k === 'true' : k, `${path}[${k}]`, true);
        writeSingle(w, 2, type, field, item, `${path}[${k}]`, depth);
        w.ldelim();
      }
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw invalid(`${path}: Expected a list, but found ${describe(v)}`);
      const r = resolve(type, field);
      const packable = r.kind === 'enum' || (r.kind === 'scalar' && protobuf.types.packed[field.type as keyof typeof protobuf.types.packed] !== undefined);
      if (packable && v.length > 0) {
        w.uint32((field.id << 3) | 2).fork();
        v.forEach((item, i) => (r.kind === 'enum' ? w.int32(enumNumber(r.type, item, `${path}[${i}]`)) : writeRaw(w, field.type, item, `${path}[${i}]`, false)));
        w.ldelim();
      } else v.forEach((item, i) => writeSingle(w, field.id, type, field, item, `${path}[${i}]`, depth));
    } else writeSingle(w, field.id, type, field, v, path, depth);
  }
}

function writeSingle(w: protobuf.Writer, id: number, owner: protobuf.Type, field: protobuf.Field, v: JsonValue, at: string, depth: number): void {
  const r = resolve(owner, field);
  if (r.kind === 'scalar') writeScalar(w, id, field.type, v, at, false);
  else if (r.kind === 'enum') w.uint32(id << 3).int32(enumNumber(r.type, v, at));
  else {
    w.uint32((id << 3) | 2).fork();
    writeMessage(w, r.type, v, at, depth + 1);
    w.ldelim();
  }
}

function writeScalar(w: protobuf.Writer, id: number, type: string, v: JsonValue, at: string, mapKey: boolean): void {
  w.uint32((id << 3) | protobuf.types.basic[type as keyof typeof protobuf.types.basic]);
  writeRaw(w, type, v, at, mapKey);
}

function writeRaw(w: protobuf.Writer, type: string, v: JsonValue, at: string, mapKey: boolean): void {
  const expected = (what: string) => invalid(`${at}: Expected ${what}, but found ${describe(v)}`);
  if (type === 'string') {
    if (typeof v !== 'string') throw expected('text');
    w.string(v);
  } else if (type === 'bool') {
    if (typeof v !== 'boolean') throw expected('true or false');
    w.bool(v);
  } else if (type === 'bytes') {
    if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) throw expected('base64 text');
    w.bytes(Buffer.from(v, 'base64'));
  } else if (type === 'double' || type === 'float') {
    if (typeof v !== 'number') throw expected('a number');
    if (type === 'double') w.double(v);
    else w.float(v);
  } else if (INTEGER.has(type)) {
    const n = typeof v === 'string' && mapKey ? Number(v) : v;
    const unsigned = type === 'uint32' || type === 'fixed32';
    if (typeof n !== 'number' || !Number.isInteger(n) || (unsigned ? n < 0 || n > 0xffffffff : n < -0x80000000 || n > 0x7fffffff)) throw expected(`a ${type}`);
    (w[type as 'int32'] as (n: number) => protobuf.Writer).call(w, n);
  } else if (SIXTY_FOUR.has(type)) {
    const ok = (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^-?\d{1,20}$/.test(v));
    if (!ok || ((type === 'uint64' || type === 'fixed64') && String(v).startsWith('-'))) throw expected(`a ${type} (a whole number, or decimal text)`);
    (w[type as 'int64'] as (n: number | string) => protobuf.Writer).call(w, v as number | string);
  } else throw invalid(`${at}: Expected a scalar type, but found '${type}'`);
}

function enumNumber(type: protobuf.Enum, v: JsonValue, at: string): number {
  if (typeof v === 'string' && type.values[v] !== undefined) return type.values[v]!;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw invalid(`${at}: Expected one of ${Object.keys(type.values).join(', ')}, but found ${describe(v)}`);
}

function readMessage(r: protobuf.Reader, type: protobuf.Type, end: number, depth: number): Record<string, JsonValue> {
  if (depth > MAX_DEPTH) throw new Error(`nesting deeper than ${MAX_DEPTH} levels`);
  const out: Record<string, JsonValue> = {};
  while (r.pos < end) {
    const tag = r.uint32();
    const field = type.fieldsById[tag >>> 3];
    const wire = tag & 7;
    if (!field) {
      r.skipType(wire);
      continue;
    }
    if (field.map) {
      const stop = r.uint32() + r.pos;
      const keyType = keyTypeOf(field);
      let key: JsonValue = defaultScalar(keyType);
      let value: JsonValue = defaultOf(type, field);
      while (r.pos < stop) {
        const t = r.uint32();
        if (t >>> 3 === 1) key = readScalar(r, keyType);
        else if (t >>> 3 === 2) value = readSingle(r, type, field, depth);
        else r.skipType(t & 7);
      }
      const map = (out[field.name] ??= {}) as Record<string, JsonValue>;
      map[String(key)] = value;
    } else if (field.repeated) {
      const list = (out[field.name] ??= []) as JsonValue[];
      if (wire === 2 && resolve(type, field).kind !== 'message' && field.type !== 'string' && field.type !== 'bytes') {
        const stop = r.uint32() + r.pos;
        while (r.pos < stop) list.push(readSingle(r, type, field, depth));
      } else list.push(readSingle(r, type, field, depth));
    } else out[field.name] = readSingle(r, type, field, depth);
  }
  if (r.pos !== end) throw new Error('a field runs past the end of its message');
  // Absent fields read as their defaults, as generated code would give them; oneof members stay absent.
  const inOneof = new Set(type.oneofsArray.flatMap((o) => o.oneof));
  for (const field of type.fieldsArray) {
    if (out[field.name] === undefined && !inOneof.has(field.name)) out[field.name] = field.map ? {} : field.repeated ? [] : defaultOf(type, field);
  }
  return out;
}

function readSingle(r: protobuf.Reader, owner: protobuf.Type, field: protobuf.Field, depth: number): JsonValue {
  const resolvedType = resolve(owner, field);
  if (resolvedType.kind === 'scalar') return readScalar(r, field.type);
  if (resolvedType.kind === 'enum') {
    const n = r.int32();
    return resolvedType.type.valuesById[n] ?? n;
  }
  const length = r.uint32();
  return readMessage(r, resolvedType.type, r.pos + length, depth + 1);
}

function readScalar(r: protobuf.Reader, type: string): JsonValue {
  switch (type) {
    case 'string':
      return r.string();
    case 'bool':
      return r.bool();
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    case 'double':
    case 'float': {
      const n = type === 'double' ? r.double() : r.float();
      return Number.isFinite(n) ? n : String(n);
    }
    default:
      if (INTEGER.has(type)) return (r[type as 'int32'] as () => number).call(r);
      if (SIXTY_FOUR.has(type)) return String((r[type as 'int64'] as () => unknown).call(r));
      throw new Error(`unknown scalar type '${type}'`);
  }
}

function defaultOf(owner: protobuf.Type, field: protobuf.Field): JsonValue {
  const r = resolve(owner, field);
  if (r.kind === 'message') return null;
  if (r.kind === 'enum') return r.type.valuesById[0] ?? 0;
  return defaultScalar(field.type);
}

function defaultScalar(type: string): JsonValue {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  return SIXTY_FOUR.has(type) ? '0' : 0;
}

/** A map field's key type (protobufjs's parser makes map fields MapField instances). */
function keyTypeOf(field: protobuf.Field): string {
  return (field as unknown as protobuf.MapField).keyType;
}

function name(type: protobuf.ReflectionObject): string {
  return type.fullName.replace(/^\./, '');
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('INVALID_CONFIGURATION', message);
}
