import type { ComponentProps } from 'preact';
import { lazyPage } from '../app/lazy';
import type { BpmnDiagram as Diagram } from './bpmn-diagram';

export type { DiagramBadge, DiagramHeat } from './bpmn-diagram';

/**
 * The read-only diagram, loaded on first use: bpmn-js is the largest part of the monitor and the
 * inbox, and their lists must be usable before it arrives.
 */
export const BpmnDiagram = lazyPage<ComponentProps<typeof Diagram>>(() => import('./bpmn-diagram').then((m) => ({ default: m.BpmnDiagram })));

/** The task and start form (form-js), loaded on first use for the same reason. */
export const LazyTaskForm = lazyPage<ComponentProps<typeof import('../inbox/task-form').TaskForm>>(() => import('../inbox/task-form').then((m) => ({ default: m.TaskForm })));
