#!/usr/bin/env node
// Writes the Kafka contract of @osprey/contracts as JSON Schema into the Python SDK
// (libs/client-python/src/osprey/kafka-contract.schema.json). Run after changing a Kafka schema
// and building: `npm run build && npm run contracts:python`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kafkaContractJsonSchema } from '@osprey/contracts';

const target = fileURLToPath(new URL('../libs/client-python/src/osprey/kafka-contract.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(kafkaContractJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
