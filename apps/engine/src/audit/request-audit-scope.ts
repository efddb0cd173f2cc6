import type { FastifyRequest } from 'fastify';
import type { AuditEntryInput, AuditScope } from '@osprey/store';
import { describeRequest } from './audit-request';

type Description = Omit<AuditEntryInput, 'outcome' | 'status'>;

/**
 * The audit scope of one HTTP request. It describes the request once, when the entry is first
 * written, and lets go of the request when the response has gone out ({@link release}).
 *
 * Why it lets go: Node hands the async context of a request — this scope — to every resource
 * created during it, including ones that outlive it: the connection's keep-alive timer and a
 * pooled database connection's idle timer keep it until they are next re-armed, often hundreds of
 * milliseconds later. A scope that still held the request would keep the whole request (its
 * parser state, headers, body, reply) alive that long: past two scavenges, so into the old
 * generation, whose collections then paused the engine every few seconds under load. After
 * `release` such a timer keeps only this small object and its description.
 */
export class RequestAuditScope implements AuditScope {
  written = false;
  private request: FastifyRequest | undefined;
  private description: Description | undefined;

  constructor(request: FastifyRequest) {
    this.request = request;
  }

  /** The request's description, read when first asked for (the principal is known by then). */
  describe(): Description {
    // `request` is only dropped after `description` was set (release), so one of them is there.
    this.description ??= describeRequest(this.request!);
    return this.description;
  }

  /**
   * Called once the response has been sent. A command still running after it (one whose answer
   * timed out) can still describe the request: the description is kept.
   */
  release(): void {
    this.describe();
    this.request = undefined;
  }
}
