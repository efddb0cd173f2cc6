import { useState } from 'preact/hooks';
import { messageOf } from '../shared/format';
import { Button } from '../shared/ui';

/** How many instances a batch works on at once: enough to be quick, few enough to stay polite. */
const PARALLEL = 4;

/** A batch in progress or done: one operation over many instances. */
export interface Batch {
  label: string;
  total: number;
  done: number;
  failures: { key: string; message: string }[];
  finished: boolean;
}

/**
 * Runs `operation` on every key, {@link PARALLEL} at a time, reporting progress after each; a
 * failure is recorded with the engine's message and the batch goes on.
 */
export async function runBatch(label: string, keys: readonly string[], operation: (key: string) => Promise<void>, onProgress: (b: Batch) => void): Promise<Batch> {
  let batch: Batch = { label, total: keys.length, done: 0, failures: [], finished: false };
  onProgress(batch);
  const queue = [...keys];
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      let failure: { key: string; message: string } | undefined;
      try {
        await operation(key);
      } catch (e) {
        failure = { key, message: messageOf(e) };
      }
      batch = { ...batch, done: batch.done + 1, failures: failure ? [...batch.failures, failure] : batch.failures };
      onProgress(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, keys.length) }, worker));
  batch = { ...batch, finished: true };
  onProgress(batch);
  return batch;
}

/** The progress of a batch: a bar, counts, and what failed. */
export function BatchProgress({ batch, onDismiss }: { batch: Batch; onDismiss: () => void }) {
  const [open, setOpen] = useState(false);
  const ok = batch.done - batch.failures.length;
  return (
    <div class="batch" role="status" data-testid="batch" data-finished={batch.finished ? 'true' : 'false'}>
      <div class="batch-head">
        <strong>{batch.label}</strong>
        <progress max={batch.total} value={batch.done} aria-label={`${batch.label}: ${batch.done} of ${batch.total}`} />
        <span data-testid="batch-count">
          {batch.done} of {batch.total} done{batch.failures.length ? `, ${batch.failures.length} failed` : ''}
          {batch.finished ? ` — ${ok} succeeded` : ''}
        </span>
        {batch.failures.length ? (
          <Button variant="ghost" class="btn-small" onClick={() => setOpen(!open)}>
            {open ? 'Hide failures' : 'Show failures'}
          </Button>
        ) : null}
        {batch.finished ? (
          <Button variant="ghost" class="btn-small" onClick={onDismiss}>
            Dismiss
          </Button>
        ) : null}
      </div>
      {open ? (
        <ul class="batch-failures">
          {batch.failures.map((f) => (
            <li key={f.key}>
              <code>{f.key}</code>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
