/**
 * The OpenTelemetry SDK, loaded only when `OSPREY_TRACING=otlp`: spans go to an OTLP/HTTP
 * collector, configured by the standard variables (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_SERVICE_NAME`,
 * `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`/`_ARG`, `OTEL_PROPAGATORS`, `OTEL_BSP_*`).
 * With tracing off none of the SDK modules is even required: the engine's spans go to the
 * no-op `@opentelemetry/api`.
 *
 * @example
 * const tracing = await startOtlpTracing({ serviceName: 'osprey-engine', serviceVersion: '0.1.0' });
 * // ... run ...
 * await tracing.shutdown(); // flushes spans still buffered
 */

/** A started SDK. */
export interface Tracing {
  /** Flushes buffered spans and unregisters the SDK (after the last user in this process). */
  shutdown(): Promise<void>;
}

/** The SDK registered in this process, shared by every engine started in it (tests start several). */
let registered: { users: number; shutdown: () => Promise<void> } | undefined;

/**
 * Registers a tracer provider exporting over OTLP/HTTP (JSON), the W3C trace-context
 * propagator (or `OTEL_PROPAGATORS`) and an AsyncLocalStorage context manager.
 */
export async function startOtlpTracing(service: { serviceName: string; serviceVersion: string }): Promise<Tracing> {
  if (!registered) {
    const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, resources, semconv, api] = await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
      import('@opentelemetry/api'),
    ]);
    // Ours first, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override them.
    const resource = resources
      .defaultResource()
      .merge(resources.resourceFromAttributes({ [semconv.ATTR_SERVICE_NAME]: service.serviceName, [semconv.ATTR_SERVICE_VERSION]: service.serviceVersion }))
      .merge(resources.detectResources({ detectors: [resources.envDetector] }));
    // The sampler comes from OTEL_TRACES_SAMPLER (default: parentbased_always_on).
    const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
    provider.register();
    registered = {
      users: 0,
      shutdown: async () => {
        await provider.shutdown();
        api.trace.disable();
        api.propagation.disable();
        api.context.disable();
      },
    };
  }
  const sdk = registered;
  sdk.users++;
  let stopped = false;
  return {
    async shutdown() {
      if (stopped) return;
      stopped = true;
      if (--sdk.users > 0) return;
      if (registered === sdk) registered = undefined;
      await sdk.shutdown();
    },
  };
}
