/** The version the engine reports (Camunda clients compare it to pick API features). */
export const ENGINE_VERSION = '8.8.0';
/** Osprey's own version. */
export const OSPREY_VERSION = '0.1.0';
