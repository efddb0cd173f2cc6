import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a test server received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP server that records what reaches it. */
export interface TestServer {
  port: number;
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** Starts a `node:http` server on 127.0.0.1 (a free port) answering with `handler`. */
export async function startServer(handler: (req: Received, res: ServerResponse) => void = (_req, res) => res.end()): Promise<TestServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * start → service task `call` (job `type`, task headers, input mappings) → `done`; with
 * `catchError`, an error boundary `caught` on the task leads to `failed`.
 */
export function connectorProcess(opts: {
  id: string;
  type: string;
  headers?: Record<string, string>;
  inputs?: Record<string, string>;
  retries?: number;
  catchError?: string;
}): string {
  const headers = Object.entries(opts.headers ?? {})
    .map(([k, v]) => `<zeebe:header key="${escape(k)}" value="${escape(v)}" />`)
    .join('');
  const inputs = Object.entries(opts.inputs ?? {})
    .map(([target, source]) => `<zeebe:input source="${escape(source)}" target="${escape(target)}" />`)
    .join('');
  const boundary = opts.catchError
    ? `<bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
       <bpmn:endEvent id="failed"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
       <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="failed" />`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="defs_${opts.id}" targetNamespace="http://bpmn.io/schema/bpmn">
  ${opts.catchError ? `<bpmn:error id="err" name="Call failed" errorCode="${escape(opts.catchError)}" />` : ''}
  <bpmn:process id="${opts.id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="call" name="Call">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${opts.type}" retries="${opts.retries ?? 3}" />
        ${headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : ''}
        ${inputs ? `<zeebe:ioMapping>${inputs}</zeebe:ioMapping>` : ''}
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    ${boundary}
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>`;
}
