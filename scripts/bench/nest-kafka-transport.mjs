// Compares the cost of consuming one Kafka topic with kafkajs directly (as libs/kafka did before
// ADR 0025), through @nestjs/microservices' stock Kafka transport (ServerKafka + @EventPattern),
// and through the engine's own strategy (KafkaInboundServer: raw bytes, offsets committed by
// hand after each handler), with the same handler. Bounded: N messages, each consumer stops
// when it has seen them all. Measured for ADRs 0012 and 0025. From the repository, after
// `npx tsc -b tsconfig.build.json`: KAFKA_BROKERS=host:port N=20000 node scripts/bench/nest-kafka-transport.mjs
import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Transport } from '@nestjs/microservices';
import { KafkaInboundServer } from '../../apps/engine/dist/src/kafka/kafka-inbound.server.js';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
let runs = 0;
const N = Number(process.env.N ?? 20000);
const topic = `nest-bench-${process.pid}-${Date.now()}`;
const kafka = new Kafka({ clientId: 'nest-bench', brokers, logLevel: logLevel.NOTHING });

async function produce() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < N; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({ key: String(i + j), value: JSON.stringify({ resultId: `r-${i + j}`, jobKey: String(i + j), attempt: 1, kind: 'complete', variables: { ok: true } }) }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
}

/** What every consumer does with a record: parse it and yield once, as an awaited DB call would. */
async function handle(value) {
  JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  await new Promise((r) => setImmediate(r));
}

function measure(label, seen, start) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const timer = setInterval(() => {
      if (seen() < N) return;
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpu = process.cpuUsage(c0);
      resolve({ label, ms: Math.round(ms), perSec: Math.round((N / ms) * 1000), cpuUsPerMsg: +((cpu.user + cpu.system) / N).toFixed(1) });
    }, 5);
    start();
  });
}

async function plain() {
  let seen = 0;
  const consumer = kafka.consumer({ groupId: `${topic}-plain-${++runs}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const r = await measure('kafkajs eachMessage', () => seen, () => void consumer.run({ eachMessage: async ({ message }) => { await handle(message.value); seen += 1; } }));
  await consumer.disconnect();
  return r;
}

async function nest() {
  let seen = 0;
  class Results {
    async onResult(data) { await handle(JSON.stringify(data)); seen += 1; }
  }
  EventPattern(topic)(Results.prototype, 'onResult', Object.getOwnPropertyDescriptor(Results.prototype, 'onResult'));
  Controller()(Results);
  class BenchModule {}
  Module({ controllers: [Results] })(BenchModule);
  const app = await NestFactory.createMicroservice(BenchModule, {
    transport: Transport.KAFKA,
    options: { client: { clientId: 'nest-bench', brokers, logLevel: logLevel.NOTHING }, consumer: { groupId: `${topic}-nest-${++runs}` }, subscribe: { fromBeginning: true }, postfixId: '' },
    logger: false,
  });
  const r = await measure('@nestjs/microservices ServerKafka', () => seen, () => void app.listen());
  await app.close();
  return r;
}

async function engineStrategy() {
  let seen = 0;
  class Results {
    async onResult(data) { await handle(data); seen += 1; }
  }
  EventPattern('bench.results')(Results.prototype, 'onResult', Object.getOwnPropertyDescriptor(Results.prototype, 'onResult'));
  Controller()(Results);
  class BenchModule {}
  Module({ controllers: [Results] })(BenchModule);
  const strategy = new KafkaInboundServer({
    client: { clientId: 'nest-bench', brokers, logLevel: logLevel.NOTHING },
    groupId: `${topic}-engine-${++runs}`,
    patterns: { [topic]: 'bench.results' },
    ready: async () => true,
  });
  const app = await NestFactory.createMicroservice(BenchModule, { strategy, logger: false });
  const r = await measure('KafkaInboundServer (engine)', () => seen, () => void app.listen());
  await app.close();
  return r;
}

await produce();
process.stderr.write('produced\n');
const results = [];
for (const run of [plain, nest, engineStrategy, plain, nest, engineStrategy]) results.push(await run());
console.log(JSON.stringify({ N, brokers, results }, null, 2));
process.exit(0);
