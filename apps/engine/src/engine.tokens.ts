/** Injection tokens of the engine's providers (explicit tokens: no reliance on type metadata). */
export const ENGINE = Symbol('OspreyEngine');
export const CONFIG = Symbol('EngineConfig');
export const LOGGER = Symbol('Logger');
export const KAFKA = Symbol('KafkaConnection');
