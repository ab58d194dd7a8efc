// Every workflow the worker registers. Only deterministic code may be reachable from here.
export { smokeCheck } from './smoke/smoke-check';
