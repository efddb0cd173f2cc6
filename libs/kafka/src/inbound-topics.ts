import type { Admin } from 'kafkajs';
import { topics } from '@osprey/store';

/** The engine's inbound topics for a topic prefix (`OSPREY_KAFKA_PREFIX`). */
export function inboundTopics(topicPrefix: string): { readonly results: string; readonly messages: string } {
  return { results: topics.results(topicPrefix), messages: topics.messages(topicPrefix) };
}

/**
 * Creates the inbound topics with the broker's defaults when they are missing. The consumers
 * never create topics by subscribing (a broker's auto-creation would pick its own partition
 * count, or fail later and silently); a topic that can be neither created nor found stops the
 * start with its name.
 * @throws when a topic is missing afterwards (no right to create it, broker refused)
 */
export async function ensureTopics(admin: Admin, names: readonly string[]): Promise<void> {
  // Already there is the usual case: createTopics answers false and changes nothing.
  await admin.createTopics({ topics: names.map((topic) => ({ topic })), waitForLeaders: true }).catch(() => undefined);
  try {
    await admin.fetchTopicMetadata({ topics: [...names] });
  } catch (error) {
    throw new Error(`Expected the Kafka topics ${names.join(', ')} to exist or be creatable, but: ${(error as Error).message}`, { cause: error });
  }
}
