import { useRef, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { ApiError } from '../api/http';
import type { Session } from '../api/session';
import { link, navigate } from '../app/router';
import { BpmnDiagram } from '../shared/lazy-parts';
import { formatDate, fromNow, isOverdue, messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { useData } from '../shared/use-data';
import { Badge, Button, ErrorNote, Tabs } from '../shared/ui';
import { VariablesTable } from '../shared/variables-table';
import type { TaskFormHandle } from './task-form';
import { LazyTaskForm as TaskForm } from '../shared/lazy-parts';

/** How often an open task is re-read (someone else may claim or complete it), in ms. */
const POLL_MS = 5000;

type Tab = 'form' | 'diagram' | 'variables';

/**
 * One task: who holds it, claim / unclaim / delegate, its form (complete with validation), the
 * diagram with the task highlighted, and the instance's variables.
 */
export function TaskDetail({ taskKey, session, onChanged }: { taskKey: string; session: Session; onChanged: () => void }) {
  const task = useData(() => engine.task(taskKey), [taskKey], POLL_MS);
  const t = task.data;
  // Only a task that links a form is asked for it: an expected 404 would be a red error in the
  // browser's console for every task without a form.
  const hasForm = t ? Boolean(t.formKey || t.externalFormReference) : undefined;
  const form = useData(
    () =>
      hasForm === undefined
        ? new Promise<never>(() => undefined)
        : !hasForm
          ? Promise.resolve(null)
          : engine.taskForm(taskKey).catch((e: unknown) => {
              if (e instanceof ApiError && e.status === 404) return null;
              throw e;
            }),
    [taskKey, hasForm],
  );
  const variables = useData(() => (t ? engine.searchVariables({ filter: { processInstanceKey: t.processInstanceKey }, page: { limit: 1000 } }).then((p) => p.items) : Promise.resolve(undefined)), [t?.processInstanceKey]);
  const [tab, setTab] = useState<Tab>('form');
  const [busy, setBusy] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [delegateTo, setDelegateTo] = useState<string | null>(null);
  // Delegate offers the users the engine knows, never a name typed by hand.
  const users = useData(() => (delegateTo === null ? Promise.resolve(undefined) : engine.searchUsers().then((p) => p.items)), [delegateTo === null]);
  const formHandle = useRef<TaskFormHandle>(null);

  async function act(name: string, fn: () => Promise<void>, success: string) {
    setBusy(name);
    setProblem(undefined);
    try {
      await fn();
      toast.success(success);
      task.refresh();
      onChanged();
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  }

  if (task.error && !t) {
    return (
      <div class="task-detail">
        <BackLink />
        <ErrorNote>{task.error}</ErrorNote>
      </div>
    );
  }
  if (!t) return <div class="task-detail hint pad">Loading task…</div>;

  const mine = t.assignee === session.username;
  const open = t.state === 'CREATED';
  const overdue = open && isOverdue(t.dueDate);

  const claim = () => act('claim', () => engine.assignTask(taskKey, session.username, false), 'Task claimed');
  const unclaim = () => act('unclaim', () => engine.unassignTask(taskKey), 'Task returned to the group');
  const delegate = (to: string) => act('delegate', () => engine.assignTask(taskKey, to, true), `Task delegated to ${to}`).then(() => setDelegateTo(null));

  async function complete() {
    let data: Record<string, unknown> = {};
    if (form.data) {
      const entered = formHandle.current?.submit();
      if (!entered) {
        setTab('form');
        setProblem('Some fields need attention: the form shows which.');
        return;
      }
      data = entered;
    }
    setBusy('complete');
    setProblem(undefined);
    try {
      await engine.completeTask(taskKey, data);
      toast.success(`“${t!.name || t!.elementId}” completed`);
      onChanged();
      navigate('/tasks');
    } catch (e) {
      setProblem(messageOf(e));
      task.refresh();
    } finally {
      setBusy(undefined);
    }
  }

  const variableData = Object.fromEntries((variables.data ?? []).map((v) => [v.name, safeParse(v.value)]));

  return (
    <article class="task-detail" data-testid="task-detail" data-task-key={taskKey}>
      <BackLink />
      <header class="task-header">
        <div>
          <h1>{t.name || t.elementId}</h1>
          <p class="task-sub">
            <a {...link(`/monitor/instances/${t.processInstanceKey}`)}>{t.processDefinitionId}</a> · instance {t.processInstanceKey}
          </p>
        </div>
        <div class="task-state">
          {!open ? <Badge tone="success">{t.state.toLowerCase()}</Badge> : null}
          {overdue ? <Badge tone="danger">overdue</Badge> : null}
        </div>
      </header>
      <dl class="task-facts">
        <div>
          <dt>Assignee</dt>
          <dd data-testid="assignee">{t.assignee ? (mine ? `${t.assignee} (you)` : t.assignee) : 'nobody'}</dd>
        </div>
        <div>
          <dt>Candidates</dt>
          <dd>{[...(t.candidateGroups ?? []), ...(t.candidateUsers ?? [])].join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd class={overdue ? 'text-danger' : ''}>{t.dueDate ? `${formatDate(t.dueDate)} (${fromNow(t.dueDate)})` : '—'}</dd>
        </div>
        <div>
          <dt>Follow up</dt>
          <dd>{t.followUpDate ? formatDate(t.followUpDate) : '—'}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{t.priority ?? 50}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDate(t.creationDate)}</dd>
        </div>
      </dl>
      {open ? (
        <div class="task-actions">
          {!mine ? (
            <Button variant="primary" busy={busy === 'claim'} onClick={claim} data-testid="claim">
              Claim
            </Button>
          ) : (
            <Button busy={busy === 'unclaim'} onClick={unclaim} data-testid="unclaim">
              Unclaim
            </Button>
          )}
          {delegateTo === null ? (
            <Button variant="ghost" onClick={() => setDelegateTo('')}>
              Delegate…
            </Button>
          ) : (
            <form
              class="delegate"
              onSubmit={(e) => {
                e.preventDefault();
                if (delegateTo.trim()) void delegate(delegateTo.trim());
              }}
            >
              <select class="input" aria-label="Delegate to user" value={delegateTo} onChange={(e) => setDelegateTo(e.currentTarget.value)} data-testid="delegate-to">
                <option value="">Choose a user…</option>
                {(users.data ?? [])
                  .filter((u) => u.username !== session.username && u.username !== t.assignee)
                  .map((u) => (
                    <option key={u.username} value={u.username}>
                      {u.name}
                      {u.groups.length ? ` (${u.groups.join(', ')})` : ''}
                    </option>
                  ))}
              </select>
              <Button type="submit" busy={busy === 'delegate'} disabled={!delegateTo}>
                Delegate
              </Button>
              <Button variant="ghost" onClick={() => setDelegateTo(null)}>
                Cancel
              </Button>
            </form>
          )}
        </div>
      ) : null}
      {problem ? <ErrorNote>{problem}</ErrorNote> : null}
      <Tabs<Tab>
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'form', label: 'Form' },
          { id: 'diagram', label: 'Process' },
          { id: 'variables', label: 'Variables' },
        ]}
      />
      <div class="tab-panel">
        {tab === 'form' ? (
          <>
            {form.error ? <ErrorNote>{form.error}</ErrorNote> : null}
            {form.data === undefined && !form.error ? <p class="hint">Loading form…</p> : null}
            {form.data === null ? <p class="hint">This task has no form. Complete it to let the process continue.</p> : null}
            {form.data && variables.data ? <TaskForm schema={form.data.schema} data={variableData} readOnly={!mine || !open} handle={formHandle} /> : null}
            {open ? (
              <div class="complete-bar">
                {!mine ? <span class="hint">Claim the task to work on it.</span> : null}
                <Button variant="primary" busy={busy === 'complete'} disabled={!mine} onClick={complete} data-testid="complete">
                  Complete task
                </Button>
              </div>
            ) : null}
          </>
        ) : null}
        {tab === 'diagram' ? <TaskDiagram processDefinitionKey={t.processDefinitionKey} elementId={t.elementId} /> : null}
        {tab === 'variables' ? variables.error ? <ErrorNote>{variables.error}</ErrorNote> : <VariablesTable variables={variables.data ?? []} /> : null}
      </div>
    </article>
  );
}

function TaskDiagram({ processDefinitionKey, elementId }: { processDefinitionKey: string; elementId: string }) {
  const xml = useData(() => engine.definitionXml(processDefinitionKey), [processDefinitionKey]);
  if (xml.error) return <ErrorNote>{xml.error}</ErrorNote>;
  return <BpmnDiagram xml={xml.data} markers={{ [elementId]: ['osprey-highlight'] }} focus={elementId} class="task-diagram" label="The process, with this task highlighted" />;
}

function BackLink() {
  return (
    <a class="back-link" {...link('/tasks')}>
      ← All tasks
    </a>
  );
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
