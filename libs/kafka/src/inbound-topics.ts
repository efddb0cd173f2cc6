import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { topics } from '@osprey/store';

/** The engine's inbound topics for a topic prefix (`OSPREY_KAFKA_PREFIX`). */
export function inboundTopics(topicPrefix: string): { readonly results: string; readonly messages: string } {
  return { results: topics.results(topicPrefix), messages: topics.messages(topicPrefix) };
}

/** How long a topic just created may take to appear in the metadata of the broker that answers. */
const TOPIC_METADATA_WAIT_MS = 10_000;

/**
 * Creates the inbound topics with the broker's defaults when they are missing. The consumers
 * never create topics by subscribing (a broker's auto-creation would pick its own partition
 * count, or fail later and silently); a topic that can be neither created nor found stops the
 * start with its name.
 * @throws when a topic is missing afterwards (no right to create it, broker refused)
 */
export async function ensureTopics(admin: Admin, names: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics().catch(() => [] as string[]));
  const missing = names.filter((name) => !existing.has(name));
  // Only the missing ones: kafkajs waits for the new topics' leaders only when every topic of the
  // request was created, and answers `false` without waiting when one already existed (a worker
  // often creates the results topic first). Another replica creating them at the same moment is
  // fine, and a refusal shows below as a topic that cannot be found.
  if (missing.length > 0) {
    await admin.createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true }).catch(() => undefined);
  }
  // A topic created a moment ago reaches the metadata of the answering broker a little later.
  const deadline = Date.now() + TOPIC_METADATA_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.fetchTopicMetadata({ topics: [...names] });
      return;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() >= deadline) {
        throw new Error(`Expected the Kafka topics ${names.join(', ')} to exist or be creatable, but: ${(error as Error).message}`, { cause: error });
      }
      await sleep(Math.min(100 * attempt, 1_000));
    }
  }
}
